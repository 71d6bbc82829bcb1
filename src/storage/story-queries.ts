import type { StoryState } from '../domain/types.js';
import type { Db } from './db.js';
import type { StoryRecord } from './stories.js';

/** Lists stories, newest first, optionally of one state and campaign. */
export async function listStories(
  db: Db,
  filter: { state?: StoryState; campaignId?: string; limit?: number } = {},
): Promise<StoryRecord[]> {
  let query = db.selectFrom('stories').selectAll().orderBy('id', 'desc');
  if (filter.state) query = query.where('state', '=', filter.state);
  if (filter.campaignId) query = query.where('campaign_id', '=', filter.campaignId);
  if (filter.limit) query = query.limit(filter.limit);
  return query.execute();
}

/** Reads one story. */
export async function readStory(db: Db, storyId: number): Promise<StoryRecord | undefined> {
  return db.selectFrom('stories').selectAll().where('id', '=', storyId).executeTakeFirst();
}

/** Tells whether a story is on the site in some language. */
export async function isPublished(db: Db, storyId: number): Promise<boolean> {
  const row = await db.selectFrom('publications').select('story_id').where('story_id', '=', storyId).executeTakeFirst();
  return row !== undefined;
}

/** Counts stories per state. */
export async function countStoriesByState(db: Db, campaignId?: string): Promise<Record<string, number>> {
  let query = db.selectFrom('stories').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state');
  if (campaignId) query = query.where('campaign_id', '=', campaignId);
  const rows = await query.execute();
  return Object.fromEntries(rows.map((row) => [row.state, Number(row.n)]));
}

/** Counts stories per campaign and state. */
export async function countStoriesByCampaign(db: Db): Promise<Record<string, Record<string, number>>> {
  const rows = await db
    .selectFrom('stories')
    .select(['campaign_id', 'state', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['campaign_id', 'state'])
    .execute();
  const counts: Record<string, Record<string, number>> = {};
  for (const row of rows) (counts[row.campaign_id] ??= {})[row.state] = Number(row.n);
  return counts;
}
