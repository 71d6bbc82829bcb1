import type { CampaignConfig } from '../config/index.js';
import { describeError, ExtractError, FetchError, findDatabaseUnreachable, LeaseLostError, TranslateError } from '../domain/errors.js';
import type { LanguagePair } from '../domain/types.js';
import { fetchErrorKind, secondsSince } from '../metrics/index.js';
import { recordFailed, type StoryRecord } from '../storage/index.js';
import { nextAttemptAt, retryPolicy, type PipelineContext, type StoryOutcome } from './context.js';
import { isEngineStopError, isEngineStopped, noteEngineWorking, stopEngine, type EngineStandings } from './engine-stops.js';
import { prepareExtractBatch } from './batch-boilerplate.js';
import { fetchOrRecheckStory } from './recheck.js';
import { extractStory, publishStory, readTranslationPair, translateStory } from './stages.js';

/** The stages a story goes through after it is discovered, in order. */
export type StoryStage = 'fetch' | 'extract' | 'translate' | 'publish';
type StageHandler = (ctx: PipelineContext, campaign: CampaignConfig, story: StoryRecord) => Promise<StoryOutcome>;
type GroupPreparer = (ctx: PipelineContext, campaign: CampaignConfig, stories: readonly StoryRecord[]) => Promise<void>;

/** One story stage: what does it, how often a failed story is retried, and what runs first on a group of its stories. */
export interface StageStep {
  stage: StoryStage;
  handler: StageHandler;
  maxAttempts: number;
  prepare?: GroupPreparer;
}

// Each stage picks up what the one before it left, so a process killed anywhere resumes from the
// database alone. An engine that is down is the operator's to fix, not the story's fault:
// translation keeps being retried (with capped backoff) far longer than a dead link is. One that
// cannot translate the pair at all (key, quota, model) is stopped instead (engine-stops.ts).
export const storyStages: readonly StageStep[] = [
  // A published story due to be checked again at its source is fetched again too (recheck.ts).
  { stage: 'fetch', handler: fetchOrRecheckStory, maxAttempts: retryPolicy.maxAttempts },
  // Extraction compares the stories of a source fetched together with each other first (batch-boilerplate.ts).
  { stage: 'extract', handler: extractStory, maxAttempts: retryPolicy.maxAttempts, prepare: prepareExtractBatch },
  { stage: 'translate', handler: translateStory, maxAttempts: retryPolicy.maxEngineAttempts },
  { stage: 'publish', handler: publishStory, maxAttempts: retryPolicy.maxAttempts },
];

/** Runs one stage on one story, records what happened on it and observes its duration. */
export async function runStoryStage(
  ctx: PipelineContext,
  campaign: CampaignConfig,
  step: StageStep,
  story: StoryRecord,
  engines: EngineStandings,
): Promise<StoryOutcome> {
  // The pair the story would be translated in; none when its language decides it is not translated.
  const pair = step.stage === 'translate' ? await readTranslationPair(ctx, campaign, story) : undefined;
  if (pair && isEngineStopped(engines, campaign.engine, pair)) return 'waiting';
  const started = process.hrtime.bigint();
  const outcome = await handleStoryStage(ctx, campaign, step, story, engines, pair);
  ctx.metrics.observeStage(step.stage, outcome, secondsSince(started));
  return outcome;
}

async function handleStoryStage(
  ctx: PipelineContext,
  campaign: CampaignConfig,
  step: StageStep,
  story: StoryRecord,
  engines: EngineStandings,
  pair: LanguagePair | undefined,
): Promise<StoryOutcome> {
  let outcome: StoryOutcome;
  try {
    outcome = await step.handler(ctx, campaign, story);
  } catch (error) {
    if (!pair || !isEngineStopError(error)) return recordStoryFailure(ctx, campaign, step.stage, story, error);
    // Not the story's fault: it stays as it was, with no attempt counted.
    await stopEngine(ctx, engines, campaign, pair, error);
    return 'waiting';
  }
  if (pair && (outcome === 'done' || outcome === 'held')) await noteEngineWorking(ctx, engines, campaign, pair);
  return outcome;
}

async function recordStoryFailure(
  ctx: PipelineContext,
  campaign: CampaignConfig,
  stage: StoryStage,
  story: StoryRecord,
  error: unknown,
): Promise<StoryOutcome> {
  // Another worker holds the story now, or the database went away: nothing of this attempt is
  // recorded, and the story is taken again as it was (flow.ts).
  if (error instanceof LeaseLostError || findDatabaseUnreachable(error)) throw error;
  const reason = describeError(error);
  if (stage === 'fetch') ctx.metrics.countFetchError(fetchErrorKind(error));
  const retryAt = isPermanent(error) ? null : nextAttemptAt(ctx.now(), story.attempts, retryAfterOf(error));
  await recordFailed(ctx.db, story.id, stage, reason, retryAt);
  ctx.logger.warn({ campaign: campaign.id, story: story.id, url: story.original_url, stage, reason, retryAt }, 'story failed');
  return 'failed';
}

function isPermanent(error: unknown): boolean {
  if (error instanceof FetchError) {
    if (error.code === 'http-status') return error.status === 404 || error.status === 410 || error.status === 451;
    return ['bad-url', 'blocked-address', 'too-large', 'too-many-redirects', 'unsupported-content', 'robots-disallowed'].includes(error.code);
  }
  return error instanceof ExtractError;
}

function retryAfterOf(error: unknown): number | undefined {
  if (error instanceof FetchError || error instanceof TranslateError) return error.retryAfterMs;
  return undefined;
}
