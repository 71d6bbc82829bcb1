import type { CampaignConfig } from '../config/index.js';
import { ConfigError, describeError, ExtractError, FetchError, TranslateError } from '../domain/errors.js';
import type { LanguagePair, Stage } from '../domain/types.js';
import { fetchErrorKind, secondsSince } from '../metrics/index.js';
import { listStoriesForStage, recordFailed, type StoryRecord } from '../storage/index.js';
import { mapWithConcurrency } from '../util/concurrency.js';
import { nextAttemptAt, retryPolicy, type PipelineContext, type StoryOutcome } from './context.js';
import {
  isEngineStopError,
  isEngineStopped,
  isEngineWorking,
  listRunStops,
  noteEngineWorking,
  stopEngine,
  type EngineStandings,
  type EngineStop,
} from './engine-stops.js';
import { prepareExtractBatch } from './batch-boilerplate.js';
import { pollCampaign } from './poll.js';
import { AUTO_SOURCE } from './source-language.js';
import { extractStory, fetchStory, publishStory, readTranslationPair, translateStory } from './stages.js';

type StoryStage = 'fetch' | 'extract' | 'translate' | 'publish';
type StageHandler = (ctx: PipelineContext, campaign: CampaignConfig, story: StoryRecord) => Promise<StoryOutcome>;
type BatchPreparer = (ctx: PipelineContext, campaign: CampaignConfig, stories: readonly StoryRecord[]) => Promise<void>;
type StageStep = { stage: StoryStage; handler: StageHandler; concurrency: number; maxAttempts: number; prepare?: BatchPreparer };

// Stages run in this order; each picks up what the one before it left, so a run killed
// anywhere resumes from the database alone.
// An engine that is down is the operator's to fix, not the story's fault: translation keeps being
// retried (with capped backoff) far longer than a dead link is. One that cannot translate the pair
// at all (key, quota, model) is stopped for the run instead (engine-stops.ts).
const storyStages: readonly StageStep[] = [
  { stage: 'fetch', handler: fetchStory, concurrency: 4, maxAttempts: retryPolicy.maxAttempts },
  // Extraction compares the stories of a batch with each other first (batch-boilerplate.ts).
  { stage: 'extract', handler: extractStory, concurrency: 1, maxAttempts: retryPolicy.maxAttempts, prepare: prepareExtractBatch },
  { stage: 'translate', handler: translateStory, concurrency: 2, maxAttempts: retryPolicy.maxEngineAttempts },
  { stage: 'publish', handler: publishStory, concurrency: 1, maxAttempts: retryPolicy.maxAttempts },
];

/** Counts of one run, by what happened, and the engines it stopped. */
export interface RunSummary {
  discovered: number;
  fetched: number;
  extracted: number;
  translated: number;
  published: number;
  skipped: number;
  failed: number;
  held: number;
  sourcesFailed: number;
  /** Engines stopped for a language pair in this run; their stories wait, untouched, for the next run. */
  enginesStopped: EngineStop[];
}

/** Options of one pass. */
export interface RunOptions {
  /** Only these campaigns (all when absent). */
  campaignIds?: readonly string[];
  /** Stop after this stage (the rest waits in the database for the next run). */
  until?: Stage;
  /** Most stories per stage per campaign in one pass. */
  batchSize?: number;
  /** Skip sources that failed recently until their next poll time (the scheduler does). */
  respectBackoff?: boolean;
}

/** What one run keeps between its stages and campaigns. */
interface RunState {
  summary: RunSummary;
  engines: EngineStandings;
}

type Counter = Exclude<keyof RunSummary, 'enginesStopped'>;
const doneCounter: Record<StoryStage, Counter> = {
  fetch: 'fetched',
  extract: 'extracted',
  translate: 'translated',
  publish: 'published',
};

/** Runs one pass of every campaign: poll, then each story stage in order. */
export async function runCampaigns(ctx: PipelineContext, options: RunOptions = {}): Promise<RunSummary> {
  const run: RunState = { summary: emptySummary(), engines: new Map() };
  for (const campaign of selectCampaigns(ctx, options.campaignIds)) {
    const polled = await pollCampaign(ctx, campaign, { respectBackoff: options.respectBackoff ?? false });
    run.summary.discovered += polled.discovered;
    run.summary.sourcesFailed += polled.sourcesFailed;
    if (options.until === 'poll') continue;
    for (const step of storyStages) {
      await runStage(ctx, campaign, step, options.batchSize ?? 500, run);
      if (options.until === step.stage) break;
    }
  }
  run.summary.enginesStopped = await listRunStops(ctx, run.engines);
  return run.summary;
}

function selectCampaigns(ctx: PipelineContext, ids: readonly string[] | undefined): CampaignConfig[] {
  if (!ids || ids.length === 0) return [...ctx.config.campaigns];
  const unknown = ids.filter((id) => !ctx.config.campaigns.some((campaign) => campaign.id === id));
  if (unknown.length > 0) {
    const known = ctx.config.campaigns.map((campaign) => campaign.id).join(', ') || 'none';
    throw new ConfigError(`no campaign ${unknown.join(', ')} (campaigns: ${known}; see campaigns[].id in the configuration)`);
  }
  return ctx.config.campaigns.filter((campaign) => ids.includes(campaign.id));
}

async function runStage(ctx: PipelineContext, campaign: CampaignConfig, step: StageStep, batchSize: number, run: RunState): Promise<void> {
  const { stage, concurrency, maxAttempts } = step;
  // A stopped engine is not asked again in this run: its stories wait, untouched, for the next.
  const campaignPair = campaign.from === AUTO_SOURCE ? undefined : { from: campaign.from, to: campaign.to };
  if (stage === 'translate' && campaignPair && isEngineStopped(run.engines, campaign.engine, campaignPair)) return;
  const list = () => listStoriesForStage(ctx.db, campaign.id, stage, { limit: batchSize, maxAttempts, now: ctx.now() });
  let stories = await list();
  if (step.prepare && stories.length > 0) {
    await step.prepare(ctx, campaign, stories);
    // Preparing may have sent stories back to this stage.
    stories = await list();
  }
  ctx.progress.stageStarted(campaign.id, stage, stories.length);
  const runOne = async (story: StoryRecord): Promise<void> => {
    const outcome = await runStoryStage(ctx, campaign, step, story, run.engines);
    countOutcome(run.summary, stage, outcome);
    ctx.progress.storyFinished(campaign.id, stage, outcome);
  };
  // An engine not yet seen translating in this run gets one story alone first: one that cannot
  // translate the pair is then asked once, not once per story in flight. Under `from: auto` each
  // story brings its own pair: the first goes alone, and a pair that fails stops the stories in flight with it.
  const probe = stage === 'translate' && !(campaignPair && isEngineWorking(run.engines, campaign.engine, campaignPair)) ? 1 : 0;
  await mapWithConcurrency(stories.slice(0, probe), 1, runOne);
  await mapWithConcurrency(stories.slice(probe), concurrency, runOne);
  ctx.progress.stageFinished(campaign.id, stage);
}

async function runStoryStage(
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

function countOutcome(summary: RunSummary, stage: StoryStage, outcome: StoryOutcome): void {
  // Waiting stories are counted per stopped engine at the end of the run (enginesStopped).
  if (outcome === 'waiting') return;
  if (outcome === 'done') summary[doneCounter[stage]] += 1;
  else summary[outcome] += 1;
}

function emptySummary(): RunSummary {
  return {
    discovered: 0,
    fetched: 0,
    extracted: 0,
    translated: 0,
    published: 0,
    skipped: 0,
    failed: 0,
    held: 0,
    sourcesFailed: 0,
    enginesStopped: [],
  };
}
