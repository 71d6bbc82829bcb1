import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig, type Config } from '../../config/index.js';
import { databaseFile } from '../../pipeline/index.js';
import {
  createTranslationMemory,
  ensureSource,
  insertDiscoveredStories,
  openDatabase,
  readStory,
  recordTranslationHeld,
} from '../../storage/index.js';
import { runRelais } from '../../../test/support/run-relais.js';
import { makeTempDir } from '../../../test/support/temp-dir.js';
import { freshDatabaseLocation } from '../../../test/support/test-database.js';
import { releaseStory } from './review.js';
import { formatStats, readStats } from './stats.js';

const relais = (args: string[]) => runRelais(args);

describe('relais stats and stories release', { timeout: 60_000 }, () => {
  let temp: ReturnType<typeof makeTempDir>;
  let config: Config;
  let configFile: string;
  let heldIds: number[];

  beforeAll(async () => {
    temp = makeTempDir();
    const campaign = { sources: ['https://news.example/feed.xml'], to: 'fr', category: 'Monde' };
    config = parseConfig({
      data_dir: join(temp.dir, 'data'),
      database: freshDatabaseLocation(join(temp.dir, 'data')),
      campaigns: [{ id: 'busy', ...campaign }, { id: 'idle', ...campaign }],
    });
    configFile = join(temp.dir, 'relais.yaml');
    writeFileSync(configFile, JSON.stringify(config));
    const database = await openDatabase(databaseFile(config));
    try {
      const source = await ensureSource(database.db, 'busy', 'https://news.example/feed.xml');
      await insertDiscoveredStories(database.db, 'busy', source.id, ['a', 'b', 'c'].map((path) => ({ url: `https://news.example/${path}`, originalUrl: `https://news.example/${path}` })));
      const ids = (await database.db.selectFrom('stories').select('id').orderBy('id').execute()).map((row) => row.id);
      heldIds = ids.slice(0, 2);
      for (const id of heldIds) {
        await recordTranslationHeld(database.db, id, { language: 'fr', engine: 'apertium', title: 'T', summary: '', html: '<p>x</p>' }, 'quality gate language: output is en, not fr');
      }
      const memory = createTranslationMemory(database.db);
      const pair = { from: 'en', to: 'fr' };
      await memory.lookup('apertium', pair, ['One.', 'Two.', 'Three.', 'Four.']);
      await memory.remember('apertium', pair, new Map([['One.', 'Un.'], ['Two.', 'Deux.'], ['Three.', 'Trois.'], ['Four.', 'Quatre.']]));
      await memory.lookup('apertium', pair, ['One.', 'Two.', 'Three.', 'Five.']);
    } finally {
      await database.close();
    }
  });
  afterAll(() => temp.remove());

  it('reads stories by state per campaign, configured campaigns included, and the memory hit rate', async () => {
    const stats = await readStats(config);
    expect(stats.campaigns).toEqual([
      { id: 'busy', states: { held: 2, discovered: 1 } },
      { id: 'idle', states: {} },
    ]);
    expect(stats.memory).toEqual([{ engine: 'apertium', from: 'en', to: 'fr', entries: 4, hits: 3, misses: 5, hitRate: 3 / 8 }]);
    const text = formatStats(stats);
    expect(text).toMatch(/^busy\s+1\s+0\s+0\s+0\s+0\s+2\s+0\s+0\s+0\s+3$/m);
    expect(text).toMatch(/^apertium\s+en→fr\s+4\s+3\s+5\s+37\.5%$/m);
  });

  it('prints the same through the command line, and releases a held story', async () => {
    const stats = await relais(['stats', '--config', configFile]);
    expect(stats.stderr).toBe('');
    expect(stats.stdout).toMatch(/hit rate/);
    expect(stats.stdout).toMatch(/37\.5%/);

    const released = await relais(['stories', 'release', String(heldIds[0]), '--config', configFile]);
    expect(released.stdout).toMatch(/released story \d+ \(quality gate language.*\): the next run publishes/);
    const again = await relais(['stories', 'release', String(heldIds[0]), '--config', configFile]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/is translated, not held/);
  });

  it('re-queues a held story for translation with --retranslate', async () => {
    await expect(releaseStory(config, heldIds[1]!, { retranslate: true })).resolves.toMatch(/translates it again/);
    const database = await openDatabase(databaseFile(config));
    try {
      expect(await readStory(database.db, heldIds[1]!)).toMatchObject({ state: 'extracted', reason: null });
    } finally {
      await database.close();
    }
  });
});
