import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { freshDatabaseLocation } from '../../test/support/test-database.js';
import {
  countStoriesByCampaign,
  createTranslationMemory,
  ensureSource,
  HUMAN_TRANSLATOR,
  insertDiscoveredStories,
  listMemoryUsage,
  listStoriesForStage,
  openDatabase,
  readMemoryStats,
  readStory,
  readTranslation,
  recordTranslated,
  recordTranslationHeld,
  releaseHeldStory,
  type DatabaseHandle,
} from './index.js';
import { rememberHumanTranslation } from './memory.js';

const translation = { language: 'fr', engine: 'apertium', title: 'Titre', summary: 'Résumé', html: '<p>Corps.</p>' };

describe('held stories and translation memory counters', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let handle: DatabaseHandle;
  let storyIds: number[];

  beforeEach(async () => {
    temp = makeTempDir();
    handle = await openDatabase(freshDatabaseLocation(temp.dir));
    const source = await ensureSource(handle.db, 'c1', 'https://news.example/feed.xml');
    await insertDiscoveredStories(handle.db, 'c1', source.id, [
      { url: 'https://news.example/a', originalUrl: 'https://news.example/a' },
      { url: 'https://news.example/b', originalUrl: 'https://news.example/b' },
    ]);
    const other = await ensureSource(handle.db, 'c2', 'https://other.example/feed.xml');
    await insertDiscoveredStories(handle.db, 'c2', other.id, [{ url: 'https://other.example/c', originalUrl: 'https://other.example/c' }]);
    storyIds = (await handle.db.selectFrom('stories').select('id').orderBy('id').execute()).map((row) => row.id);
  });
  afterEach(async () => {
    await handle.close();
    temp.remove();
  });

  it('stores the translation and holds the story in one step; nothing picks it up for publishing', async () => {
    const id = storyIds[0]!;
    await recordTranslationHeld(handle.db, id, translation, 'quality gate language: output is en, not fr');
    expect(await readStory(handle.db, id)).toMatchObject({
      state: 'held',
      failed_stage: 'translate',
      reason: 'quality gate language: output is en, not fr',
      next_attempt_at: null,
    });
    expect(await readTranslation(handle.db, id, 'fr')).toMatchObject({ title: 'Titre', html: '<p>Corps.</p>' });
    for (const stage of ['translate', 'publish'] as const) {
      expect(await listStoriesForStage(handle.db, 'c1', stage, { limit: 10, maxAttempts: 50 })).toEqual([]);
    }
  });

  it('releases a held story to be published as it is, or to be translated again', async () => {
    const [first, second, third] = storyIds as [number, number, number];
    await recordTranslationHeld(handle.db, first, translation, 'quality gate length: too short');
    await recordTranslationHeld(handle.db, second, translation, 'quality gate repetition: looped');
    expect(await releaseHeldStory(handle.db, first)).toEqual({ kind: 'released', state: 'translated' });
    expect(await readStory(handle.db, first)).toMatchObject({ state: 'translated', reason: null, failed_stage: null });
    expect((await listStoriesForStage(handle.db, 'c1', 'publish', { limit: 10, maxAttempts: 5 })).map((s) => s.id)).toEqual([first]);

    expect(await releaseHeldStory(handle.db, second, { retranslate: true })).toEqual({ kind: 'released', state: 'extracted' });
    expect(await releaseHeldStory(handle.db, third)).toEqual({ kind: 'not-held', state: 'discovered' });
    expect(await releaseHeldStory(handle.db, 999_999)).toEqual({ kind: 'unknown' });
  });

  it('counts stories per campaign and state', async () => {
    await recordTranslationHeld(handle.db, storyIds[0]!, translation, 'held');
    await recordTranslated(handle.db, storyIds[2]!, translation);
    expect(await countStoriesByCampaign(handle.db)).toEqual({ c1: { held: 1, discovered: 1 }, c2: { translated: 1 } });
  });

  it('counts memory lookups: hits and misses per engine and pair, over distinct segments', async () => {
    const memory = createTranslationMemory(handle.db);
    const pair = { from: 'en', to: 'fr' };
    expect(await listMemoryUsage(handle.db)).toEqual([]);
    await memory.lookup('apertium', pair, ['One.', 'Two.', 'Two.']);
    await memory.remember('apertium', pair, new Map([['One.', 'Un.'], ['Two.', 'Deux.']]));
    await memory.lookup('apertium', pair, ['One.', 'Two.', 'Three.']);
    await memory.lookup('opus-mt', { from: 'en', to: 'es' }, ['One.']);
    expect(await listMemoryUsage(handle.db)).toEqual([
      { engine: 'apertium', from: 'en', to: 'fr', entries: 2, hits: 2, misses: 3, hitRate: 0.4 },
      { engine: 'opus-mt', from: 'en', to: 'es', entries: 0, hits: 0, misses: 1, hitRate: 0 },
    ]);
    expect(await readMemoryStats(handle.db)).toEqual({ entries: 2, hits: 2, lookupHits: 2, lookupMisses: 4 });
  });
});

describe('human translations in the translation memory', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let handle: DatabaseHandle;
  const pair = { from: 'en', to: 'fr' };

  beforeEach(async () => {
    temp = makeTempDir();
    handle = await openDatabase(freshDatabaseLocation(temp.dir));
  });
  afterEach(async () => {
    await handle.close();
    temp.remove();
  });

  it("win over every engine's translation of the pair and are never overwritten by one", async () => {
    const memory = createTranslationMemory(handle.db);
    await memory.remember('apertium', pair, new Map([['One.', 'Un (apertium).'], ['Two.', 'Deux.']]));
    await handle.db.transaction().execute((trx) => rememberHumanTranslation(trx, pair, 'One.', 'Un.'));
    await memory.remember('apertium', pair, new Map([['One.', 'Un encore (apertium).']]));
    for (const engine of ['apertium', 'deepl']) {
      const found = await memory.lookup(engine, pair, ['One.', 'Two.']);
      expect(found.get('One.'), engine).toEqual({ target: 'Un.', origin: 'human' });
    }
    expect((await memory.lookup('apertium', pair, ['Two.'])).get('Two.')).toEqual({ target: 'Deux.', origin: 'machine' });
    expect((await memory.lookup('deepl', pair, ['Two.'])).has('Two.')).toBe(false);
    expect((await memory.lookup('apertium', { from: 'en', to: 'es' }, ['One.'])).has('One.')).toBe(false);
    await expect(memory.remember(HUMAN_TRANSLATOR, pair, new Map([['One.', 'Autre.']]))).rejects.toThrow(/kept for editors/);
    const usage = await listMemoryUsage(handle.db);
    expect(usage.find((entry) => entry.engine === HUMAN_TRANSLATOR)).toMatchObject({ entries: 1 });
    const human = await handle.db.selectFrom('translation_memory').select('hits').where('engine', '=', HUMAN_TRANSLATOR).executeTakeFirstOrThrow();
    expect(human.hits).toBe(2);
  });
});

describe('migration 002', () => {
  it('adds the memory counters to a database made by migration 001 alone, keeping its rows', async () => {
    const temp = makeTempDir();
    try {
      const file = join(temp.dir, 'old.db');
      const sqlite = new Database(file);
      // What 001 left: its tables and Kysely's record of having run it.
      sqlite.exec(`CREATE TABLE translation_memory (engine TEXT NOT NULL, source_language TEXT NOT NULL, target_language TEXT NOT NULL,
        source TEXT NOT NULL, target TEXT NOT NULL, created_at TEXT NOT NULL, hits INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (engine, source_language, target_language, source));
        CREATE TABLE sources (id INTEGER PRIMARY KEY, campaign_id TEXT NOT NULL, url TEXT NOT NULL);
        CREATE TABLE stories (id INTEGER PRIMARY KEY, url TEXT NOT NULL, state TEXT NOT NULL);
        CREATE TABLE translations (story_id INTEGER NOT NULL, language TEXT NOT NULL, title TEXT NOT NULL, summary TEXT NOT NULL, html TEXT NOT NULL);
        CREATE TABLE publications (story_id INTEGER NOT NULL, language TEXT NOT NULL);
        CREATE TABLE articles (story_id INTEGER PRIMARY KEY, title TEXT NOT NULL, html TEXT NOT NULL, text TEXT NOT NULL);
        CREATE TABLE pages (story_id INTEGER PRIMARY KEY, fetched_at TEXT NOT NULL);
        CREATE TABLE kysely_migration (name VARCHAR(255) NOT NULL PRIMARY KEY, timestamp VARCHAR(255) NOT NULL);
        CREATE TABLE kysely_migration_lock (id VARCHAR(255) NOT NULL PRIMARY KEY, is_locked INTEGER NOT NULL DEFAULT 0);
        INSERT INTO kysely_migration VALUES ('001-initial', '2026-01-01T00:00:00.000Z');
        INSERT INTO translation_memory VALUES ('apertium', 'en', 'fr', 'One.', 'Un.', '2026-01-01T00:00:00.000Z', 3);`);
      sqlite.close();
      const handle = await openDatabase(file);
      try {
        expect(await readMemoryStats(handle.db)).toEqual({ entries: 1, hits: 3, lookupHits: 0, lookupMisses: 0 });
        await createTranslationMemory(handle.db).lookup('apertium', { from: 'en', to: 'fr' }, ['One.']);
        expect((await listMemoryUsage(handle.db))[0]).toMatchObject({ entries: 1, hits: 1, misses: 0, hitRate: 1 });
      } finally {
        await handle.close();
      }
    } finally {
      temp.remove();
    }
  });
});
