import type { Db } from './db.js';
import { nowIso } from './db.js';
import { moveTo } from './transitions.js';

/** How many distinct stories of one source a block fingerprint was seen in. */
export interface StoredBlockCount {
  fingerprint: string;
  stories: number;
}

/** The body blocks of one extracted story, by the site they were learned for. */
export interface StoryBlocks {
  source: string;
  fingerprints: readonly string[];
  /** The source's known boilerplate when the story was extracted (none when absent). */
  known?: ReadonlySet<string>;
}

// SQLite caps bound parameters per statement; chunks of this many values stay well under it.
const CHUNK = 200;

/**
 * Replaces the block fingerprints recorded for a story (re-extraction never counts twice). Runs
 * inside the caller's transaction: recordExtracted stores them with the article, all or nothing.
 */
export async function replaceBlockFingerprints(trx: Db, storyId: number, blocks: StoryBlocks): Promise<void> {
  const unique = [...new Set(blocks.fingerprints)];
  await trx.deleteFrom('boilerplate_blocks').where('story_id', '=', storyId).execute();
  for (const chunk of chunked(unique)) {
    const rows = chunk.map((fingerprint) => ({ source: blocks.source, fingerprint, story_id: storyId, known: blocks.known?.has(fingerprint) ? 1 : 0 }));
    await trx.insertInto('boilerplate_blocks').values(rows).execute();
  }
}

/**
 * Records the block fingerprints of a fetched story's page before it is extracted, so that the
 * other stories of its batch count them; its extraction replaces them.
 */
export async function recordPageBlocks(db: Db, storyId: number, blocks: StoryBlocks): Promise<void> {
  await db.transaction().execute((trx) => replaceBlockFingerprints(trx, storyId, blocks));
}

/** The source each of these stories has recorded blocks for; a story with none is left out. */
export async function readBlockSources(db: Db, storyIds: readonly number[]): Promise<Map<number, string>> {
  const sources = new Map<number, string>();
  for (const chunk of chunked(storyIds)) {
    const rows = await db.selectFrom('boilerplate_blocks').select(['story_id', 'source']).distinct().where('story_id', 'in', chunk).execute();
    for (const row of rows) sources.set(row.story_id, row.source);
  }
  return sources;
}

/**
 * Lists the stories of a source, in one of `states`, that kept a block carrying one of these
 * fingerprints: it was not known boilerplate when they were extracted.
 */
export async function listStoriesKeepingBlocks(
  db: Db,
  source: string,
  fingerprints: readonly string[],
  states: readonly string[],
): Promise<number[]> {
  const ids = new Set<number>();
  for (const chunk of chunked(fingerprints)) {
    const rows = await db
      .selectFrom('boilerplate_blocks as b')
      .innerJoin('stories as s', 's.id', 'b.story_id')
      .select('b.story_id')
      .distinct()
      .where('b.source', '=', source)
      .where('b.known', '=', 0)
      .where('b.fingerprint', 'in', chunk)
      .where('s.state', 'in', [...states])
      .execute();
    for (const row of rows) ids.add(row.story_id);
  }
  return [...ids].sort((a, b) => a - b);
}

/**
 * A published story extracted again found no article: it stays published as it was, and its
 * blocks in `known` are marked known, so the same knowledge does not send it back again.
 */
export async function keepPublishedArticle(db: Db, storyId: number, known: ReadonlySet<string>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const chunk of chunked([...known])) {
      await trx.updateTable('boilerplate_blocks').set({ known: 1 }).where('story_id', '=', storyId).where('fingerprint', 'in', chunk).execute();
    }
    await moveTo(trx, storyId, 'published', nowIso());
  });
}

function chunked<T>(values: readonly T[]): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < values.length; start += CHUNK) chunks.push(values.slice(start, start + CHUNK));
  return chunks;
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
