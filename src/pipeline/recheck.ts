import type { CampaignConfig } from '../config/index.js';
import { describeError, FetchError } from '../domain/errors.js';
import {
  isPublished,
  readPageValidators,
  readPublishedAt,
  recordFetched,
  recordRecheckDue,
  unpublishStory,
  type StoryRecord,
} from '../storage/index.js';
import type { PipelineContext, StoryOutcome } from './context.js';
import { nextRecheckAt } from './recheck-schedule.js';
import { robotsCheckFor } from './robots.js';
import { fetchArticlePage, fetchStory, type ArticlePageOutcome } from './stages.js';

// A published story's page is fetched again at its source: on a schedule that thins out after
// publication (campaigns[].recheck_after_hours) and at once when its feed item changes. The fetch
// is conditional (the page's ETag / Last-Modified): a 304 costs no extraction. A page that
// answers changes goes through extraction again; only a changed text is translated again, and
// the translation memory answers its unchanged sentences.

/** The fetch stage: a story's first fetch, or the check of a published story at its source. */
export async function fetchOrRecheckStory(ctx: PipelineContext, campaign: CampaignConfig, story: StoryRecord): Promise<StoryOutcome> {
  return (await isPublished(ctx.db, story.id)) ? recheckStory(ctx, campaign, story) : fetchStory(ctx, campaign, story);
}

/**
 * Fetches a published story's page again with its validators: unchanged (304), the story stays
 * as it is; changed, the page is kept and the story goes back to `fetched` to be extracted again;
 * gone (404, 410), it is unpublished or kept as the campaign's `on_source_removed` says. A check
 * that fails otherwise is not the story's failure: it stays published and is checked at the next step.
 */
export async function recheckStory(ctx: PipelineContext, campaign: CampaignConfig, story: StoryRecord): Promise<StoryOutcome> {
  const now = ctx.now();
  const publishedAt = (await readPublishedAt(ctx.db, story.id, campaign.to)) ?? now.toISOString();
  const next = nextRecheckAt(publishedAt, now, campaign.recheck_after_hours);
  const fields = { campaign: campaign.id, story: story.id, url: story.original_url };
  let outcome: ArticlePageOutcome | { kind: 'not-modified' };
  const validators = await readPageValidators(ctx.db, story.id);
  try {
    outcome = await fetchArticlePage(ctx.fetcher, story.original_url, { validators, ...robotsCheckFor(ctx.robots, campaign) });
  } catch (error) {
    // What is not the source's answer (the database gone, a lease lost) is the flow's to handle.
    if (!(error instanceof FetchError)) throw error;
    if (isRemovedAtSource(error)) return recordRemovedAtSource(ctx, campaign, story, error, next);
    await recordRecheckDue(ctx.db, story.id, next);
    ctx.logger.warn({ ...fields, reason: describeError(error), next }, 'published story could not be checked again; kept as it is');
    return 'done';
  }
  if (outcome.kind !== 'page') {
    await recordRecheckDue(ctx.db, story.id, next);
    ctx.logger.debug({ ...fields, outcome: outcome.kind, next }, 'published story unchanged at its source');
    return 'done';
  }
  await recordRecheckDue(ctx.db, story.id, next);
  await recordFetched(ctx.db, story.id, { finalUrl: outcome.url, contentType: outcome.contentType, body: outcome.body, validators: outcome.validators });
  ctx.logger.debug({ ...fields, next }, 'published story fetched again');
  return 'done';
}

function isRemovedAtSource(error: unknown): error is FetchError {
  return error instanceof FetchError && error.code === 'http-status' && (error.status === 404 || error.status === 410);
}

async function recordRemovedAtSource(
  ctx: PipelineContext,
  campaign: CampaignConfig,
  story: StoryRecord,
  error: FetchError,
  next: string | null,
): Promise<StoryOutcome> {
  const fields = { campaign: campaign.id, story: story.id, url: story.original_url, status: error.status };
  if (campaign.on_source_removed === 'keep') {
    await recordRecheckDue(ctx.db, story.id, next);
    ctx.logger.info(fields, 'published story removed at its source; kept (on_source_removed: keep)');
    return 'done';
  }
  const reason = `removed at the source (HTTP ${error.status} when checked again)`;
  await unpublishStory(ctx.db, story.id, { reason, actor: 'relais' }, ctx.now());
  ctx.site.schedule();
  ctx.logger.info({ ...fields, reason }, 'story unpublished');
  return 'done';
}
