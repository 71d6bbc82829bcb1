import { createHash } from 'node:crypto';
import type { CampaignConfig } from '../config/index.js';
import { describeError, FetchError, findDatabaseUnreachable } from '../domain/errors.js';
import { fetchErrorKind, secondsSince } from '../metrics/index.js';
import type { FeedItem, ParsedFeed, Validators } from '../domain/types.js';
import { decodeText, type Fetcher, type FetchUrlOptions } from '../fetcher/index.js';
import { canonicalizeUrl, isLikelyFeed, parseFeed } from '../feeds/index.js';
import {
  ensureSource,
  insertDiscoveredStories,
  markChangedFeedItems,
  recordPollFailure,
  recordPollSuccess,
  type DiscoveredItem,
  type SourceRecord,
} from '../storage/index.js';
import { nextAttemptAt, type PipelineContext } from './context.js';
import { robotsCheckFor } from './robots.js';

const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1';

/** What fetching a feed gave: nothing new since the validators, or the parsed feed at its final URL. */
export type FeedFetchOutcome =
  | { kind: 'not-modified' }
  | { kind: 'feed'; url: string; feed: ParsedFeed; validators: Validators };

/** A response that does not look like a feed, decoded, for a caller that looks for the feeds it links to. */
export interface FeedlessPage {
  kind: 'page';
  /** The final URL after redirects. */
  url: string;
  contentType: string;
  text: string;
}

/** Per-call choices of `fetchFeed`; the Accept header defaults to the feed types. */
export interface FetchFeedOptions extends Pick<FetchUrlOptions, 'validators' | 'accept' | 'checkHop'> {
  /**
   * `fail` (the default): parseFeed decides, and a response that is no feed is a FeedError saying
   * what it is instead. `return`: a response that does not look like a feed comes back as a `page`.
   */
  pages?: 'fail' | 'return';
}

/** Fetches, decodes and parses a feed; a 304 to the validators sent is `not-modified`. */
export function fetchFeed(fetcher: Fetcher, url: string, options: FetchFeedOptions & { pages: 'return' }): Promise<FeedFetchOutcome | FeedlessPage>;
export function fetchFeed(fetcher: Fetcher, url: string, options?: FetchFeedOptions): Promise<FeedFetchOutcome>;
export async function fetchFeed(fetcher: Fetcher, url: string, options: FetchFeedOptions = {}): Promise<FeedFetchOutcome | FeedlessPage> {
  const { pages = 'fail', accept = FEED_ACCEPT, ...fetchOptions } = options;
  const outcome = await fetcher.fetchUrl(url, { ...fetchOptions, accept });
  if (outcome.kind === 'not-modified') return { kind: 'not-modified' };
  const { text } = decodeText(outcome.body, outcome.contentType);
  if (pages === 'return' && !isLikelyFeed(outcome.contentType, text)) {
    return { kind: 'page', url: outcome.url, contentType: outcome.contentType, text };
  }
  return { kind: 'feed', url: outcome.url, feed: parseFeed(text, outcome.url), validators: outcome.validators };
}

/** What polling a campaign's sources gave. */
export interface PollSummary {
  discovered: number;
  sourcesFailed: number;
}

/**
 * Polls every source of a campaign, failing ones too, and records new items as `discovered`
 * stories (`relais run`); `relais start` polls each source when it is due (scheduler.ts).
 */
export async function pollCampaign(ctx: PipelineContext, campaign: CampaignConfig): Promise<PollSummary> {
  const summary: PollSummary = { discovered: 0, sourcesFailed: 0 };
  ctx.progress.stageStarted(campaign.id, 'poll', campaign.sources.length);
  for (const url of campaign.sources) {
    const source = await ensureSource(ctx.db, campaign.id, url);
    const polled = await pollOneSource(ctx, campaign, source);
    if (polled.ok) summary.discovered += polled.discovered;
    else summary.sourcesFailed += 1;
    ctx.progress.storyFinished(campaign.id, 'poll', polled.ok ? 'done' : 'failed');
  }
  ctx.progress.stageFinished(campaign.id, 'poll');
  return summary;
}

/** What polling one source gave, and when it is due again (null: whenever it is asked). */
export type SourcePoll = { ok: true; discovered: number; nextPollAt: string | null } | { ok: false; nextPollAt: string };

/**
 * Polls one source and records the outcome on it. `regularNextPoll` is when the source is due
 * again after a success; after a failure it backs off until the later of that and the retry
 * backoff (nextAttemptAt, or the server's Retry-After).
 */
export async function pollOneSource(ctx: PipelineContext, campaign: CampaignConfig, source: SourceRecord, regularNextPoll?: Date): Promise<SourcePoll> {
  const started = process.hrtime.bigint();
  const nextPollAt = regularNextPoll?.toISOString() ?? null;
  // Paused from the admin area: looked at again when next due, polled once resumed.
  if (source.pausedAt !== null) return { ok: true, discovered: 0, nextPollAt };
  try {
    const discovered = await pollSource(ctx, campaign, source, nextPollAt);
    ctx.metrics.observeStage('poll', 'done', secondsSince(started));
    return { ok: true, discovered, nextPollAt };
  } catch (error) {
    // The database went away, not the source: nothing is recorded against the source.
    if (findDatabaseUnreachable(error)) throw error;
    const backoffUntil = await recordSourceFailure(ctx, campaign, source, error, nextPollAt);
    ctx.metrics.observeStage('poll', 'failed', secondsSince(started));
    return { ok: false, nextPollAt: backoffUntil };
  }
}

async function pollSource(ctx: PipelineContext, campaign: CampaignConfig, source: SourceRecord, nextPollAt: string | null): Promise<number> {
  const outcome = await fetchFeed(ctx.fetcher, source.url, { validators: source.validators, ...robotsCheckFor(ctx.robots, campaign) });
  if (outcome.kind === 'not-modified') {
    await recordPollSuccess(ctx.db, source.id, nextPollAt ? { nextPollAt } : {});
    ctx.logger.debug({ campaign: campaign.id, source: source.url }, 'feed not modified');
    return 0;
  }
  const { feed } = outcome;
  const items = feed.items.slice(0, campaign.max_items_per_poll).map(toDiscoveredItem);
  const inserted = await insertDiscoveredStories(ctx.db, campaign.id, source.id, items);
  // A known item that changed (a correction, a new headline): its published story is checked again now.
  const changed = await markChangedFeedItems(ctx.db, campaign.id, source.id, items, ctx.now());
  await recordPollSuccess(ctx.db, source.id, {
    validators: outcome.validators,
    ...(nextPollAt ? { nextPollAt } : {}),
    ...(feed.title ? { title: feed.title } : {}),
    ...(feed.siteUrl ? { siteUrl: feed.siteUrl } : {}),
  });
  ctx.logger.info({ campaign: campaign.id, source: source.url, items: feed.items.length, discovered: inserted, changed }, 'feed polled');
  return inserted;
}

function toDiscoveredItem(item: FeedItem): DiscoveredItem {
  const discovered: DiscoveredItem = { url: canonicalizeUrl(item.url), originalUrl: item.url };
  if (item.guid) discovered.guid = item.guid;
  if (item.title) discovered.title = item.title;
  if (item.summary) discovered.summary = item.summary;
  if (item.publishedAt) discovered.publishedAt = item.publishedAt;
  if (item.imageUrl) discovered.imageUrl = item.imageUrl;
  discovered.contentHash = hashFeedItem(item);
  return discovered;
}

// What a feed says of a story; its URL and id are its identity, not its content.
function hashFeedItem(item: FeedItem): string {
  const fields = [item.title, item.summary, item.publishedAt, item.imageUrl, item.author, item.categories?.join('\u0000')];
  return createHash('sha256').update(JSON.stringify(fields)).digest('base64url').slice(0, 22);
}

async function recordSourceFailure(
  ctx: PipelineContext,
  campaign: CampaignConfig,
  source: SourceRecord,
  error: unknown,
  regularNextPollAt: string | null,
): Promise<string> {
  const reason = describeError(error);
  const retryAfterMs = error instanceof FetchError ? error.retryAfterMs : undefined;
  ctx.metrics.countFetchError(fetchErrorKind(error));
  const backoff = nextAttemptAt(ctx.now(), source.errorCount, retryAfterMs);
  // ISO instants in UTC compare as strings.
  const until = regularNextPollAt !== null && regularNextPollAt > backoff ? regularNextPollAt : backoff;
  await recordPollFailure(ctx.db, source.id, reason, until);
  ctx.logger.warn({ campaign: campaign.id, source: source.url, stage: 'poll', reason, until }, 'source failed');
  return until;
}
