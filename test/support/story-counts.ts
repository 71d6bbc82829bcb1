import { openDatabase } from '../../src/storage/index.js';

// Where a story ends up when no worker has anything left to do with it.
const FINAL_STATES = ['published', 'skipped', 'held', 'failed'];

/** What the stories of a database have come to, read through a connection of its own. */
export interface StoryCounts {
  stories: number;
  settled: number;
  published: number;
  failed: number;
  publications: number;
  /** Distinct stories the publications are of: equal to `publications` when none is published twice. */
  publishedStories: number;
  leased: number;
}

/** Counts the stories of the database at a location by where they are, and their publications. */
export async function readStoryCounts(database: string): Promise<StoryCounts> {
  const handle = await openDatabase(database);
  try {
    const rows = await handle.db.selectFrom('stories').select(['state', 'lease_owner']).execute();
    const publications = await handle.db.selectFrom('publications').select('story_id').execute();
    return {
      stories: rows.length,
      settled: rows.filter((row) => FINAL_STATES.includes(row.state)).length,
      published: rows.filter((row) => row.state === 'published').length,
      failed: rows.filter((row) => row.state === 'failed').length,
      publications: publications.length,
      publishedStories: new Set(publications.map((row) => row.story_id)).size,
      leased: rows.filter((row) => row.lease_owner !== null).length,
    };
  } finally {
    await handle.close();
  }
}
