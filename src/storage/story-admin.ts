import type { Stage, StoryState } from '../domain/types.js';
import { nowIso, type Db } from './db.js';
import { inputStateOf } from './stories.js';
import { moveTo } from './transitions.js';

// What an editor does to a story or a source from the admin area or the API, beside the
// pipeline's own transitions (transitions.ts) and the takedown (takedown.ts).

/** What an editor's action on a story did. */
export type StoryActionOutcome =
  | { kind: 'done'; state: StoryState }
  | { kind: 'wrong-state'; state: string }
  | { kind: 'unknown' };

/** Tries a failed story again now, from the stage that failed, with its attempts counted afresh. */
export async function retryFailedStory(db: Db, storyId: number): Promise<StoryActionOutcome> {
  const story = await db.selectFrom('stories').select(['state', 'failed_stage']).where('id', '=', storyId).executeTakeFirst();
  if (!story) return { kind: 'unknown' };
  if (story.state !== 'failed') return { kind: 'wrong-state', state: story.state };
  const state = inputStateOf[(story.failed_stage ?? 'fetch') as Stage] ?? 'discovered';
  await moveTo(db, storyId, state, nowIso());
  return { kind: 'done', state };
}

const retranslatable: readonly string[] = ['translated', 'published', 'held', 'failed', 'skipped'];

/**
 * Sends a story with an extracted article back to be translated (and gated) again; a published
 * one keeps its publication, so the site shows the published text until the new one is published.
 */
export async function requeueForTranslation(db: Db, storyId: number): Promise<StoryActionOutcome> {
  return db.transaction().execute(async (trx) => {
    const story = await trx.selectFrom('stories').select('state').where('id', '=', storyId).executeTakeFirst();
    if (!story) return { kind: 'unknown' } as const;
    const article = await trx.selectFrom('articles').select('story_id').where('story_id', '=', storyId).executeTakeFirst();
    if (!article || !retranslatable.includes(story.state)) return { kind: 'wrong-state', state: story.state } as const;
    await moveTo(trx, storyId, 'extracted', nowIso());
    return { kind: 'done', state: 'extracted' } as const;
  });
}

/** A story as the admin area lists it, with the best title known so far. */
export interface StorySummary {
  id: number;
  campaignId: string;
  state: string;
  stage: string | null;
  reason: string | null;
  url: string;
  title: string;
  updatedAt: string;
  /** Set once the story is on the site. */
  publication?: { language: string; slug: string };
}

/** Lists stories newest first, optionally of one state and campaign, with titles and publications. */
export async function listStorySummaries(db: Db, filter: { id?: number; state?: string; campaignId?: string; limit?: number } = {}): Promise<StorySummary[]> {
  let query = db
    .selectFrom('stories as s')
    .leftJoin('articles as a', 'a.story_id', 's.id')
    .leftJoin('publications as p', 'p.story_id', 's.id')
    .select(['s.id', 's.campaign_id', 's.state', 's.failed_stage', 's.reason', 's.url', 's.feed_title', 's.updated_at', 'a.title as article_title', 'p.title as published_title', 'p.language', 'p.slug'])
    .orderBy('s.id', 'desc')
    .limit(filter.limit ?? 100);
  if (filter.id !== undefined) query = query.where('s.id', '=', filter.id);
  if (filter.state) query = query.where('s.state', '=', filter.state);
  if (filter.campaignId) query = query.where('s.campaign_id', '=', filter.campaignId);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: Number(row.id),
    campaignId: row.campaign_id,
    state: row.state,
    stage: row.failed_stage,
    reason: row.reason,
    url: row.url,
    title: row.published_title || row.article_title || row.feed_title || row.url,
    updatedAt: row.updated_at,
    ...(row.slug && row.language ? { publication: { language: row.language, slug: row.slug } } : {}),
  }));
}

/** Reads one story as the admin area shows it. */
export async function readStorySummary(db: Db, storyId: number): Promise<StorySummary | undefined> {
  const [summary] = await listStorySummaries(db, { id: storyId, limit: 1 });
  return summary;
}

/** Pauses a source (not polled until resumed) or resumes it; false when there is no such source. */
export async function setSourcePaused(db: Db, sourceId: number, paused: boolean): Promise<boolean> {
  const result = await db.updateTable('sources').set({ paused_at: paused ? nowIso() : null }).where('id', '=', sourceId).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Tells whether a source is paused. */
export async function isSourcePaused(db: Db, sourceId: number): Promise<boolean> {
  const row = await db.selectFrom('sources').select('paused_at').where('id', '=', sourceId).executeTakeFirst();
  return row?.paused_at != null;
}
