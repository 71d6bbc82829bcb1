import type { CampaignConfig } from '../config/index.js';
import { TranslateError } from '../domain/errors.js';
import type { LanguagePair } from '../domain/types.js';
import { clearEngineProblem, countStoriesAwaiting, listEngineProblems, recordEngineProblem, type Db } from '../storage/index.js';
import { retryPolicy, type PipelineContext } from './context.js';
import { AUTO_SOURCE } from './source-language.js';

// An engine that cannot translate a pair at all (refused key, spent quota, no model, unknown pair)
// is the operator's to fix, not the stories' fault: it is stopped for that pair for the rest of the
// run, its stories wait untouched (no attempt counted, no reason overwritten), and the problem is
// stored for `relais stats` and `relais doctor` until the pair translates a story again.

/** An engine stopped for a language pair: why, and how many stories wait for it. */
export interface EngineStop {
  engine: string;
  from: string;
  to: string;
  /** What happened and what to do, as the engine said it. */
  reason: string;
  /** Stories of the campaigns on this engine and pair that wait to be translated. */
  waiting: number;
}

/** A stop as the runs that met it stored it, with when it was first and last seen. */
export interface EngineProblem extends EngineStop {
  firstSeenAt: string;
  lastSeenAt: string;
}

/** What one run has learnt about an engine and pair: it translates, or it is stopped until the next run. */
type EngineStanding =
  | { kind: 'working' }
  | { kind: 'stopped'; engine: string; pair: LanguagePair; reason: string };

/** The standings of one run, by engine and pair; a new run starts with none and asks every engine again. */
export type EngineStandings = Map<string, EngineStanding>;

/** Whether a failure stops the engine for the pair (rather than failing the story, to be retried). */
export function isEngineStopError(error: unknown): error is TranslateError {
  return error instanceof TranslateError && !error.retryable;
}

/** Whether this run has stopped the engine for the pair. */
export function isEngineStopped(standings: EngineStandings, engine: string, pair: LanguagePair): boolean {
  return standings.get(keyOf(engine, pair))?.kind === 'stopped';
}

/** Whether this run has seen the engine translate the pair. */
export function isEngineWorking(standings: EngineStandings, engine: string, pair: LanguagePair): boolean {
  return standings.get(keyOf(engine, pair))?.kind === 'working';
}

/**
 * Stops the campaign's engine for a story's pair (the campaign's, or under `from: auto` the
 * story's language to `to`) for the rest of the run and stores the problem (once per run).
 */
export async function stopEngine(ctx: PipelineContext, standings: EngineStandings, campaign: CampaignConfig, pair: LanguagePair, error: TranslateError): Promise<void> {
  const key = keyOf(campaign.engine, pair);
  // Stories in flight when the engine stopped add nothing: the first one stored the problem.
  if (standings.get(key)?.kind === 'stopped') return;
  standings.set(key, { kind: 'stopped', engine: campaign.engine, pair, reason: error.detail });
  await recordEngineProblem(ctx.db, { engine: campaign.engine, pair, reason: error.detail }, ctx.now());
  ctx.logger.warn(
    { campaign: campaign.id, engine: campaign.engine, from: pair.from, to: pair.to, reason: error.detail },
    'engine stopped for the rest of the run',
  );
}

/** Notes that the campaign's engine translated a story of the pair; the first time in a run, clears a stored problem. */
export async function noteEngineWorking(ctx: PipelineContext, standings: EngineStandings, campaign: CampaignConfig, pair: LanguagePair): Promise<void> {
  const key = keyOf(campaign.engine, pair);
  // A stop stays for the rest of the run even when a story already in flight got through.
  if (standings.has(key)) return;
  standings.set(key, { kind: 'working' });
  if (await clearEngineProblem(ctx.db, campaign.engine, pair)) {
    ctx.logger.info({ engine: campaign.engine, from: pair.from, to: pair.to }, 'engine translates again');
  }
}

/** The engines this run stopped, with the stories that wait for each. */
export async function listRunStops(ctx: PipelineContext, standings: EngineStandings): Promise<EngineStop[]> {
  const stops: EngineStop[] = [];
  for (const standing of standings.values()) {
    if (standing.kind !== 'stopped') continue;
    const { engine, pair, reason } = standing;
    stops.push({ engine, from: pair.from, to: pair.to, reason, waiting: await countWaiting(ctx.db, ctx.config.campaigns, engine, pair) });
  }
  return stops;
}

/**
 * The stored engine problems of the engines and pairs campaigns use, with the stories that wait
 * for each; a problem of an engine no campaign uses any more concerns nothing and is left out.
 */
export async function readEngineProblems(db: Db, campaigns: readonly CampaignConfig[]): Promise<EngineProblem[]> {
  const problems: EngineProblem[] = [];
  for (const problem of await listEngineProblems(db)) {
    const pair = { from: problem.from, to: problem.to };
    if (!campaigns.some((campaign) => isOnEngine(campaign, problem.engine, pair))) continue;
    problems.push({ ...problem, waiting: await countWaiting(db, campaigns, problem.engine, pair) });
  }
  return problems;
}

/** One line for a person: `engine opus-mt en→fr stopped: <reason>; 12 stories wait`. */
export function describeEngineStop(stop: EngineStop): string {
  const waiting = stop.waiting === 1 ? '1 story waits' : `${stop.waiting} stories wait`;
  return `engine ${stop.engine} ${stop.from}→${stop.to} stopped: ${stop.reason}; ${waiting}`;
}

async function countWaiting(db: Db, campaigns: readonly CampaignConfig[], engine: string, pair: LanguagePair): Promise<number> {
  const ids = campaigns.filter((campaign) => isOnEngine(campaign, engine, pair)).map((campaign) => campaign.id);
  return countStoriesAwaiting(db, ids, 'translate', { maxAttempts: retryPolicy.maxEngineAttempts });
}

// A campaign with `from: auto` may have stories of any source language; all of its waiting
// stories are counted for each of its stopped pairs.
function isOnEngine(campaign: CampaignConfig, engine: string, pair: LanguagePair): boolean {
  return campaign.engine === engine && (campaign.from === pair.from || campaign.from === AUTO_SOURCE) && campaign.to === pair.to;
}

function keyOf(engine: string, pair: LanguagePair): string {
  return `${engine} ${pair.from}→${pair.to}`;
}
