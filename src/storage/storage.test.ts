import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { freshDatabaseLocation, testingOnPostgres } from '../../test/support/test-database.js';
import type { Article } from '../domain/types.js';
import {
  createSiteReader,
  createTranslationMemory,
  ensureSource,
  insertDiscoveredStories,
  listStoriesForStage,
  openDatabase,
  readArticle,
  readPage,
  readStory,
  recordExtracted,
  recordFailed,
  recordFetched,
  recordPublished,
  recordTranslated,
  type DatabaseHandle,
} from './index.js';

const article: Article = {
  title: 'Xi to meet Putin',
  html: '<p>Body.</p>',
  text: 'Body.',
  wordCount: 1,
  byline: 'A. Writer',
  leadImage: { url: 'https://img.example/x.jpg', alt: 'x' },
  language: 'en',
};

describe('storage', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let handle: DatabaseHandle;
  let location: string;

  beforeEach(async () => {
    temp = makeTempDir();
    location = freshDatabaseLocation(join(temp.dir, 'data'));
    handle = await openDatabase(location);
  });
  afterEach(async () => {
    await handle.close();
    temp.remove();
  });

  async function discoverOne(url = 'https://news.example/a', guid?: string): Promise<number> {
    const source = await ensureSource(handle.db, 'c1', 'https://news.example/feed.xml');
    await insertDiscoveredStories(handle.db, 'c1', source.id, [{ url, originalUrl: url, ...(guid ? { guid } : {}) }]);
    const stories = await listStoriesForStage(handle.db, 'c1', 'fetch', { limit: 10, maxAttempts: 3 });
    return stories.find((story) => story.url === url)!.id;
  }

  it.skipIf(testingOnPostgres())('opens a SQLite file in WAL mode', async () => {
    const { sql } = await import('kysely');
    const mode = await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(handle.db);
    expect(mode.rows[0]?.journal_mode).toBe('wal');
  });

  it('reopens an existing database without re-migrating', async () => {
    await handle.close();
    handle = await openDatabase(location);
    expect(await listStoriesForStage(handle.db, 'c1', 'fetch', { limit: 1, maxAttempts: 3 })).toEqual([]);
  });

  it.each([
    ['the same URL', [{ url: 'u1', originalUrl: 'u1' }, { url: 'u1', originalUrl: 'u1?utm_source=x' }], 1],
    ['the same GUID', [{ url: 'u1', originalUrl: 'u1', guid: 'g' }, { url: 'u2', originalUrl: 'u2', guid: 'g' }], 1],
    ['different URLs', [{ url: 'u1', originalUrl: 'u1' }, { url: 'u2', originalUrl: 'u2' }], 2],
  ])('discovers a story once per campaign: %s', async (_name, items, expected) => {
    const source = await ensureSource(handle.db, 'c1', 'https://news.example/feed.xml');
    const inserted = await insertDiscoveredStories(handle.db, 'c1', source.id, items);
    const again = await insertDiscoveredStories(handle.db, 'c1', source.id, items);
    expect(inserted).toBe(expected);
    expect(again).toBe(0);
    const other = await ensureSource(handle.db, 'c2', 'https://news.example/feed.xml');
    expect(await insertDiscoveredStories(handle.db, 'c2', other.id, items)).toBe(expected);
  });

  it('keeps the page compressed and gives it back byte for byte', async () => {
    const id = await discoverOne();
    const body = new TextEncoder().encode('<html>é€</html>'.repeat(100));
    await recordFetched(handle.db, id, { finalUrl: 'https://news.example/a', contentType: 'text/html', body });
    expect((await readPage(handle.db, id))?.body).toEqual(Buffer.from(body));
    expect((await readStory(handle.db, id))?.state).toBe('fetched');
  });

  it('retries a failed stage only once it is due and under the attempt limit', async () => {
    const id = await discoverOne();
    const later = new Date(Date.now() + 60_000).toISOString();
    await recordFailed(handle.db, id, 'fetch', 'fetch: 503', later);
    expect(await listStoriesForStage(handle.db, 'c1', 'fetch', { limit: 5, maxAttempts: 3 })).toHaveLength(0);
    const due = await listStoriesForStage(handle.db, 'c1', 'fetch', {
      limit: 5,
      maxAttempts: 3,
      now: new Date(Date.now() + 120_000),
    });
    expect(due.map((story) => story.id)).toEqual([id]);
    expect(due[0]?.reason).toBe('fetch: 503');
    expect(await listStoriesForStage(handle.db, 'c1', 'fetch', { limit: 5, maxAttempts: 1, now: new Date(Date.now() + 120_000) })).toHaveLength(0);
  });

  it('publishes a story exactly once and keeps slugs unique', async () => {
    const first = await discoverOne('https://news.example/a');
    const second = await discoverOne('https://news.example/b');
    for (const id of [first, second]) {
      await recordExtracted(handle.db, id, article);
      await recordTranslated(handle.db, id, { language: 'fr', engine: 'e', title: 'Xi rencontrera Poutine', summary: 's', html: '<p>Corps.</p>' });
    }
    const input = { language: 'fr', slug: 'xi-rencontrera-poutine', categoryName: 'Monde', categorySlug: 'monde', sourceName: 'CNN' };
    const slugA = await recordPublished(handle.db, first, input);
    const slugAgain = await recordPublished(handle.db, first, input);
    const slugB = await recordPublished(handle.db, second, input);
    expect(slugAgain).toBe(slugA);
    expect(slugB).not.toBe(slugA);
    const reader = createSiteReader(handle.db, 'fr');
    const latest = await reader.listLatest({ limit: 10, offset: 0 });
    expect(latest.total).toBe(2);
    const page = await reader.getArticle(slugA);
    expect(page).toMatchObject({ title: 'Xi rencontrera Poutine', sourceUrl: 'https://news.example/a', sourceName: 'CNN', byline: 'A. Writer' });
    expect(JSON.stringify(page)).not.toContain('c1');
    // Related: the earlier articles of the category.
    expect(await reader.listRelated(page!, 5)).toHaveLength(0);
    expect((await reader.listRelated((await reader.getArticle(slugB))!, 5)).map((item) => item.slug)).toEqual([slugA]);
    expect((await reader.listByCategory('monde', { limit: 1, offset: 1 }))?.items).toHaveLength(1);
    expect(await reader.listByCategory('absent', { limit: 1, offset: 0 })).toBeUndefined();
    expect(await readArticle(handle.db, first)).toMatchObject(article);
  });

  it('remembers translations per engine and pair', async () => {
    const memory = createTranslationMemory(handle.db);
    const pair = { from: 'en', to: 'fr' };
    await memory.remember('apertium', pair, new Map([['Hello.', 'Bonjour.']]));
    expect(await memory.lookup('apertium', pair, ['Hello.', 'Bye.'])).toEqual(new Map([['Hello.', { target: 'Bonjour.', origin: 'machine' }]]));
    expect((await memory.lookup('opus-mt', pair, ['Hello.'])).size).toBe(0);
    expect((await memory.lookup('apertium', { from: 'en', to: 'es' }, ['Hello.'])).size).toBe(0);
  });
});
