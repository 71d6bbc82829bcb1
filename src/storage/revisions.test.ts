import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { freshDatabaseLocation, testingOnPostgres } from '../../test/support/test-database.js';
import type { Article } from '../domain/types.js';
import {
  ensureSource,
  insertDiscoveredStories,
  listRevisions,
  markChangedFeedItems,
  openDatabase,
  readPageValidators,
  readStory,
  recordExtracted,
  recordFetched,
  recordPublished,
  recordTranslated,
  type DatabaseHandle,
} from './index.js';
import * as m001 from './migrations/001-initial.js';
import * as m002 from './migrations/002-memory-stats.js';
import * as m003 from './migrations/003-boilerplate-blocks.js';
import * as m004 from './migrations/004-engine-problems.js';
import * as m005 from './migrations/005-robots-txt.js';
import * as m006 from './migrations/006-boilerplate-known.js';
import * as m007 from './migrations/007-story-leases.js';
import * as m008 from './migrations/008-host-turns.js';
import * as m009 from './migrations/009-site-pages.js';
import * as m010 from './migrations/010-takedown.js';

const article = (text: string): Article => ({ title: 'Bridge', html: `<p>${text}</p>`, text, wordCount: text.split(' ').length });
const page = (body: string) => ({ finalUrl: 'https://news.example/a', contentType: 'text/html', body: Buffer.from(body) });
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('story revisions', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let handle: DatabaseHandle;

  beforeEach(async () => {
    temp = makeTempDir();
    handle = await openDatabase(freshDatabaseLocation(join(temp.dir, 'data')));
  });
  afterEach(async () => {
    await handle.close();
    temp.remove();
  });

  async function discover(url: string, contentHash?: string): Promise<number> {
    const source = await ensureSource(handle.db, 'c1', 'https://news.example/feed.xml');
    await insertDiscoveredStories(handle.db, 'c1', source.id, [{ url, originalUrl: url, ...(contentHash ? { contentHash } : {}) }]);
    const row = await handle.db.selectFrom('stories').select('id').where('url', '=', url).executeTakeFirstOrThrow();
    return row.id;
  }

  it('adds a revision for a page fetched again with another text, and corrects the latest for the same page extracted again', async () => {
    const id = await discover('https://news.example/a');
    await recordFetched(handle.db, id, { ...page('v1'), validators: { etag: '"v1"', lastModified: 'Thu, 03 Dec 2026 12:00:00 GMT' } });
    expect(await readPageValidators(handle.db, id)).toEqual({ etag: '"v1"', lastModified: 'Thu, 03 Dec 2026 12:00:00 GMT' });
    await recordExtracted(handle.db, id, article('It costs 410 million. Menu Home.'), undefined, new Date('2026-12-03T12:00:00Z'));
    // The same page extracted again (boilerplate learned since): still revision 1, first seen when it was.
    await recordExtracted(handle.db, id, article('It costs 410 million.'), undefined, new Date('2026-12-03T12:30:00Z'));
    await recordExtracted(handle.db, id, article('It costs 410 million.'));
    expect((await listRevisions(handle.db, id)).map((revision) => [revision.n, revision.text, revision.extractedAt])).toEqual([[1, 'It costs 410 million.', '2026-12-03T12:00:00.000Z']]);
    await tick();
    await recordFetched(handle.db, id, page('v2'));
    expect(await readPageValidators(handle.db, id)).toEqual({});
    await recordExtracted(handle.db, id, article('It costs 450 million.'));
    expect((await listRevisions(handle.db, id)).map((revision) => [revision.n, revision.text])).toEqual([
      [1, 'It costs 410 million.'],
      [2, 'It costs 450 million.'],
    ]);
  });

  it('sends a published story whose feed item changed to be checked at once; a story polled before hashes were kept only gets one', async () => {
    const published = await discover('https://news.example/a', 'hash-1');
    const unhashed = await discover('https://news.example/b');
    for (const id of [published, unhashed]) {
      await recordFetched(handle.db, id, page('v1'));
      await recordExtracted(handle.db, id, article('Text.'));
      await recordTranslated(handle.db, id, { language: 'fr', engine: 'apertium', title: 'Pont', summary: '', html: '<p>Texte.</p>' });
      await recordPublished(handle.db, id, { language: 'fr', slug: `pont-${id}`, categoryName: 'Monde', categorySlug: 'monde', sourceName: 'X', recheckAt: null });
    }
    const now = new Date('2026-12-03T13:05:00Z');
    const items = (hash: string) => ['a', 'b'].map((path) => ({ url: `https://news.example/${path}`, originalUrl: `https://news.example/${path}`, contentHash: hash }));
    const { id: sourceId } = await ensureSource(handle.db, 'c1', 'https://news.example/feed.xml');
    expect(await markChangedFeedItems(handle.db, 'c1', sourceId, items('hash-1'), now)).toBe(0);
    expect((await readStory(handle.db, unhashed))?.feed_hash).toBe('hash-1');
    // Another feed of the campaign lists the stories differently (RSS and Atom): no change.
    const { id: otherFeed } = await ensureSource(handle.db, 'c1', 'https://news.example/atom.xml');
    expect(await markChangedFeedItems(handle.db, 'c1', otherFeed, items('hash-atom'), now)).toBe(0);
    expect((await readStory(handle.db, published))?.feed_hash).toBe('hash-1');
    expect(await markChangedFeedItems(handle.db, 'c1', sourceId, items('hash-2'), now)).toBe(2);
    expect(await readStory(handle.db, published)).toMatchObject({ recheck_at: now.toISOString(), feed_hash: 'hash-2' });
    expect(await markChangedFeedItems(handle.db, 'c1', sourceId, items('hash-2'), new Date())).toBe(0);
  });
});

describe.skipIf(testingOnPostgres())('migration 012-story-revisions', () => {
  it('makes each story extracted before it a revision 1 of its article', async () => {
    const temp = makeTempDir();
    try {
      const file = join(temp.dir, 'before-012.db');
      const before012 = { '001-initial': m001, '002-memory-stats': m002, '003-boilerplate-blocks': m003, '004-engine-problems': m004, '005-robots-txt': m005, '006-boilerplate-known': m006, '007-story-leases': m007, '008-host-turns': m008, '009-site-pages': m009, '010-takedown': m010 };
      const old = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SqliteDatabase(file) }) });
      const { error } = await new Migrator({ db: old, provider: { getMigrations: async () => before012 } }).migrateToLatest();
      expect(error).toBeUndefined();
      await sql`INSERT INTO sources (campaign_id, url) VALUES ('c', 'https://news.example/feed')`.execute(old);
      await sql`INSERT INTO stories (campaign_id, source_id, url, original_url, state, discovered_at, updated_at) VALUES ('c', 1, 'https://news.example/a', 'https://news.example/a', 'published', '2026-01-01', '2026-01-01')`.execute(old);
      await sql`INSERT INTO pages (story_id, final_url, content_type, body_gzip, fetched_at) VALUES (1, 'https://news.example/a', 'text/html', x'00', '2026-01-01T10:00:00.000Z')`.execute(old);
      await sql`INSERT INTO articles (story_id, title, html, text, word_count) VALUES (1, 'Bridge', '<p>Body.</p>', 'Body.', 1)`.execute(old);
      await old.destroy();
      const handle = await openDatabase(file);
      try {
        expect(await listRevisions(handle.db, 1)).toEqual([
          { n: 1, title: 'Bridge', html: '<p>Body.</p>', text: 'Body.', fetchedAt: '2026-01-01T10:00:00.000Z', extractedAt: '2026-01-01T10:00:00.000Z' },
        ]);
        expect(await readStory(handle.db, 1)).toMatchObject({ recheck_at: null, feed_hash: null });
      } finally {
        await handle.close();
      }
    } finally {
      temp.remove();
    }
  });
});
