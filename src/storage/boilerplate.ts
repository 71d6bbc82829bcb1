import type { Db } from './db.js';

/** How many distinct stories of one source a block fingerprint was seen in. */
export interface StoredBlockCount {
  fingerprint: string;
  stories: number;
}

/** The body blocks of one extracted story, by the site they were learned for. */
export interface StoryBlocks {
  source: string;
  fingerprints: readonly string[];
}

/**
 * Replaces the block fingerprints recorded for a story (re-extraction never counts twice). Runs
 * inside the caller's transaction: recordExtracted stores them with the article, all or nothing.
 */
export async function replaceBlockFingerprints(trx: Db, storyId: number, blocks: StoryBlocks): Promise<void> {
  const unique = [...new Set(blocks.fingerprints)];
  await trx.deleteFrom('boilerplate_blocks').where('story_id', '=', storyId).execute();
  // SQLite caps bound parameters per statement; 3 per row keeps a chunk well under it.
  for (let start = 0; start < unique.length; start += 200) {
    const rows = unique.slice(start, start + 200).map((fingerprint) => ({ source: blocks.source, fingerprint, story_id: storyId }));
    await trx.insertInto('boilerplate_blocks').values(rows).execute();
  }
}

/**
 * Reads a source's block fingerprints seen in at least `minStories` stories, and its number of
 * stories. `exceptStory` leaves out the story being extracted, so that extracting it again (after
 * a crash, or to follow an update) sees the same history as the first time.
 */
export async function readBlockCounts(
  db: Db,
  source: string,
  minStories: number,
  options: { exceptStory?: number } = {},
): Promise<{ counts: StoredBlockCount[]; sourceStories: number }> {
  const others = db
    .selectFrom('boilerplate_blocks')
    .where('source', '=', source)
    .where('story_id', '!=', options.exceptStory ?? -1);
  const rows = await others
    .select((eb) => ['fingerprint', eb.fn.count<number>('story_id').as('stories')])
    .groupBy('fingerprint')
    .having((eb) => eb.fn.count('story_id'), '>=', minStories)
    .execute();
  const total = await others.select((eb) => eb.fn.count<number>('story_id').distinct().as('stories')).executeTakeFirst();
  return { counts: rows.map((row) => ({ fingerprint: row.fingerprint, stories: Number(row.stories) })), sourceStories: Number(total?.stories ?? 0) };
}
