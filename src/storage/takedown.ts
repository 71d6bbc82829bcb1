import { recordAudit } from './audit.js';
import { nowIso, type Db } from './db.js';
import { deleteStoryDuplicates } from './duplicates.js';
import { recordSiteChange } from './site-pages.js';

/** What unpublishing did. */
export type UnpublishOutcome = 'unpublished' | 'not-published' | 'unknown';

/**
 * Takes a published story down: its publications stay (so no other story gets its slug) marked
 * unpublished, which the site answers with 410 Gone and leaves out of every list and feed; the
 * story moves to `unpublished`, which no stage takes up again. In one transaction with its audit
 * entry and the site change that renders its pages again.
 */
export async function unpublishStory(db: Db, storyId: number, options: { reason: string; actor: string }, now = new Date()): Promise<UnpublishOutcome> {
  return db.transaction().execute(async (trx) => {
    const story = await trx.selectFrom('stories').select('state').where('id', '=', storyId).executeTakeFirst();
    if (!story) return 'unknown';
    const publications = await trx
      .selectFrom('publications')
      .select(['language', 'slug', 'category_slug', 'published_at'])
      .where('story_id', '=', storyId)
      .where('unpublished_at', 'is', null)
      .execute();
    if (publications.length === 0) return 'not-published';
    await takeDown(trx, storyId, options.reason, now);
    for (const publication of publications) {
      await recordSiteChange(trx, { language: publication.language, slug: publication.slug, categorySlug: publication.category_slug, publishedAt: publication.published_at });
    }
    await recordAudit(trx, { actor: options.actor, action: 'unpublish', storyId, detail: options.reason }, now);
    return 'unpublished';
  });
}

/**
 * Deletes what relais holds of a story: the fetched page, the extracted article, its translations
 * and the text of its publications; a published story is taken down first (its page answers 410).
 * The story row stays, with its URL, so that polling never takes the story in again, and so does
 * the publication's slug. Its sentences leave the translation memory (machine and human entries)
 * unless another story's segments hold them too; stories translated before segments were kept
 * (migration 013) are not known to hold any. False when there is no such story.
 */
export async function deleteStory(db: Db, storyId: number, options: { actor: string; reason?: string }, now = new Date()): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const story = await trx.selectFrom('stories').select('state').where('id', '=', storyId).executeTakeFirst();
    if (!story) return false;
    const live = await trx
      .selectFrom('publications')
      .select(['language', 'slug', 'category_slug', 'published_at'])
      .where('story_id', '=', storyId)
      .where('unpublished_at', 'is', null)
      .execute();
    const reason = options.reason ?? 'deleted';
    await takeDown(trx, storyId, reason, now);
    for (const publication of live) {
      await recordSiteChange(trx, { language: publication.language, slug: publication.slug, categorySlug: publication.category_slug, publishedAt: publication.published_at });
    }
    await trx.updateTable('publications').set({ title: '', summary: '', html: '' }).where('story_id', '=', storyId).execute();
    await forgetSentencesOnlyItUsed(trx, storyId);
    await trx.deleteFrom('translation_segments').where('story_id', '=', storyId).execute();
    await trx.deleteFrom('translations').where('story_id', '=', storyId).execute();
    await trx.deleteFrom('boilerplate_blocks').where('story_id', '=', storyId).execute();
    // Its near-duplicate fingerprint goes with its text, and with it every "also reported by" both ways.
    await deleteStoryDuplicates(trx, storyId);
    await trx.deleteFrom('articles').where('story_id', '=', storyId).execute();
    await trx.deleteFrom('story_revisions').where('story_id', '=', storyId).execute();
    await trx.deleteFrom('pages').where('story_id', '=', storyId).execute();
    await trx
      .updateTable('stories')
      .set({ feed_title: null, feed_summary: null, feed_image_url: null })
      .where('id', '=', storyId)
      .execute();
    await recordAudit(trx, { actor: options.actor, action: 'delete', storyId, detail: reason }, now);
    return true;
  });
}

// The memory is keyed by engine, pair and source sentence, not by story: a story's own sentences
// are those of its segments, and one another story's segments also hold stays.
async function forgetSentencesOnlyItUsed(trx: Db, storyId: number): Promise<void> {
  const own = await trx.selectFrom('translation_segments').select(['language', 'source']).where('story_id', '=', storyId).execute();
  const byLanguage = new Map<string, Set<string>>();
  for (const row of own) byLanguage.set(row.language, (byLanguage.get(row.language) ?? new Set()).add(row.source));
  for (const [language, sources] of byLanguage) {
    const all = [...sources];
    for (let start = 0; start < all.length; start += 400) {
      const slice = all.slice(start, start + 400);
      const shared = await trx
        .selectFrom('translation_segments')
        .select('source')
        .distinct()
        .where('language', '=', language)
        .where('story_id', '!=', storyId)
        .where('source', 'in', slice)
        .execute();
      const sharedSources = new Set(shared.map((row) => row.source));
      const mine = slice.filter((source) => !sharedSources.has(source));
      if (mine.length > 0) await trx.deleteFrom('translation_memory').where('target_language', '=', language).where('source', 'in', mine).execute();
    }
  }
}

async function takeDown(trx: Db, storyId: number, reason: string, now: Date): Promise<void> {
  const at = nowIso(now);
  await trx.updateTable('publications').set({ unpublished_at: at, unpublish_reason: reason }).where('story_id', '=', storyId).where('unpublished_at', 'is', null).execute();
  // Not fenced: a person's takedown wins over a worker holding the story, whose next write is then refused.
  await trx
    .updateTable('stories')
    .set({ state: 'unpublished', reason, failed_stage: null, next_attempt_at: null, lease_owner: null, lease_expires_at: null, updated_at: at })
    .where('id', '=', storyId)
    .execute();
}
