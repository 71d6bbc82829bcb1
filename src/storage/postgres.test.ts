import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, startPostgresCluster, type PostgresCluster } from '../../test/support/postgres.js';
import type { Article } from '../domain/types.js';
import { StorageError } from '../domain/errors.js';
import { describeLocation } from './db.js';
import {
  countStoriesByState,
  ensureSource,
  insertDiscoveredStories,
  listStoriesForStage,
  openDatabase,
  readArticle,
  readPage,
  readStory,
  recordExtracted,
  recordFetched,
} from './index.js';

const article: Article = { title: 'Xi to meet Putin', html: '<p>Body.</p>', text: 'Body.', wordCount: 1, language: 'en' };

describe.skipIf(!postgresAvailable())('the PostgreSQL backend', () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  });
  afterAll(() => cluster?.stop());

  it('applies the migrations once and takes a story through the storage functions', async () => {
    const url = cluster.createDatabase();
    let handle = await openDatabase(url);
    try {
      const tables = await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`.execute(handle.db);
      expect(tables.rows.map((row) => row.name)).toEqual(expect.arrayContaining(['sources', 'stories', 'pages', 'articles', 'publications', 'translation_memory']));
      const source = await ensureSource(handle.db, 'c1', 'https://news.example/feed.xml');
      const items = [{ url: 'https://news.example/a', originalUrl: 'https://news.example/a', guid: 'g1' }];
      expect(await insertDiscoveredStories(handle.db, 'c1', source.id, items)).toBe(1);
      expect(await insertDiscoveredStories(handle.db, 'c1', source.id, items)).toBe(0);
      const [story] = await listStoriesForStage(handle.db, 'c1', 'fetch', { limit: 5, maxAttempts: 3 });
      expect(typeof story!.id).toBe('number');
      const body = new TextEncoder().encode('<html>é€</html>'.repeat(50));
      await recordFetched(handle.db, story!.id, { finalUrl: 'https://news.example/a', contentType: 'text/html', body });
      expect((await readPage(handle.db, story!.id))?.body).toEqual(Buffer.from(body));
      await recordExtracted(handle.db, story!.id, article);
      expect((await readArticle(handle.db, story!.id))?.title).toBe(article.title);
      expect((await readStory(handle.db, story!.id))?.state).toBe('extracted');
      expect(await countStoriesByState(handle.db)).toEqual({ extracted: 1 });
      await handle.close();
      handle = await openDatabase(url);
      expect((await readStory(handle.db, story!.id))?.state).toBe('extracted');
    } finally {
      await handle.close();
    }
  });

  it('names the database without its password and says what to do when the server is down', async () => {
    const down = new URL(cluster.url);
    down.port = '1';
    down.password = 's3cret-pw';
    const error = await openDatabase(down.toString()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StorageError);
    const message = (error as Error).message;
    expect(message).toContain(describeLocation(down.toString()));
    expect(message).toContain('127.0.0.1:1');
    expect(message).toMatch(/PostgreSQL server is running/);
    expect(message).not.toContain('s3cret-pw');
  });
});
