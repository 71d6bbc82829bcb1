import type { Stage, StoryState } from '../domain/types.js';
import { recordAudit } from './audit.js';
import type { Db } from './db.js';
import { releaseStory, setOutcome, type ReleaseOutcome } from './transitions.js';

/** Who made an editorial decision: a user's name, or `api:TOKEN-NAME`. */
export interface EditorialActor {
  actor: string;
}

// A story an editor may publish: held for review (or by a gate), or published and edited since.
const PUBLISHABLE: readonly StoryState[] = ['held', 'published'];

/**
 * Publishes a reviewed story: it goes to `translated` and the publish stage publishes its stored
 * translation, edits included (a published story is published again under its slug).
 */
export async function publishReviewed(db: Db, storyId: number, who: EditorialActor): Promise<ReleaseOutcome> {
  return db.transaction().execute(async (trx) => {
    const outcome = await releaseStory(trx, storyId, PUBLISHABLE);
    if (outcome.kind === 'released') await recordAudit(trx, { actor: who.actor, action: 'publish', storyId, detail: `to ${outcome.state}` });
    return outcome;
  });
}

/** What rejecting a story did. */
export type RejectOutcome = { kind: 'rejected' } | { kind: 'not-held'; state: string } | { kind: 'unknown' };

/** Rejects a held story after review: it is skipped with the editor's reason and never published. */
export async function rejectStory(db: Db, storyId: number, decision: EditorialActor & { reason: string }): Promise<RejectOutcome> {
  return db.transaction().execute(async (trx) => {
    const story = await trx.selectFrom('stories').select(['state', 'failed_stage']).where('id', '=', storyId).executeTakeFirst();
    if (!story) return { kind: 'unknown' };
    if (story.state !== 'held') return { kind: 'not-held', state: story.state };
    const stage = (story.failed_stage ?? 'publish') as Stage;
    await setOutcome(trx, storyId, { state: 'skipped', stage, reason: decision.reason, nextAttemptAt: null });
    await recordAudit(trx, { actor: decision.actor, action: 'reject', storyId, detail: decision.reason });
    return { kind: 'rejected' };
  });
}
