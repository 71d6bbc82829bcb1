import type { CampaignConfig } from '../config/index.js';
import { describeError, ExtractError, FetchError } from '../domain/errors.js';
import type { Stage } from '../domain/types.js';
import { listStoriesForStage, recordFailed, type StoryRecord } from '../storage/index.js';
import { mapWithConcurrency } from '../util/concurrency.js';
import { nextAttemptAt, retryPolicy, type PipelineContext, type StoryOutcome } from './context.js';
import { pollCampaign } from './poll.js';
import { extractStory, fetchStory, publishStory, translateStory } from './stages.js';

type StoryStage = 'fetch' | 'extract' | 'translate' | 'publish';
type StageHandler = (ctx: PipelineContext, campaign: CampaignConfig, story: StoryRecord) => Promise<StoryOutcome>;

// Stages run in this order; each picks up what the one before it left, so a run killed
// anywhere resumes from the database alone.
// An engine that is down or lacks its model is the operator's to fix, not the story's fault:
// translation keeps being retried (with capped backoff) far longer than a dead link is.
const storyStages: ReadonlyArray<{ stage: StoryStage; handler: StageHandler; concurrency: number; maxAttempts: number }> = [
  { stage: 'fetch', handler: fetchStory, concurrency: 4, maxAttempts: retryPolicy.maxAttempts },
  { stage: 'extract', handler: extractStory, concurrency: 1, maxAttempts: retryPolicy.maxAttempts },
  { stage: 'translate', handler: translateStory, concurrency: 2, maxAttempts: retryPolicy.maxEngineAttempts },
  { stage: 'publish', handler: publishStory, concurrency: 1, maxAttempts: retryPolicy.maxAttempts },
];

/** Counts of one run, by what happened. */
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

const doneCounter: Record<StoryStage, keyof RunSummary> = {
  fetch: 'fetched',
  extract: 'extracted',
  translate: 'translated',
  publish: 'published',
};

/** Runs one pass of every campaign: poll, then each story stage in order. */
export async function runCampaigns(ctx: PipelineContext, options: RunOptions = {}): Promise<RunSummary> {
  const summary = emptySummary();
  for (const campaign of selectCampaigns(ctx, options.campaignIds)) {
    const polled = await pollCampaign(ctx, campaign, { respectBackoff: options.respectBackoff ?? false });
    summary.discovered += polled.discovered;
    summary.sourcesFailed += polled.sourcesFailed;
    if (options.until === 'poll') continue;
    for (const step of storyStages) {
      await runStage(ctx, campaign, step, options.batchSize ?? 500, summary);
      if (options.until === step.stage) break;
    }
  }
  return summary;
}

function selectCampaigns(ctx: PipelineContext, ids: readonly string[] | undefined): CampaignConfig[] {
  if (!ids || ids.length === 0) return [...ctx.config.campaigns];
  const unknown = ids.filter((id) => !ctx.config.campaigns.some((campaign) => campaign.id === id));
  if (unknown.length > 0) throw new Error(`unknown campaign ${unknown.join(', ')} (see campaigns in the configuration)`);
  return ctx.config.campaigns.filter((campaign) => ids.includes(campaign.id));
}

async function runStage(
  ctx: PipelineContext,
  campaign: CampaignConfig,
  step: (typeof storyStages)[number],
  batchSize: number,
  summary: RunSummary,
): Promise<void> {
  const { stage, handler, concurrency, maxAttempts } = step;
  const stories = await listStoriesForStage(ctx.db, campaign.id, stage, { limit: batchSize, maxAttempts, now: ctx.now() });
  ctx.progress.stageStarted(campaign.id, stage, stories.length);
  await mapWithConcurrency(stories, concurrency, async (story) => {
    const outcome = await runStoryStage(ctx, campaign, stage, handler, story);
    countOutcome(summary, stage, outcome);
    ctx.progress.storyFinished(campaign.id, stage, outcome);
  });
  ctx.progress.stageFinished(campaign.id, stage);
}

async function runStoryStage(
  ctx: PipelineContext,
  campaign: CampaignConfig,
  stage: StoryStage,
  handler: StageHandler,
  story: StoryRecord,
): Promise<StoryOutcome> {
  try {
    return await handler(ctx, campaign, story);
  } catch (error) {
    const reason = describeError(error);
    const retryAt = isPermanent(error) ? null : nextAttemptAt(ctx.now(), story.attempts, retryAfterOf(error));
    await recordFailed(ctx.db, story.id, stage, reason, retryAt);
    ctx.logger.warn(
      { campaign: campaign.id, story: story.id, url: story.original_url, stage, reason, retryAt },
      'story failed',
    );
    return 'failed';
  }
}

function isPermanent(error: unknown): boolean {
  if (error instanceof FetchError) {
    if (error.code === 'http-status') return error.status === 404 || error.status === 410 || error.status === 451;
    return ['bad-url', 'blocked-address', 'too-large', 'too-many-redirects', 'unsupported-content'].includes(error.code);
  }
  return error instanceof ExtractError;
}

function retryAfterOf(error: unknown): number | undefined {
  return error instanceof FetchError ? error.retryAfterMs : undefined;
}

function countOutcome(summary: RunSummary, stage: StoryStage, outcome: StoryOutcome): void {
  if (outcome === 'done') summary[doneCounter[stage]] += 1;
  else summary[outcome] += 1;
}

function emptySummary(): RunSummary {
  return { discovered: 0, fetched: 0, extracted: 0, translated: 0, published: 0, skipped: 0, failed: 0, held: 0, sourcesFailed: 0 };
}
