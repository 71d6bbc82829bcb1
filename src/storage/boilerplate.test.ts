import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { freshDatabaseLocation } from '../../test/support/test-database.js';
import { listStoriesKeepingBlocks, readBlockCounts, readBlockSources, recordPageBlocks } from './boilerplate.js';
import { ensureSource, insertDiscoveredStories, listStories, openDatabase, readStory, recordExtracted, reopenForExtraction, type DatabaseHandle } from './index.js';

describe('boilerplate block history', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let handle: DatabaseHandle;
  let storyIds: number[];

  beforeEach(async () => {
    temp = makeTempDir();
    handle = await openDatabase(freshDatabaseLocation(temp.dir));
    const source = await ensureSource(handle.db, 'cnn-en2fr', 'https://cnn.example/feed.xml');
    const items = [1, 2, 3, 4].map((n) => ({ url: `https://cnn.example/s${n}`, originalUrl: `https://cnn.example/s${n}` }));
    await insertDiscoveredStories(handle.db, 'cnn-en2fr', source.id, items);
    storyIds = (await listStories(handle.db)).map((story) => story.id).sort((a, b) => a - b);
  });
  afterEach(async () => {
    await handle.close();
    temp.remove();
  });

  // Fingerprints are stored with the article, as the extract stage does.
  const recordBlockFingerprints = (storyId: number, source: string, fingerprints: string[]) =>
    recordExtracted(handle.db, storyId, { title: 'T', html: '<p>B</p>', text: 'B', wordCount: 1 }, { source, fingerprints });

  it('counts distinct stories per fingerprint and source, above the floor only', async () => {
    const [a, b, c, d] = storyIds as [number, number, number, number];
    await recordBlockFingerprints(a, 'cnn.example', ['t:ad', 't:one', 't:ad']);
    await recordBlockFingerprints(b, 'cnn.example', ['t:ad', 't:two']);
    await recordBlockFingerprints(c, 'cnn.example', ['t:ad', 't:two']);
    await recordBlockFingerprints(d, 'other.example', ['t:ad']);
    expect(await readBlockCounts(handle.db, 'cnn.example', 2)).toEqual({
      counts: expect.arrayContaining([{ fingerprint: 't:ad', stories: 3 }, { fingerprint: 't:two', stories: 2 }]),
      sourceStories: 3,
    });
    expect((await readBlockCounts(handle.db, 'cnn.example', 3)).counts).toEqual([{ fingerprint: 't:ad', stories: 3 }]);
  });

  it('replaces a story’s fingerprints when it is extracted again instead of counting it twice', async () => {
    const [a] = storyIds as [number];
    await recordBlockFingerprints(a, 'cnn.example', ['t:ad', 't:old']);
    await recordBlockFingerprints(a, 'cnn.example', ['t:ad', 't:new']);
    await recordBlockFingerprints(a, 'cnn.example', ['t:ad', 't:new']);
    const { counts, sourceStories } = await readBlockCounts(handle.db, 'cnn.example', 1);
    expect(sourceStories).toBe(1);
    expect(counts.sort((x, y) => x.fingerprint.localeCompare(y.fingerprint))).toEqual([
      { fingerprint: 't:ad', stories: 1 },
      { fingerprint: 't:new', stories: 1 },
    ]);
  });

  it('leaves out the story being extracted again, so it sees the history of its first extraction', async () => {
    const [a, b] = storyIds as [number, number];
    await recordBlockFingerprints(a, 'cnn.example', ['t:ad', 't:one']);
    await recordBlockFingerprints(b, 'cnn.example', ['t:ad']);
    expect(await readBlockCounts(handle.db, 'cnn.example', 1, { exceptStory: a })).toEqual({
      counts: [{ fingerprint: 't:ad', stories: 1 }],
      sourceStories: 1,
    });
    expect((await readBlockCounts(handle.db, 'cnn.example', 2)).counts).toEqual([{ fingerprint: 't:ad', stories: 2 }]);
  });

  it('stores many fingerprints of one story in chunks', async () => {
    const many = Array.from({ length: 750 }, (_, i) => `t:${i}`);
    await recordBlockFingerprints(storyIds[0]!, 'cnn.example', many);
    expect((await readBlockCounts(handle.db, 'cnn.example', 1)).counts).toHaveLength(750);
  });
  it('finds the stories that kept a block now known, and reopens those still past extraction', async () => {
    const [a, b, c] = storyIds as [number, number, number];
    const article = { title: 'T', html: '<p>B</p>', text: 'B', wordCount: 1 };
    await recordExtracted(handle.db, a, article, { source: 'cnn.example', fingerprints: ['t:ad', 't:one'], known: new Set(['t:one']) });
    await recordExtracted(handle.db, b, article, { source: 'cnn.example', fingerprints: ['t:ad', 't:one'], known: new Set(['t:ad', 't:one']) });
    // A fetched story's page blocks count before it is extracted, but it is not reopened.
    await recordPageBlocks(handle.db, c, { source: 'cnn.example', fingerprints: ['t:ad'] });
    expect(await readBlockSources(handle.db, [a, c, storyIds[3]!])).toEqual(new Map([[a, 'cnn.example'], [c, 'cnn.example']]));
    expect((await readBlockCounts(handle.db, 'cnn.example', 3)).counts).toEqual([{ fingerprint: 't:ad', stories: 3 }]);
    const behind = await listStoriesKeepingBlocks(handle.db, 'cnn.example', ['t:ad'], ['extracted', 'published']);
    expect(behind).toEqual([a]);
    expect(await reopenForExtraction(handle.db, [a, c], ['extracted', 'published'])).toBe(1);
    expect((await readStory(handle.db, a))?.state).toBe('fetched');
    expect((await readStory(handle.db, c))?.state).toBe('discovered');
  });
});
