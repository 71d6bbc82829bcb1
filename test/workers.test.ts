import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveNewsSite, type NewsSiteServer } from '../src/cli/demo/news-server.js';
import type { FakeHttpService } from './support/fake-http-service.js';
import { startFakeLibreTranslate } from './support/fake-translation-services.js';
import { relaisBin, runRelais } from './support/run-relais.js';
import { makeTempDir } from './support/temp-dir.js';
import { freshDatabaseLocation } from './support/test-database.js';
import { fixtureNewsCampaign } from './support/open-gates.js';
import { readStoryCounts } from './support/story-counts.js';
import { waitFor } from './support/wait-for.js';

// `relais worker` processes sharing one database, as users run them: each story is leased to one
// worker at a time, so two workers publish every story exactly once, and the stories of a worker
// killed while holding them are taken over. On SQLite by default, on PostgreSQL under test:postgres.

const fixtureDir = fileURLToPath(new URL('./fixtures/news-site', import.meta.url));

describe('relais worker', { timeout: 180_000 }, () => {
  let news: NewsSiteServer;
  let libre: FakeHttpService;
  const temp = makeTempDir();
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    [news, libre] = await Promise.all([serveNewsSite(fixtureDir), startFakeLibreTranslate()]);
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await Promise.all([news.stop(), libre.close()]);
    temp.remove();
  });

  /** A configuration of its own (own database); `perHostDelayMs` spaces the fetches so leases are held a while. */
  function writeConfig(name: string, perHostDelayMs = 0): { file: string; database: string } {
    const dataDir = join(temp.dir, name);
    const file = join(temp.dir, `${name}.json`);
    // A SQLite file here; a PostgreSQL database under `npm run test:postgres`.
    const database = freshDatabaseLocation(dataDir);
    writeFileSync(
      file,
      JSON.stringify({
        data_dir: dataDir,
        database,
        fetch: { allow_hosts: [new URL(news.baseUrl).host], per_host_delay_ms: perHostDelayMs },
        engines: { libretranslate: { url: libre.url } },
        pipeline: { lease_seconds: 2, idle_check_seconds: 0.1 },
        campaigns: [fixtureNewsCampaign(news.baseUrl)],
      }),
    );
    return { file, database };
  }

  function startWorker(config: string, stages?: string): ChildProcess {
    const args = [relaisBin, 'worker', '--config', config, ...(stages ? ['--stages', stages] : [])];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.resume();
    child.stderr?.resume();
    children.push(child);
    return child;
  }

  const stopped = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));

  it('two workers on one database publish every story exactly once, and stop cleanly on SIGTERM', async () => {
    const { file, database } = writeConfig('shared');
    const poll = await runRelais(['run', '--until', 'poll', '--config', file]);
    expect(poll.code, poll.stderr).toBe(0);
    const before = await readStoryCounts(database);
    expect(before.stories).toBeGreaterThan(1);
    // One worker fetches and extracts; the other (the GPU shape) only translates and publishes.
    const workers = [startWorker(file, 'fetch,extract'), startWorker(file, 'translate,publish')];
    const after = await waitFor(() => readStoryCounts(database), (counts) => counts.settled === counts.stories, 'stories settled');
    for (const worker of workers) worker.kill('SIGTERM');
    expect(await Promise.all(workers.map(stopped))).toEqual([0, 0]);
    // The fixture's junk page is skipped; every article is published, once.
    expect(after.published).toBe(before.stories - 1);
    expect(after.publications).toBe(after.published);
    expect(after.publishedStories).toBe(after.published);
    expect((await readStoryCounts(database)).leased).toBe(0);
  });

  it("takes over the stories of a worker killed while it holds them", async () => {
    const { file, database } = writeConfig('killed', 700);
    expect((await runRelais(['run', '--until', 'poll', '--config', file])).code).toBe(0);
    const first = startWorker(file);
    await waitFor(() => readStoryCounts(database), (counts) => counts.leased > 0, 'a story leased by the first worker');
    first.kill('SIGKILL');
    await stopped(first);
    const held = await readStoryCounts(database);
    expect(held.leased).toBeGreaterThan(0);
    expect(held.settled).toBeLessThan(held.stories);
    const second = startWorker(file);
    const after = await waitFor(() => readStoryCounts(database), (counts) => counts.settled === counts.stories, 'stories settled after the kill');
    second.kill('SIGTERM');
    expect(await stopped(second)).toBe(0);
    expect(after.published).toBe(after.stories - 1);
    expect(after.publications).toBe(after.published);
    expect(after.publishedStories).toBe(after.published);
  });
});
