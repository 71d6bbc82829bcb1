import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  createTranslationMemory,
  ensureSource,
  insertDiscoveredStories,
  listStoriesForStage,
  openDatabase,
  recordExtracted,
  recordFetched,
  recordPublished,
  recordSkipped,
  recordTranslated,
} from '../../src/storage/index.js';
import { makeTempDir } from '../support/temp-dir.js';
import { compareRelayStates, readRelayState, type RelayState } from './relay-state.js';

// The chaos run's verdict rests on these checks: each kind of damage a kill could do must be reported.
describe('compareRelayStates', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let reference: RelayState;
  let file: string;
  const published = 'https://news.example/a';
  const skipped = 'https://news.example/b';

  beforeAll(async () => {
    temp = makeTempDir();
    file = join(temp.dir, 'reference.db');
    const handle = await openDatabase(file);
    const source = await ensureSource(handle.db, 'c', 'https://news.example/feed.xml');
    await insertDiscoveredStories(handle.db, 'c', source.id, [published, skipped].map((url) => ({ url, originalUrl: url })));
    const [a, b] = await listStoriesForStage(handle.db, 'c', 'fetch', { limit: 10, maxAttempts: 3 });
    await recordFetched(handle.db, a!.id, { finalUrl: published, contentType: 'text/html', body: new TextEncoder().encode('<html><p>Body.</p></html>') });
    const blocks = { source: 'news.example', fingerprints: ['f1', 'f2'] };
    await recordExtracted(handle.db, a!.id, { title: 'Title', html: '<p>Body.</p>', text: 'Body.', wordCount: 1 }, blocks);
    await createTranslationMemory(handle.db).remember('apertium', { from: 'en', to: 'fr' }, new Map([['Body.', 'Corps.']]));
    await recordTranslated(handle.db, a!.id, { language: 'fr', engine: 'apertium', title: 'Titre', summary: '', html: '<p>Corps.</p>' });
    await recordPublished(handle.db, a!.id, { language: 'fr', slug: 'titre', categoryName: 'X', categorySlug: 'x', sourceName: 'News' });
    await recordSkipped(handle.db, b!.id, 'extract', 'not an article');
    await handle.close();
    reference = readRelayState(file);
  });
  afterAll(() => temp.remove());

  function damaged(statement: string): string[] {
    const copy = join(temp.dir, `copy-${Math.random().toString(36).slice(2)}.db`);
    copyFileSync(file, copy);
    const db = new Database(copy);
    db.exec(statement);
    db.close();
    return compareRelayStates(reference, readRelayState(copy));
  }

  it('finds nothing wrong with an identical database', () => {
    expect(reference.integrity).toEqual(['ok']);
    expect(damaged('SELECT 1')).toEqual([]);
  });

  it.each([
    ['a story left mid-pipeline', `UPDATE stories SET state = 'translated' WHERE url = '${published}'`, /stuck in translated/],
    ['a story failed for good', `UPDATE stories SET state = 'failed', reason = 'boom' WHERE url = '${skipped}'`, /stuck in failed \(boom\)/],
    ['a published story with no publication', `DELETE FROM publications`, /published 0 times, expected 1/],
    ['a skipped story published', `UPDATE stories SET state = 'published' WHERE url = '${skipped}'`, /published where the uninterrupted run left it skipped/],
    ['a torn page', `UPDATE pages SET body_gzip = substr(body_gzip, 1, 12)`, /does not decompress to a whole document/],
    ['half a translation', `UPDATE translations SET html = '<p>Cor'`, /translation differs/],
    ['a missing article', `DELETE FROM articles`, /extracted article differs/],
    ['fingerprints counted twice', `INSERT INTO boilerplate_blocks (source, fingerprint, story_id) SELECT source, 'f3', story_id FROM boilerplate_blocks LIMIT 1`, /fingerprints differ/],
    ['a wrong memory entry', `UPDATE translation_memory SET target = 'Cor'`, /translation memory: .*Body\. → Cor, expected Corps\./],
    ['a lost memory entry', `DELETE FROM translation_memory`, /translation memory: missing/],
    ['a lost story', `DELETE FROM stories WHERE url = '${skipped}'`, /news\.example\/b: lost/],
    ['a row pointing nowhere', `PRAGMA foreign_keys = OFF; DELETE FROM stories WHERE url = '${published}'`, /foreign_key_check: \d+ rows point nowhere/],
  ])('reports %s', (_name, statement, expected) => {
    expect(damaged(statement).join('\n')).toMatch(expected);
  });
});
