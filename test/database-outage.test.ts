import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveNewsSite, type NewsSiteServer } from '../src/cli/demo/news-server.js';
import type { FakeHttpService } from './support/fake-http-service.js';
import { startFakeLibreTranslate } from './support/fake-translation-services.js';
import { fixtureNewsCampaign } from './support/open-gates.js';
import { postgresAvailable, startPostgresCluster, type PostgresCluster } from './support/postgres.js';
import { relaisBin, runRelais } from './support/run-relais.js';
import { readStoryCounts } from './support/story-counts.js';
import { makeTempDir } from './support/temp-dir.js';
import { waitFor } from './support/wait-for.js';

// A PostgreSQL server shut down under a running `relais worker`, as an operator restarting it
// would: the worker says once that the database is unreachable, waits, says when it is back, and
// then finishes every story, none lost, failed or published twice. relais start waits the same way. The
// cluster is these tests' own: they stop and start it.

const fixtureDir = fileURLToPath(new URL('./fixtures/news-site', import.meta.url));

describe.skipIf(!postgresAvailable())('relais worker and relais start when PostgreSQL goes away', { timeout: 180_000 }, () => {
  let cluster: PostgresCluster;
  let news: NewsSiteServer;
  let libre: FakeHttpService;
  const temp = makeTempDir();
  let running: ChildProcess | undefined;

  beforeAll(async () => {
    [cluster, news, libre] = await Promise.all([startPostgresCluster(), serveNewsSite(fixtureDir), startFakeLibreTranslate()]);
  });
  afterAll(async () => {
    if (running?.exitCode === null) running.kill('SIGKILL');
    await Promise.all([news?.stop(), libre?.close()]);
    cluster?.stop();
    temp.remove();
  });

  /** A configuration of its own, on a fresh database of the cluster. */
  function writeConfig(name: string, extra: Record<string, unknown> = {}): { config: string; database: string } {
    const database = cluster.createDatabase();
    const config = join(temp.dir, `${name}.json`);
    writeFileSync(
      config,
      JSON.stringify({
        data_dir: join(temp.dir, name),
        database,
        // Spaced fetches keep the worker busy long enough for the server to go away mid-run.
        fetch: { allow_hosts: [new URL(news.baseUrl).host], per_host_delay_ms: 700 },
        engines: { libretranslate: { url: libre.url } },
        pipeline: { lease_seconds: 2, idle_check_seconds: 0.1 },
        campaigns: [fixtureNewsCampaign(news.baseUrl)],
        ...extra,
      }),
    );
    return { config, database };
  }

  /** A configuration of its own whose stories are polled, ready for a worker. */
  async function pollInto(name: string): Promise<{ config: string; database: string }> {
    const { config, database } = writeConfig(name);
    const poll = await runRelais(['run', '--until', 'poll', '--config', config]);
    expect(poll.code, poll.stderr).toBe(0);
    return { config, database };
  }

  /** Starts `relais COMMAND --config CONFIG`, its log kept; at debug level it also logs each further try to reach the database. */
  function startRelais(command: 'worker' | 'start', config: string) {
    const env = { ...process.env, RELAIS_LOG_LEVEL: 'debug' };
    const child = spawn(process.execPath, [relaisBin, command, '--config', config], { stdio: ['ignore', 'pipe', 'pipe'], env });
    running = child;
    child.stdout.resume();
    let log = '';
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    // The log is JSON lines; a line that is not (an error printed on the way out) is kept as it is.
    const messages = () => log.split('\n').filter(Boolean).map((line) => (line.startsWith('{') ? (JSON.parse(line) as { msg: string }).msg : line));
    const count = (prefix: string) => messages().filter((line) => line.startsWith(prefix)).length;
    /** Waits until `prefix` starts `times` lines of the log, failing with the log if the worker ends first. */
    const logged = async (prefix: string, times = 1) => {
      await waitFor(async () => count(prefix), (seen) => seen >= times || child.exitCode !== null, `${times} log lines starting "${prefix}"`);
      expect(child.exitCode, log).toBeNull();
    };
    return { child, exited, messages, count, logged, log: () => log };
  }

  it('waits for the database with one log line per outage, then publishes every story exactly once', async () => {
    const { config, database } = await pollInto('mid-run');
    const worker = startRelais('worker', config);
    const during = await waitFor(() => readStoryCounts(database), (counts) => counts.leased > 0, 'a story leased by the worker');
    cluster.stopServer();
    expect(during.settled).toBeLessThan(during.stories);
    await worker.logged('database unreachable at');
    // Two tries after the first failure (1 s, then 2 s later) outlast the 2 s leases the worker held.
    await worker.logged('database still unreachable', 2);
    cluster.startServer();
    await worker.logged('database reachable again');
    const after = await waitFor(() => readStoryCounts(database), (counts) => counts.settled === counts.stories, 'stories settled after the outage');
    worker.child.kill('SIGTERM');
    expect(await worker.exited, worker.log()).toBe(0);

    const outage = worker.messages().filter((line) => line.startsWith('database unreachable at'));
    expect(outage).toHaveLength(1);
    expect(outage[0]).toMatch(/retrying in \d+ s/);
    expect(after.failed).toBe(0);
    // The fixture's junk page is skipped; every article is published, once.
    expect(after.published).toBe(after.stories - 1);
    expect(after.publications).toBe(after.published);
    expect(after.publishedStories).toBe(after.published);
    expect(worker.messages()).not.toContain('story failed');
  });

  it('starts once its database does, says so again for a second outage, and stops cleanly on SIGTERM during one', async () => {
    const { config } = await pollInto('late-server');
    cluster.stopServer();
    try {
      const worker = startRelais('worker', config);
      await worker.logged('database unreachable at');
      expect(worker.count('worker started')).toBe(0);
      cluster.startServer();
      await worker.logged('worker started');
      expect(worker.count('database reachable again')).toBe(1);
      cluster.stopServer();
      await worker.logged('database unreachable at', 2);
      worker.child.kill('SIGTERM');
      expect(await worker.exited, worker.log()).toBe(0);
      // Stories cut short on the way out are not another outage.
      expect(worker.count('database unreachable at'), worker.log()).toBe(2);
    } finally {
      cluster.startServer();
    }
  });

  it('relais start waits for its database the same way', async () => {
    const { config } = writeConfig('start', { site: { port: 0 } });
    const start = startRelais('start', config);
    // The flow says what it did each time it has caught up with what the polls found.
    await start.logged('caught up:');
    cluster.stopServer();
    await start.logged('database unreachable at');
    cluster.startServer();
    await start.logged('database reachable again');
    start.child.kill('SIGTERM');
    expect(await start.exited, start.log()).toBe(0);
    expect(start.count('database unreachable at'), start.log()).toBe(1);
  });
});
