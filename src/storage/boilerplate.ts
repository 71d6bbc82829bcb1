import type { Db } from './db.js';

/** How many distinct stories of one source a block fingerprint was seen in. */
export interface StoredBlockCount {
  fingerprint: string;
  stories: number;
}

/** Replaces the block fingerprints recorded for a story (idempotent: re-extraction never counts twice). */
export async function recordBlockFingerprints(db: Db, storyId: number, source: string, fingerprints: readonly string[]): Promise<void> {
  const unique = [...new Set(fingerprints)];
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('boilerplate_blocks').where('story_id', '=', storyId).execute();
    // SQLite caps bound parameters per statement; 3 per row keeps a chunk well under it.
    for (let start = 0; start < unique.length; start += 200) {
      const rows = unique.slice(start, start + 200).map((fingerprint) => ({ source, fingerprint, story_id: storyId }));
      await trx.insertInto('boilerplate_blocks').values(rows).execute();
    }
  });
}

/** Reads a source's block fingerprints seen in at least `minStories` stories, and its number of stories. */
export async function readBlockCounts(
  db: Db,
  source: string,
  minStories: number,
): Promise<{ counts: StoredBlockCount[]; sourceStories: number }> {
  const rows = await db
    .selectFrom('boilerplate_blocks')
    .select((eb) => ['fingerprint', eb.fn.count<number>('story_id').as('stories')])
    .where('source', '=', source)
    .groupBy('fingerprint')
    .having((eb) => eb.fn.count('story_id'), '>=', minStories)
    .execute();
  const total = await db
    .selectFrom('boilerplate_blocks')
    .select((eb) => eb.fn.count<number>('story_id').distinct().as('stories'))
    .where('source', '=', source)
    .executeTakeFirst();
  return { counts: rows.map((row) => ({ fingerprint: row.fingerprint, stories: Number(row.stories) })), sourceStories: Number(total?.stories ?? 0) };
}
