import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { freshDatabaseLocation } from '../../test/support/test-database.js';
import { openDatabase, type DatabaseHandle } from './db.js';
import { takeHostTurn } from './host-turns.js';

// The per-host gate on a real SQLite file, opened twice as two processes would.

const temp = makeTempDir();
const handles: DatabaseHandle[] = [];
afterEach(async () => {
  await Promise.all(handles.splice(0).map((handle) => handle.close()));
});
afterAll(() => temp.remove());

async function open(name: string): Promise<DatabaseHandle> {
  const handle = await openDatabase(freshDatabaseLocation(temp.dir, `${name}.db`));
  handles.push(handle);
  return handle;
}

describe('takeHostTurn', () => {
  it('gives the first request its turn now and each next one the spacing after the last', async () => {
    const { db } = await open('sequence');
    const now = 1_000_000;
    expect(await takeHostTurn(db, 'news.example', 500, now)).toBe(0);
    expect(await takeHostTurn(db, 'news.example', 500, now)).toBe(500);
    expect(await takeHostTurn(db, 'news.example', 500, now + 100)).toBe(900);
    // Another host has turns of its own.
    expect(await takeHostTurn(db, 'other.example', 500, now)).toBe(0);
    // Once the booked turns have passed, the next one is now again.
    expect(await takeHostTurn(db, 'news.example', 500, now + 10_000)).toBe(0);
  });

  it('never hands the same turn to two connections on one database', async () => {
    const first = await open('shared');
    const second = await openDatabase(first.file);
    handles.push(second);
    const now = 2_000_000;
    const waits = await Promise.all(
      Array.from({ length: 12 }, (_, i) => takeHostTurn((i % 2 === 0 ? first : second).db, 'news.example', 250, now)),
    );
    expect(waits.sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i * 250));
  });
});
afterAll(() => temp.remove());
