import type { Article, Validators } from '../domain/types.js';
import { nowIso, type Db } from './db.js';
import { currentLeaseOwner } from './leases.js';
import type { DiscoveredItem } from './stories.js';
import { checkFence } from './transitions.js';

// A published story is fetched again at its source (stories.recheck_at); each version of its
// source text is a revision. A revision is a version of the source page: extracting the same
// page again (after boilerplate was learned) corrects the revision it came from, it adds none.

/** One version of a story's source text. */
export interface StoryRevision {
  n: number;
  title: string;
  html: string;
  text: string;
  /** When the page it was extracted from was fetched. */
  fetchedAt: string;
  extractedAt: string;
}

/** Every revision of a story, oldest (1) first; none when it was never extracted. */
export async function listRevisions(db: Db, storyId: number): Promise<StoryRevision[]> {
  const rows = await db.selectFrom('story_revisions').selectAll().where('story_id', '=', storyId).orderBy('n').execute();
  return rows.map((row) => ({ n: row.n, title: row.title, html: row.html, text: row.text, fetchedAt: row.fetched_at, extractedAt: row.extracted_at }));
}

/** A story's latest revision. */
export async function readLatestRevision(db: Db, storyId: number): Promise<StoryRevision | undefined> {
  const rows = await listRevisions(db, storyId);
  return rows.at(-1);
}

/**
 * Keeps the extracted article as the story's latest revision (inside recordExtracted's
 * transaction): a new one when its page was fetched after the latest revision's and the text
 * differs, the latest corrected when the same page was extracted again.
 */
export async function recordRevision(trx: Db, storyId: number, article: Article, now: string): Promise<void> {
  const latest = await trx
    .selectFrom('story_revisions')
    .select(['n', 'title', 'text', 'fetched_at'])
    .where('story_id', '=', storyId)
    .orderBy('n', 'desc')
    .limit(1)
    .executeTakeFirst();
  const page = await trx.selectFrom('pages').select('fetched_at').where('story_id', '=', storyId).executeTakeFirst();
  const fetchedAt = page?.fetched_at ?? now;
  const text = { title: article.title, html: article.html, text: article.text, extracted_at: now };
  if (isSameText(latest, article)) return;
  if (!latest || fetchedAt > latest.fetched_at) {
    await trx.insertInto('story_revisions').values({ story_id: storyId, n: (latest?.n ?? 0) + 1, fetched_at: fetchedAt, ...text }).execute();
    return;
  }
  // A better extraction of the same version: when that version was first seen stays as it was.
  await trx
    .updateTable('story_revisions')
    .set({ title: article.title, html: article.html, text: article.text })
    .where('story_id', '=', storyId)
    .where('n', '=', latest.n)
    .execute();
}

/** Whether an article says what the story's latest revision says (same title and text). */
export function isSameText(revision: Pick<StoryRevision, 'title' | 'text'> | undefined, article: Pick<Article, 'title' | 'text'>): boolean {
  return revision !== undefined && revision.title === article.title && revision.text === article.text;
}

/** When a story was first published in a language, if it is. */
export async function readPublishedAt(db: Db, storyId: number, language: string): Promise<string | undefined> {
  const row = await db.selectFrom('publications').select('published_at').where('story_id', '=', storyId).where('language', '=', language).executeTakeFirst();
  return row?.published_at;
}

/** The validators of a story's stored page, for a conditional fetch of it. */
export async function readPageValidators(db: Db, storyId: number): Promise<Validators> {
  const row = await db.selectFrom('pages').select(['etag', 'last_modified']).where('story_id', '=', storyId).executeTakeFirst();
  const validators: Validators = {};
  if (row?.etag) validators.etag = row.etag;
  if (row?.last_modified) validators.lastModified = row.last_modified;
  return validators;
}

/**
 * Leaves a published story published (clearing a failure of an earlier check), due to be checked
 * again at its source at `recheckAt` (null: not any more); fenced by the lease held.
 */
export async function recordRecheckDue(db: Db, storyId: number, recheckAt: string | null): Promise<void> {
  const owner = currentLeaseOwner();
  const result = await db
    .updateTable('stories')
    .set({ state: 'published', failed_stage: null, reason: null, attempts: 0, next_attempt_at: null, recheck_at: recheckAt })
    .where('id', '=', storyId)
    .$if(owner !== undefined, (query) => query.where('lease_owner', '=', owner ?? null))
    .executeTakeFirst();
  checkFence(owner, storyId, result.numUpdatedRows);
}

/**
 * Notes the items of a poll whose fields changed since the last poll (their content hash): a
 * published story among them is due to be checked again at once. Answers how many were. Only the
 * feed a story was found in speaks for it: a story listed by two feeds of a campaign (RSS and
 * Atom, a section and the front page) is described differently by each, which is no change.
 */
export async function markChangedFeedItems(db: Db, campaignId: string, sourceId: number, items: readonly DiscoveredItem[], now: Date = new Date()): Promise<number> {
  let due = 0;
  for (const item of items) {
    if (!item.contentHash) continue;
    const hash = item.contentHash;
    const known = (query: ReturnType<typeof updateStories>) =>
      query
        .where('campaign_id', '=', campaignId)
        .where('source_id', '=', sourceId)
        .where('url', '=', item.url)
        .where((eb) => eb.or([eb('feed_hash', 'is', null), eb('feed_hash', '!=', hash)]));
    // A story polled before hashes were kept only gets its hash: nothing says its item changed.
    const rechecked = await known(updateStories(db))
      .set({ feed_hash: hash, recheck_at: nowIso(now) })
      .where('state', '=', 'published')
      .where('feed_hash', 'is not', null)
      .executeTakeFirst();
    due += Number(rechecked.numUpdatedRows);
    await known(updateStories(db)).set({ feed_hash: hash }).execute();
  }
  return due;
}

function updateStories(db: Db) {
  return db.updateTable('stories');
}
