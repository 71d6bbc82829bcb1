import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql, type Dialect, type Migration } from 'kysely';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { freshDatabaseLocation } from '../../test/support/test-database.js';
import { openDatabase, TransactionalSqliteDialect } from './db.js';
import * as m001 from './migrations/001-initial.js';
import * as m002 from './migrations/002-memory-stats.js';
import * as m003 from './migrations/003-boilerplate-blocks.js';
import * as m004 from './migrations/004-engine-problems.js';
import * as m005 from './migrations/005-robots-txt.js';
import * as m006 from './migrations/006-boilerplate-known.js';
import * as m007 from './migrations/007-story-leases.js';
import * as m008 from './migrations/008-host-turns.js';

// A migration that dies half-way (as a process killed by SIGKILL would) must leave nothing behind.
const halfDone: Record<string, Migration> = {
  '001-first': {
    async up(db) {
      await db.schema.createTable('first').addColumn('id', 'integer').execute();
    },
  },
  '002-second': {
    async up(db) {
      await db.schema.createTable('second').addColumn('id', 'integer').execute();
      throw new Error('interrupted');
    },
  },
};

async function migrateHalfDone(file: string, dialectFor: (sqlite: SqliteDatabase.Database) => Dialect): Promise<string[]> {
  const sqlite = new SqliteDatabase(file);
  const db = new Kysely<unknown>({ dialect: dialectFor(sqlite) });
  try {
    const { error } = await new Migrator({ db, provider: { getMigrations: async () => halfDone } }).migrateToLatest();
    expect(error).toBeInstanceOf(Error);
    const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('first', 'second')`.execute(db);
    return tables.rows.map((row) => row.name).sort();
  } finally {
    await db.destroy();
  }
}

describe('openDatabase', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => temp.remove());

  it('applies pending migrations in one transaction: an interrupted one leaves no table behind', async () => {
    expect(await migrateHalfDone(join(temp.dir, 'ours.db'), (database) => new TransactionalSqliteDialect({ database }))).toEqual([]);
    // Kysely's own SQLite dialect commits statement by statement, which is what the adapter fixes.
    expect(await migrateHalfDone(join(temp.dir, 'plain.db'), (database) => new SqliteDialect({ database }))).toEqual(['first', 'second']);
  });

  it('opens a new database and opens it again with every migration recorded once', async () => {
    const file = freshDatabaseLocation(temp.dir);
    const first = await openDatabase(file);
    await first.close();
    const again = await openDatabase(file);
    try {
      const applied = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(again.db);
      expect(applied.rows.map((row) => row.name)).toEqual(['001-initial', '002-memory-stats', '003-boilerplate-blocks', '004-engine-problems', '005-robots-txt', '006-boilerplate-known', '007-story-leases', '008-host-turns', '009-site-pages', '010-takedown', '011-admin-accounts', '012-story-revisions', '013-segments-human-memory', '014-story-fingerprints']);
    } finally {
      await again.close();
    }
  });

  it('answers kept statements again, past the statement cache and after the schema changes', async () => {
    const file = join(temp.dir, 'statements.db');
    const handle = await openDatabase(file);
    try {
      const count = () => sql<{ n: number }>`SELECT count(*) AS n FROM stories`.execute(handle.db);
      expect((await count()).rows).toEqual([{ n: 0 }]);
      // More distinct statements than the cache keeps: the first is prepared again when it comes back.
      for (let i = 0; i < 250; i += 1) await sql`SELECT ${sql.lit(i)} AS n`.execute(handle.db);
      await sql`CREATE TABLE extra (id integer)`.execute(handle.db);
      const select = () => sql<{ id: number }>`SELECT * FROM extra`.execute(handle.db);
      expect((await select()).rows).toEqual([]);
      await sql`ALTER TABLE extra ADD COLUMN name text`.execute(handle.db);
      await sql`INSERT INTO extra (id, name) VALUES (1, 'one')`.execute(handle.db);
      expect((await select()).rows).toEqual([{ id: 1, name: 'one' }]);
      expect((await count()).rows).toEqual([{ n: 0 }]);
    } finally {
      await handle.close();
    }
  });
});

describe('migration 009-site-pages', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => temp.remove());

  it('gives the stories published before it their published text', async () => {
    const file = join(temp.dir, 'before-009.db');
    const before009 = { '001-initial': m001, '002-memory-stats': m002, '003-boilerplate-blocks': m003, '004-engine-problems': m004, '005-robots-txt': m005, '006-boilerplate-known': m006, '007-story-leases': m007, '008-host-turns': m008 };
    const old = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SqliteDatabase(file) }) });
    const { error } = await new Migrator({ db: old, provider: { getMigrations: async () => before009 } }).migrateToLatest();
    expect(error).toBeUndefined();
    await sql`INSERT INTO sources (campaign_id, url) VALUES ('c', 'https://news.example/feed')`.execute(old);
    await sql`INSERT INTO stories (campaign_id, source_id, url, original_url, state, discovered_at, updated_at) VALUES ('c', 1, 'https://news.example/a', 'https://news.example/a', 'published', '2026-01-01', '2026-01-01')`.execute(old);
    await sql`INSERT INTO translations (story_id, language, engine, title, summary, html, created_at) VALUES (1, 'fr', 'apertium', 'Titre', 'Résumé', '<p>Corps.</p>', '2026-01-01')`.execute(old);
    await sql`INSERT INTO publications (story_id, language, slug, category_name, category_slug, source_name, published_at) VALUES (1, 'fr', 'titre', 'Monde', 'monde', 'CNN', '2026-01-01')`.execute(old);
    await old.destroy();
    const handle = await openDatabase(file);
    try {
      const row = await handle.db.selectFrom('publications').select(['title', 'summary', 'html']).executeTakeFirstOrThrow();
      expect(row).toEqual({ title: 'Titre', summary: 'Résumé', html: '<p>Corps.</p>' });
    } finally {
      await handle.close();
    }
  });
});
