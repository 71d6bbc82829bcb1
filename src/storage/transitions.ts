import type { Stage, StoryState } from '../domain/types.js';
import { LeaseLostError, StorageError } from '../domain/errors.js';
import { nowIso, type Db } from './db.js';
import { currentLeaseOwner } from './leases.js';
import { recordSiteChange } from './site-pages.js';

/** Sets a story's state and clears any earlier failure. */
export async function moveTo(trx: Db, storyId: number, state: StoryState, now: string): Promise<void> {
  const owner = currentLeaseOwner();
  const result = await trx
    .updateTable('stories')
    .set({ state, failed_stage: null, reason: null, attempts: 0, next_attempt_at: null, updated_at: now })
    .where('id', '=', storyId)
    .$if(owner !== undefined, (query) => query.where('lease_owner', '=', owner ?? null))
    .executeTakeFirst();
  checkFence(owner, storyId, result.numUpdatedRows);
}

/** Under a lease (runFenced), a write that changed no row means another worker holds the story now: throws LeaseLostError. */
export function checkFence(owner: string | undefined, storyId: number, updated: bigint): void {
  if (owner !== undefined && updated === 0n) throw new LeaseLostError(storyId, owner);
}

/** How a story appears on the site. */
export interface PublicationInput {
  language: string;
  /** Preferred slug; a story that takes a slug already used gets its id appended. */
  slug: string;
  categoryName: string;
  categorySlug: string;
  sourceName: string;
  publishedAt?: string;
  /** When the text published follows a change at the source (its latest revision); shown as "updated". */
  updatedAt?: string;
  /** When the story's page is to be fetched again (null: not any more); left as it is when absent. */
  recheckAt?: string | null;
}

/**
 * Publishes a story in one language, exactly once: a second call for the same story and
 * language changes nothing and answers the existing slug.
 */
export async function recordPublished(db: Db, storyId: number, input: PublicationInput): Promise<string> {
  const now = nowIso();
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('publications')
      .select(['slug', 'category_slug', 'published_at'])
      .where('story_id', '=', storyId)
      .where('language', '=', input.language)
      .executeTakeFirst();
    const text = await trx
      .selectFrom('translations')
      .select(['title', 'summary', 'html'])
      .where('story_id', '=', storyId)
      .where('language', '=', input.language)
      .executeTakeFirst();
    if (!text) throw new StorageError(`story ${storyId} cannot be published in ${input.language}: the database holds no translation into it`);
    if (existing) {
      // Published again after an update: same slug and date, new text; its pages are rendered again.
      const changes = input.updatedAt ? { ...text, updated_at: input.updatedAt } : text;
      await trx.updateTable('publications').set(changes).where('story_id', '=', storyId).where('language', '=', input.language).execute();
      await moveTo(trx, storyId, 'published', now);
      if (input.recheckAt !== undefined) await trx.updateTable('stories').set({ recheck_at: input.recheckAt }).where('id', '=', storyId).execute();
      await recordSiteChange(trx, { language: input.language, slug: existing.slug, categorySlug: existing.category_slug, publishedAt: existing.published_at });
      return existing.slug;
    }
    const slug = await chooseFreeSlug(trx, input.slug, storyId);
    const publishedAt = input.publishedAt ?? now;
    await trx
      .insertInto('publications')
      .values({
        story_id: storyId,
        language: input.language,
        slug,
        category_name: input.categoryName,
        category_slug: input.categorySlug,
        source_name: input.sourceName,
        published_at: publishedAt,
        ...text,
      })
      .execute();
    await moveTo(trx, storyId, 'published', now);
    if (input.recheckAt !== undefined) await trx.updateTable('stories').set({ recheck_at: input.recheckAt }).where('id', '=', storyId).execute();
    await recordSiteChange(trx, { language: input.language, slug, categorySlug: input.categorySlug, publishedAt });
    return slug;
  });
}

async function chooseFreeSlug(trx: Db, preferred: string, storyId: number): Promise<string> {
  const base = preferred || `article-${storyId}`;
  const taken = await trx.selectFrom('publications').select('slug').where('slug', '=', base).executeTakeFirst();
  return taken ? `${base}-${storyId}` : base;
}

/**
 * Sends stories back to `fetched` to be extracted again from their stored page, each only if it is
 * still in one of `fromStates`; a published one keeps its publication (and slug), so the site
 * shows it as it was until the stages bring it back to `published` with the new text.
 */
export async function reopenForExtraction(db: Db, storyIds: readonly number[], fromStates: readonly StoryState[]): Promise<number> {
  if (storyIds.length === 0) return 0;
  const now = nowIso();
  const result = await db
    .updateTable('stories')
    .set({ state: 'fetched', failed_stage: null, reason: null, attempts: 0, next_attempt_at: null, updated_at: now })
    .where('id', 'in', [...storyIds])
    .where('state', 'in', [...fromStates])
    // A story another worker is working on is left to it: its write would be fenced out otherwise.
    .where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_expires_at', '<', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Marks a story skipped at a stage (duplicate, not an article, too short); it will not be retried. */
export async function recordSkipped(db: Db, storyId: number, stage: Stage, reason: string): Promise<void> {
  await setOutcome(db, storyId, { state: 'skipped', stage, reason, nextAttemptAt: null });
}

/** Holds a story at a stage for review (a failed quality gate); it is not published. */
export async function recordHeld(db: Db, storyId: number, stage: Stage, reason: string): Promise<void> {
  await setOutcome(db, storyId, { state: 'held', stage, reason, nextAttemptAt: null });
}

/** What releasing a held story did. */
export type ReleaseOutcome =
  | { kind: 'released'; state: 'translated' | 'extracted' }
  | { kind: 'not-held'; state: string }
  | { kind: 'unknown' };

/**
 * Releases a held story after review: to `translated` (the next run publishes the stored
 * translation as it is) or, with `retranslate`, to `extracted` (translated and gated again).
 */
export async function releaseHeldStory(db: Db, storyId: number, options: { retranslate?: boolean } = {}): Promise<ReleaseOutcome> {
  return db.transaction().execute((trx) => releaseStory(trx, storyId, ['held'], options));
}

/**
 * Releases a story in one of `fromStates` as releaseHeldStory does, inside the caller's
 * transaction; `not-held` names the state of a story in none of them.
 */
export async function releaseStory(
  trx: Db,
  storyId: number,
  fromStates: readonly StoryState[],
  options: { retranslate?: boolean } = {},
): Promise<ReleaseOutcome> {
  const story = await trx.selectFrom('stories').select(['state']).where('id', '=', storyId).executeTakeFirst();
  if (!story) return { kind: 'unknown' };
  if (!fromStates.includes(story.state as StoryState)) return { kind: 'not-held', state: story.state };
  const translation = await trx.selectFrom('translations').select('language').where('story_id', '=', storyId).executeTakeFirst();
  const state = options.retranslate || !translation ? 'extracted' : 'translated';
  await moveTo(trx, storyId, state, nowIso());
  return { kind: 'released', state };
}

/**
 * Records a failure at a stage and counts the attempt; `nextAttemptAt` null means the failure
 * is permanent, otherwise the stage is tried again from then on.
 */
export async function recordFailed(
  db: Db,
  storyId: number,
  stage: Stage,
  reason: string,
  nextAttemptAt: string | null,
): Promise<void> {
  await setOutcome(db, storyId, { state: 'failed', stage, reason, nextAttemptAt });
}

/** Sets a story's outcome at a stage and counts the attempt (used inside larger transactions too). */
export async function setOutcome(
  db: Db,
  storyId: number,
  outcome: { state: StoryState; stage: Stage; reason: string; nextAttemptAt: string | null },
): Promise<void> {
  const owner = currentLeaseOwner();
  const result = await db
    .updateTable('stories')
    .set((eb) => ({
      state: outcome.state,
      failed_stage: outcome.stage,
      reason: outcome.reason,
      attempts: eb('attempts', '+', 1),
      next_attempt_at: outcome.nextAttemptAt,
      updated_at: nowIso(),
    }))
    .where('id', '=', storyId)
    .$if(owner !== undefined, (query) => query.where('lease_owner', '=', owner ?? null))
    .executeTakeFirst();
  checkFence(owner, storyId, result.numUpdatedRows);
}
