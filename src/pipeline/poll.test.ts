import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { pino } from 'pino';
import { parseConfig } from '../config/index.js';
import { FeedError } from '../domain/errors.js';
import { listSources } from '../storage/index.js';
import { startLoopbackSite, type LoopbackSite } from '../../test/support/loopback-site.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { openPipeline } from './open.js';
import { fetchFeed, pollCampaign } from './poll.js';
import { freshDatabaseLocation } from '../../test/support/test-database.js';

describe('fetchFeed', () => {
  let site: LoopbackSite;
  const page = '<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body><p>Home</p></body></html>';

  beforeAll(async () => {
    site = await startLoopbackSite((request, response) => {
      if (request.url === '/latest') return response.writeHead(302, { location: '/feed.xml' }).end();
      if (request.url === '/') return response.writeHead(200, { 'content-type': 'text/html' }).end(page);
      if (request.headers['if-none-match'] === '"v1"') return response.writeHead(304).end();
      response.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' });
      return response.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Town News</title><item><link>${site.base}/a</link></item></channel></rss>`);
    });
  });
  afterAll(() => site.close());

  it('parses the feed at its final URL and keeps its validators', async () => {
    const outcome = await fetchFeed(site.fetcher, `${site.base}/latest`);
    expect(outcome).toMatchObject({ kind: 'feed', url: `${site.base}/feed.xml`, validators: { etag: '"v1"' }, feed: { title: 'Town News', items: [{ url: `${site.base}/a` }] } });
  });

  it('says not-modified when the validators still hold', async () => {
    expect(await fetchFeed(site.fetcher, `${site.base}/feed.xml`, { validators: { etag: '"v1"' } })).toEqual({ kind: 'not-modified' });
  });

  it('fails on an HTML page, or hands it back decoded when asked to', async () => {
    await expect(fetchFeed(site.fetcher, `${site.base}/`)).rejects.toThrow(FeedError);
    await expect(fetchFeed(site.fetcher, `${site.base}/`)).rejects.toThrow(`not a feed: got an HTML page from ${site.base}/`);
    expect(await fetchFeed(site.fetcher, `${site.base}/`, { pages: 'return' })).toEqual({ kind: 'page', url: `${site.base}/`, contentType: 'text/html', text: page });
    expect(await fetchFeed(site.fetcher, `${site.base}/feed.xml`, { pages: 'return' })).toMatchObject({ kind: 'feed' });
  });
});

describe('pollCampaign', () => {
  let server: Server;
  let base: string;
  let requests: string[];
  let temp: ReturnType<typeof makeTempDir>;

  beforeAll(async () => {
    requests = [];
    server = createServer((request, response) => {
      requests.push(`${request.url} ${request.headers['if-none-match'] ?? '-'}`);
      if (request.url === '/broken.xml') {
        response.writeHead(503, { 'retry-after': '120' }).end('busy');
        return;
      }
      if (request.headers['if-none-match'] === '"v1"') {
        response.writeHead(304).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' });
      response.end(
        `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>` +
          `<item><title>A</title><link>${base}/a?utm_source=rss</link></item>` +
          `<item><title>A again</title><link>${base}/a?utm_medium=feed</link></item></channel></rss>`,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    temp = makeTempDir();
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    temp.remove();
  });

  it('uses conditional GET, dedupes canonical URLs, and records a failing source with its backoff', async () => {
    const config = parseConfig({
      data_dir: join(temp.dir, 'data'),
      database: freshDatabaseLocation(join(temp.dir, 'data')),
      fetch: { allow_hosts: [new URL(base).host] },
      campaigns: [{ id: 'c', sources: [`${base}/feed.xml`, `${base}/broken.xml`], to: 'fr', category: 'X' }],
    });
    const campaign = config.campaigns[0]!;
    const pipeline = await openPipeline(config, { logger: pino({ level: 'silent' }) });
    try {
      expect(await pollCampaign(pipeline.ctx, campaign)).toEqual({ discovered: 1, sourcesFailed: 1 });
      // robots.txt is asked once for the origin both sources share, then cached.
      expect(requests).toEqual(['/robots.txt -', '/feed.xml -', '/broken.xml -']);
      const broken = (await listSources(pipeline.database.db)).find((source) => source.url.endsWith('/broken.xml'))!;
      expect(broken.errorCount).toBe(1);
      expect(broken.lastError).toMatch(/503/);
      expect(Date.parse(broken.nextPollAt!) - Date.now()).toBeGreaterThan(60_000);
      // `relais run` polls a failing source anyway (relais start waits out its backoff: scheduler.test.ts).
      expect(await pollCampaign(pipeline.ctx, campaign)).toEqual({ discovered: 0, sourcesFailed: 1 });
      expect(requests.slice(3)).toEqual(['/feed.xml "v1"', '/broken.xml -']);
      expect((await listSources(pipeline.database.db)).find((source) => source.id === broken.id)?.errorCount).toBe(2);
    } finally {
      await pipeline.close();
    }
  });
});
