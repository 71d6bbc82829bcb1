import { promisify } from 'node:util';
import { gunzip as gunzipCallback, gzip as gzipCallback } from 'node:zlib';
import type { Article, SegmentationSettings, Stage, StoryState, TranslatedSegment, Validators } from '../domain/types.js';
import { nowIso, type Db } from './db.js';
import { moveTo, setOutcome } from './transitions.js';
import type { DatabaseSchema, StoriesTable } from './schema.js';
import type { Expression, ExpressionBuilder, Selectable, SqlBool } from 'kysely';
import { replaceBlockFingerprints, type StoryBlocks } from './boilerplate.js';
import { replaceSegments } from './segments.js';

// Pages are (de)compressed on libuv's thread pool, not on the thread that runs the pipeline.
const gzip = promisify(gzipCallback);
const gunzip = promisify(gunzipCallback);
import { recordRevision } from './revisions.js';

/** A story row as the pipeline and the CLI see it. */
export type StoryRecord = Selectable<StoriesTable>;

/** A feed item ready to become a story. */
export interface DiscoveredItem {
  /** Canonical URL (tracking parameters stripped): the story's identity in its campaign. */
  url: string;
  originalUrl: string;
  guid?: string;
  title?: string;
  summary?: string;
  publishedAt?: string;
  imageUrl?: string;
  /** A hash of the item's fields: when it changes, a published story is checked again at its source. */
  contentHash?: string;
}

// Which state a story was in before each stage ran: a failed stage resumes from there.
export const inputStateOf: Partial<Record<Stage, StoryState>> = {
  fetch: 'discovered',
  extract: 'fetched',
  translate: 'extracted',
  publish: 'translated',
};

/** Inserts new stories; an item already known to the campaign (same URL or GUID) is ignored. */
export async function insertDiscoveredStories(
  db: Db,
  campaignId: string,
  sourceId: number,
  items: readonly DiscoveredItem[],
): Promise<number> {
  if (items.length === 0) return 0;
  const now = nowIso();
  return db.transaction().execute(async (trx) => {
    let inserted = 0;
    for (const item of items) {
      const result = await trx
        .insertInto('stories')
        .values({
          campaign_id: campaignId,
          source_id: sourceId,
          url: item.url,
          guid: item.guid ?? null,
          original_url: item.originalUrl,
          feed_title: item.title ?? null,
          feed_summary: item.summary ?? null,
          feed_published_at: item.publishedAt ?? null,
          feed_image_url: item.imageUrl ?? null,
          feed_hash: item.contentHash ?? null,
          state: 'discovered',
          discovered_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
    }
    return inserted;
  });
}

/** Stories waiting for a stage: in its input state, or failed at it and due for another attempt. */
export async function listStoriesForStage(
  db: Db,
  campaignId: string,
  stage: Stage,
  options: { limit: number; maxAttempts: number; now?: Date },
): Promise<StoryRecord[]> {
  const inputState = inputStateOf[stage];
  if (!inputState) return [];
  const now = nowIso(options.now);
  return db
    .selectFrom('stories')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .where((eb) => isReadyForStage(eb, inputState, stage, options.maxAttempts, now))
    .orderBy('id')
    .limit(options.limit)
    .execute();
}

/**
 * Counts the stories of some campaigns that wait for a stage: in its input state, or failed at it
 * and not yet out of attempts (due now or later).
 */
export async function countStoriesAwaiting(
  db: Db,
  campaignIds: readonly string[],
  stage: Stage,
  options: { maxAttempts: number },
): Promise<number> {
  const inputState = inputStateOf[stage];
  if (!inputState || campaignIds.length === 0) return 0;
  const row = await db
    .selectFrom('stories')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('campaign_id', 'in', [...campaignIds])
    .where((eb) =>
      eb.or([
        eb('state', '=', inputState),
        eb.and([eb('state', '=', 'failed'), eb('failed_stage', '=', stage), eb('attempts', '<', options.maxAttempts)]),
      ]),
    )
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * The condition a story ready for a stage meets: in its input state, or failed at it and due for
 * another attempt; for the fetch stage also a published story due to be checked again at its source.
 */
export function isReadyForStage(
  eb: ExpressionBuilder<DatabaseSchema, 'stories'>,
  inputState: StoryState,
  stage: Stage,
  maxAttempts: number,
  now: string,
): Expression<SqlBool> {
  const recheck = stage === 'fetch' ? [eb.and([eb('stories.state', '=', 'published'), eb('stories.recheck_at', '<=', now)])] : [];
  return eb.or([
    eb('stories.state', '=', inputState),
    ...recheck,
    eb.and([
      eb('stories.state', '=', 'failed'),
      eb('stories.failed_stage', '=', stage),
      eb('stories.attempts', '<', maxAttempts),
      eb('stories.next_attempt_at', '<=', now),
    ]),
  ]);
}

/** Counts the stories ready for a stage now, in every campaign: its queue depth. */
export async function countStoriesReady(db: Db, stage: Stage, options: { maxAttempts: number; now?: Date }): Promise<number> {
  const inputState = inputStateOf[stage];
  if (!inputState) return 0;
  const now = nowIso(options.now);
  const row = await db
    .selectFrom('stories')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => isReadyForStage(eb, inputState, stage, options.maxAttempts, now))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Stores the fetched page (compressed) with its validators and moves the story to `fetched`, in one transaction. */
export async function recordFetched(
  db: Db,
  storyId: number,
  page: { finalUrl: string; contentType: string; body: Uint8Array; validators?: Validators },
): Promise<void> {
  const now = nowIso();
  // Compressed before the transaction takes the write lock.
  const bodyGzip = await gzip(page.body);
  await db.transaction().execute(async (trx) => {
    const row = {
      story_id: storyId,
      final_url: page.finalUrl,
      content_type: page.contentType,
      body_gzip: bodyGzip,
      fetched_at: now,
      etag: page.validators?.etag ?? null,
      last_modified: page.validators?.lastModified ?? null,
    };
    await trx
      .insertInto('pages')
      .values(row)
      .onConflict((oc) => oc.column('story_id').doUpdateSet(row))
      .execute();
    await moveTo(trx, storyId, 'fetched', now);
  });
}

/** Reads a story's stored page, decompressed. */
export async function readPage(
  db: Db,
  storyId: number,
): Promise<{ finalUrl: string; contentType: string; body: Uint8Array } | undefined> {
  const row = await db.selectFrom('pages').selectAll().where('story_id', '=', storyId).executeTakeFirst();
  if (!row) return undefined;
  return { finalUrl: row.final_url, contentType: row.content_type, body: await gunzip(row.body_gzip) };
}

/**
 * Stores the extracted article (and, when given, the story's body-block fingerprints) and moves
 * the story to `extracted`, in one transaction.
 */
export async function recordExtracted(db: Db, storyId: number, article: Article, blocks?: StoryBlocks, at: Date = new Date()): Promise<void> {
  const now = nowIso(at);
  await db.transaction().execute(async (trx) => {
    await writeArticle(trx, storyId, article, blocks, now);
    await moveTo(trx, storyId, 'extracted', now);
  });
}

/**
 * Stores (or replaces) a story's extracted article, its body-block fingerprints and its revision;
 * the caller moves the story on in the same transaction.
 */
export async function writeArticle(trx: Db, storyId: number, article: Article, blocks: StoryBlocks | undefined, now: string): Promise<void> {
  const row = {
    story_id: storyId,
    title: article.title,
    byline: article.byline ?? null,
    published_at: article.publishedAt ?? null,
    modified_at: article.modifiedAt ?? null,
    lead_image_url: article.leadImage?.url ?? null,
    lead_image_alt: article.leadImage?.alt ?? null,
    language: article.language ?? null,
    site_name: article.siteName ?? null,
    excerpt: article.excerpt ?? null,
    html: article.html,
    text: article.text,
    word_count: article.wordCount,
  };
  await trx
    .insertInto('articles')
    .values(row)
    .onConflict((oc) => oc.column('story_id').doUpdateSet(row))
    .execute();
  if (blocks) await replaceBlockFingerprints(trx, storyId, blocks);
  await recordRevision(trx, storyId, article, now);
}

/** Reads a story's extracted article. */
export async function readArticle(db: Db, storyId: number): Promise<Article | undefined> {
  const row = await db.selectFrom('articles').selectAll().where('story_id', '=', storyId).executeTakeFirst();
  if (!row) return undefined;
  const article: Article = { title: row.title, html: row.html, text: row.text, wordCount: row.word_count };
  if (row.byline) article.byline = row.byline;
  if (row.published_at) article.publishedAt = row.published_at;
  if (row.modified_at) article.modifiedAt = row.modified_at;
  if (row.lead_image_url) {
    article.leadImage = row.lead_image_alt
      ? { url: row.lead_image_url, alt: row.lead_image_alt }
      : { url: row.lead_image_url };
  }
  if (row.language) article.language = row.language;
  if (row.site_name) article.siteName = row.site_name;
  if (row.excerpt) article.excerpt = row.excerpt;
  return article;
}

/** A story's text in one target language. */
export interface StoredTranslation {
  language: string;
  engine: string;
  title: string;
  summary: string;
  html: string;
}

/** A translation as the translate stage stores it: with its segments, for review and post-editing. */
export interface SegmentedTranslation extends StoredTranslation {
  segments?: readonly TranslatedSegment[];
  /** What the text was segmented with; required for the segments to be stored. */
  segmentedWith?: SegmentationSettings;
}

/** Stores a translation and moves the story to `translated`, in one transaction. */
export async function recordTranslated(db: Db, storyId: number, translation: SegmentedTranslation): Promise<void> {
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await upsertTranslation(trx, storyId, translation, now);
    await moveTo(trx, storyId, 'translated', now);
  });
}

/**
 * Stores a translation that failed a quality gate and holds the story for review, in one
 * transaction: a reviewer sees exactly what would have been published.
 */
export async function recordTranslationHeld(db: Db, storyId: number, translation: SegmentedTranslation, reason: string): Promise<void> {
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await upsertTranslation(trx, storyId, translation, now);
    await setOutcome(trx, storyId, { state: 'held', stage: 'translate', reason, nextAttemptAt: null });
  });
}

async function upsertTranslation(trx: Db, storyId: number, translation: SegmentedTranslation, now: string): Promise<void> {
  const { segments, segmentedWith, ...text } = translation;
  const row = { story_id: storyId, ...text, created_at: now };
  await trx
    .insertInto('translations')
    .values(row)
    .onConflict((oc) => oc.columns(['story_id', 'language']).doUpdateSet(row))
    .execute();
  await replaceSegments(trx, storyId, text.language, segments && segmentedWith ? { segments, settings: segmentedWith } : undefined);
}

/** Reads a story's translation into one language. */
export async function readTranslation(
  db: Db,
  storyId: number,
  language: string,
): Promise<StoredTranslation | undefined> {
  return db
    .selectFrom('translations')
    .select(['language', 'engine', 'title', 'summary', 'html'])
    .where('story_id', '=', storyId)
    .where('language', '=', language)
    .executeTakeFirst();
}
