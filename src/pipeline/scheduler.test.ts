import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { sql } from 'kysely';
import { pino } from 'pino';
import { parseConfig } from '../config/index.js';
import { listSources, listStories } from '../storage/index.js';
import type { FakeHttpService } from '../../test/support/fake-http-service.js';
import { startFakeLibreTranslate } from '../../test/support/fake-translation-services.js';
import { OPEN_GATES } from '../../test/support/open-gates.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { freshDatabaseLocation } from '../../test/support/test-database.js';
import { waitFor } from '../../test/support/wait-for.js';
import { openPipeline } from './open.js';
import type { RunSummary } from './run.js';
import { startSchedule } from './scheduler.js';

// `relais start`'s loops over a loopback news site: each source polled when it is due, a failing
// one backing off, stories flowing as they appear, and a stop that finishes what is in flight.

const paragraph = (n: number) =>
  `<p>Paragraph ${n} tells how the council met on Tuesday to discuss the new bridge, the budget for schools and the plan for the river banks, which residents have asked about for years.</p>`;
const articlePage = (title: string) =>
  `<!doctype html><html lang="en"><head><title>${title}</title></head><body><article><h1>${title}</h1>${Array.from({ length: 6 }, (_, i) => paragraph(i)).join('')}</article></body></html>`;
const rss = (base: string, paths: readonly string[]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Town News</title><link>${base}/</link>${paths
    .map((path) => `<item><title>Story ${path}</title><link>${base}${path}</link><guid>${base}${path}</guid></item>`)
    .join('')}</channel></rss>`;

/** A response held back until the test releases it. */
interface Held {
  arrived: Promise<void>;
  release(): void;
}

describe('startSchedule', { timeout: 120_000 }, () => {
  let server: Server;
  let base: string;
  let libre: FakeHttpService;
  const temp = makeTempDir();
  const hits = new Map<string, number>();
  /** Each feed's article paths, changed by the tests while the schedule runs. */
  const feeds = new Map<string, string[]>();
  /** The next request for each path waits until released. */
  const holds = new Map<string, { arrive: () => void; released: Promise<void> }>();
  const releases: (() => void)[] = [];

  function hold(path: string): Held {
    let arrive!: () => void;
    let release!: () => void;
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    holds.set(path, { arrive, released });
    releases.push(release);
    return { arrived, release };
  }

  beforeAll(async () => {
    libre = await startFakeLibreTranslate();
    server = createServer((request, response) => {
      const path = request.url ?? '/';
      hits.set(path, (hits.get(path) ?? 0) + 1);
      const answer = () => {
        if (path === '/broken.xml') return response.writeHead(503).end('down for maintenance');
        const feed = feeds.get(path);
        if (feed) return response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(base, feed));
        if (path.startsWith('/a/')) return response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(articlePage(`Story ${path}`));
        return response.writeHead(404).end('not found');
      };
      const wait = holds.get(path);
      if (!wait) return answer();
      holds.delete(path);
      wait.arrive();
      void wait.released.then(answer);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    for (const release of releases) release();
    await new Promise((resolve) => server.close(resolve));
    await libre.close();
    temp.remove();
  });

  // A long idle check by default: the flow then takes new stories only because a poll woke it.
  function configFor(name: string, campaigns: { id: string; feeds: string[]; poll_interval_seconds?: number; schedule?: string }[], idleCheckSeconds = 600) {
    const dataDir = join(temp.dir, name);
    return parseConfig({
      data_dir: dataDir,
      database: freshDatabaseLocation(dataDir),
      fetch: { allow_hosts: [new URL(base).host] },
      engines: { libretranslate: { url: libre.url } },
      pipeline: { idle_check_seconds: idleCheckSeconds },
      campaigns: campaigns.map(({ feeds: paths, ...campaign }) => ({
        ...campaign,
        sources: paths.map((path) => `${base}${path}`),
        to: 'fr',
        category: 'Ville',
        engine: 'libretranslate',
        cleanup: { min_words: 40 },
        quality: OPEN_GATES,
      })),
    });
  }

  const storyStates = async (db: Parameters<typeof listStories>[0]) =>
    Object.fromEntries((await listStories(db)).map((story) => [story.url.replace(base, ''), story.state]));

  it('polls each source at its own pace, backs a failing one off, and publishes a story that appears later', async () => {
    feeds.set('/fast.xml', ['/a/fast-1.html']);
    feeds.set('/slow.xml', ['/a/slow-1.html']);
    const config = configFor('pace', [
      { id: 'fast', feeds: ['/fast.xml', '/broken.xml'], poll_interval_seconds: 0.1 },
      { id: 'slow', feeds: ['/slow.xml'], poll_interval_seconds: 2 },
    ]);
    const pipeline = await openPipeline(config, { logger: pino({ level: 'silent' }) });
    const caughtUp: RunSummary[] = [];
    const schedule = startSchedule(pipeline.ctx, { onCaughtUp: (summary) => caughtUp.push(summary) });
    const db = pipeline.database.db;
    try {
      await waitFor(() => hits.get('/slow.xml') ?? 0, (count) => count >= 3, 'polls of the slow source');
      // Twenty times the slow source's rate; a fifth of that is plenty to tell the two paces apart.
      expect(hits.get('/fast.xml') ?? 0).toBeGreaterThan(4 * (hits.get('/slow.xml') ?? 0));
      // The failing source was polled once and waits out its backoff (minutes) while the others go on.
      expect(hits.get('/broken.xml')).toBe(1);
      const broken = (await listSources(db)).find((source) => source.url.endsWith('/broken.xml'))!;
      expect(broken).toMatchObject({ errorCount: 1, lastError: expect.stringMatching(/503/) });
      expect(Date.parse(broken.nextPollAt!) - Date.now()).toBeGreaterThan(60_000);
      expect(schedule.health()).toEqual({ ok: true, detail: expect.stringMatching(/^last poll at .*; 1 of 3 sources failing/) });

      const woken = 60_000;
      await waitFor(() => storyStates(db), (states) => states['/a/fast-1.html'] === 'published' && states['/a/slow-1.html'] === 'published', 'the first stories published', woken);
      feeds.set('/fast.xml', ['/a/fast-2.html', '/a/fast-1.html']);
      await waitFor(() => storyStates(db), (states) => states['/a/fast-2.html'] === 'published', 'the story that appeared later published', woken);
      expect(await db.selectFrom('publications').select('story_id').execute()).toHaveLength(3);
      // Each time the flow caught up it said what it did since the last time: three stories in all.
      await waitFor(() => caughtUp.reduce((sum, summary) => sum + summary.published, 0), (published) => published === 3, 'stories reported published');
      expect(caughtUp.reduce((sum, summary) => sum + summary.discovered, 0)).toBe(3);
      expect(hits.get('/broken.xml')).toBe(1);
    } finally {
      await schedule.stop();
      await pipeline.close();
    }
  });

  it('finishes the polls and stories in flight when stopped, losing none, and a restart goes on from there', async () => {
    feeds.set('/in-flight.xml', ['/a/held.html']);
    feeds.set('/held-feed.xml', ['/a/from-held-feed.html']);
    const config = configFor('stop', [{ id: 'town', feeds: ['/in-flight.xml', '/held-feed.xml'], schedule: '0 0 1 1 *' }]);
    const article = hold('/a/held.html');
    const feed = hold('/held-feed.xml');
    const first = await openPipeline(config, { logger: pino({ level: 'silent' }) });
    const schedule = startSchedule(first.ctx);
    let stopped = false;
    try {
      await Promise.all([article.arrived, feed.arrived]);
      const stopping = schedule.stop().then(() => (stopped = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(stopped).toBe(false);
      article.release();
      feed.release();
      await stopping;
      const db = first.database.db;
      // The fetch in flight finished (and nothing was claimed after it); the poll in flight recorded its story.
      expect(await storyStates(db)).toEqual({ '/a/held.html': 'fetched', '/a/from-held-feed.html': 'discovered' });
      expect(await db.selectFrom('stories').select('id').where('lease_owner', 'is not', null).execute()).toEqual([]);
    } finally {
      if (!stopped) await schedule.stop();
      await first.close();
    }

    // Polled under a yearly schedule, the sources are not due again; the flow takes the stories on.
    const hitsBefore = hits.get('/in-flight.xml');
    const second = await openPipeline(config, { logger: pino({ level: 'silent' }) });
    const again = startSchedule(second.ctx);
    try {
      const db = second.database.db;
      await waitFor(() => storyStates(db), (states) => Object.values(states).every((state) => state === 'published'), 'the stories published after the restart');
      expect(await db.selectFrom('publications').select('story_id').execute()).toHaveLength(2);
      expect(hits.get('/in-flight.xml')).toBe(hitsBefore);
      expect(hits.get('/a/held.html')).toBe(1);
    } finally {
      await again.stop();
      await second.close();
    }
  });

  it('says on its health when polling fails, why, and that it works again once it does', async () => {
    feeds.set('/quiet.xml', []);
    // Polling is tried again after idle_check_seconds when the database fails.
    const config = configFor('health', [{ id: 'quiet', feeds: ['/quiet.xml'], poll_interval_seconds: 0.1 }], 0.2);
    const pipeline = await openPipeline(config, { logger: pino({ level: 'silent' }) });
    const schedule = startSchedule(pipeline.ctx);
    const db = pipeline.database.db;
    try {
      await waitFor(() => schedule.health(), (health) => health.detail.startsWith('last poll at'), 'a first poll');
      // The database, not the feed, fails: the table the poller writes to is gone for a while.
      await sql`ALTER TABLE sources RENAME TO sources_away`.execute(db);
      const failing = await waitFor(() => schedule.health(), (health) => !health.ok, 'health once the sources table is gone');
      expect(failing.detail).toMatch(/^polling failed at \S+: http:\/\/127\.0\.0\.1:\d+\/quiet\.xml: .*sources/);
      await sql`ALTER TABLE sources_away RENAME TO sources`.execute(db);
      await waitFor(() => schedule.health(), (health) => health.ok && health.detail.startsWith('last poll at'), 'health once the table is back');
    } finally {
      await schedule.stop();
      await pipeline.close();
    }
  });
});
