import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { LeaseLostError } from '../domain/errors.js';
import { claimStories, releaseLeases, renewLeases, runFenced } from './leases.js';
import { freshDatabaseLocation } from '../../test/support/test-database.js';
import { ensureSource, insertDiscoveredStories, openDatabase, readStory, recordFailed, type DatabaseHandle } from './index.js';
import { recordFetched } from './stories.js';

describe('story leases', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let first: DatabaseHandle;
  let second: DatabaseHandle;
  const now = new Date();

  beforeEach(async () => {
    temp = makeTempDir();
    const file = freshDatabaseLocation(temp.dir);
    first = await openDatabase(file);
    // A second connection to the same file, as a second worker process has.
    second = await openDatabase(file);
    const source = await ensureSource(first.db, 'c1', 'https://news.example/feed.xml');
    const items = Array.from({ length: 6 }, (_, i) => ({ url: `https://news.example/${i}`, originalUrl: `https://news.example/${i}` }));
    await insertDiscoveredStories(first.db, 'c1', source.id, items);
  });
  afterEach(async () => {
    await first.close();
    await second.close();
    temp.remove();
  });

  const claim = (handle: DatabaseHandle, owner: string, limit: number, at = now) =>
    claimStories(handle.db, { owner, stage: 'fetch', campaignIds: ['c1'], maxAttempts: 3, limit, leaseMs: 60_000, now: at });

  it('gives each ready story to one owner until its lease is released or runs out', async () => {
    const a = await claim(first, 'a', 4);
    const b = await claim(second, 'b', 4);
    expect(a).toHaveLength(4);
    expect(b).toHaveLength(2);
    expect(new Set([...a, ...b].map((story) => story.id)).size).toBe(6);
    expect(await claim(second, 'b', 4)).toEqual([]);
    await releaseLeases(first.db, 'a', [a[0]!.id]);
    expect((await claim(second, 'b', 4)).map((story) => story.id)).toEqual([a[0]!.id]);
    // Past the expiry, every lease has run out: the stories go to whoever claims.
    const later = new Date(now.getTime() + 61_000);
    expect(await claim(second, 'c', 10, later)).toHaveLength(6);
    expect(await renewLeases(first.db, 'a', a.map((story) => story.id), 60_000, later)).toEqual([]);
  });

  it('lets only the lease owner write a story, rolling back what the lost owner wrote with it', async () => {
    const [story] = await claim(first, 'a', 1);
    const id = story!.id;
    await releaseLeases(first.db, 'a', [id]);
    await claim(second, 'b', 1);
    const page = { finalUrl: 'https://news.example/0', contentType: 'text/html', body: new TextEncoder().encode('<p>x</p>') };
    await expect(runFenced('a', () => recordFetched(first.db, id, page))).rejects.toBeInstanceOf(LeaseLostError);
    await expect(runFenced('a', () => recordFailed(first.db, id, 'fetch', 'x', null))).rejects.toBeInstanceOf(LeaseLostError);
    expect(await first.db.selectFrom('pages').select('story_id').where('story_id', '=', id).execute()).toEqual([]);
    expect((await readStory(first.db, id))?.state).toBe('discovered');
    await runFenced('b', () => recordFetched(second.db, id, page));
    expect((await readStory(first.db, id))?.state).toBe('fetched');
  });
});
