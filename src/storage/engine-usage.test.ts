import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics, instrumentEngine } from '../metrics/index.js';
import type { TranslationEngine } from '../domain/types.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { freshDatabaseLocation } from '../../test/support/test-database.js';
import { openDatabase, type DatabaseHandle } from './db.js';
import { listEngineUsage, recordEngineUsage } from './engine-usage.js';

describe('engine usage per day', () => {
  const temp = makeTempDir();
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase(freshDatabaseLocation(temp.dir));
  });
  afterAll(async () => {
    await handle.close();
    temp.remove();
  });

  it('adds up the characters of every request sent through an instrumented engine, per UTC day', async () => {
    const echo: TranslationEngine = {
      id: 'apertium',
      capabilities: { pairs: 'any', maxBatch: 10, markup: false },
      translate: async (segments: readonly string[]) => [...segments],
      check: async () => undefined,
      close: async () => undefined,
    } as unknown as TranslationEngine;
    const engine = instrumentEngine(echo, createMetrics(), (characters) => recordEngineUsage(handle.db, 'apertium', characters));
    await engine.translate(['Hello', 'world'], { from: 'en', to: 'fr' });
    await engine.translate(['Again'], { from: 'en', to: 'fr' });
    await recordEngineUsage(handle.db, 'deepl', 100, new Date('2026-11-30T23:59:00Z'));
    const today = new Date().toISOString().slice(0, 10);
    const usage = await listEngineUsage(handle.db, 3650);
    expect(usage.find((day) => day.engine === 'apertium' && day.day === today)).toEqual({ engine: 'apertium', day: today, characters: 15, requests: 2 });
    expect(usage.find((day) => day.engine === 'deepl')).toEqual({ engine: 'deepl', day: '2026-11-30', characters: 100, requests: 1 });
  });
});
