import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/index.js';
import { listSources, listStories } from '../storage/index.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { openPipeline } from './open.js';
import { runCampaigns } from './run.js';
import { freshDatabaseLocation } from '../../test/support/test-database.js';

// robots.txt through the real pipeline: loopback sites with their own robots.txt, a temp
// SQLite file, and every request the sites receive counted.

type Route = (request: IncomingMessage, response: ServerResponse) => void;

interface Site {
  origin: string;
  host: string;
  /** Every request as "path" with the time it arrived. */
  requests: { path: string; at: number }[];
  routes: Map<string, Route>;
  close(): Promise<void>;
}

const sites: Site[] = [];
const temps: ReturnType<typeof makeTempDir>[] = [];

afterEach(async () => {
  await Promise.all(sites.splice(0).map((site) => site.close()));
  for (const temp of temps.splice(0)) temp.remove();
});

async function startSite(): Promise<Site> {
  const routes = new Map<string, Route>();
  const requests: Site['requests'] = [];
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '/';
    requests.push({ path, at: Date.now() });
    const route = routes.get(path);
    if (route) route(request, response);
    else response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as { port: number }).port}`;
  const site: Site = { origin: `http://${host}`, host, requests, routes, close: () => new Promise((resolve) => server.close(() => resolve())) };
  sites.push(site);
  return site;
}

const text = (body: string, type = 'text/plain', status = 200): Route => (_request, response) => response.writeHead(status, { 'content-type': type }).end(body);
const page = (title: string): Route => text(`<!doctype html><html><head><title>${title}</title></head><body><article><h1>${title}</h1><p>${'A sentence of the story. '.repeat(40)}</p></article></body></html>`, 'text/html');

function serveFeed(site: Site, links: readonly string[]): void {
  const items = links.map((link, i) => `<item><title>Story ${i}</title><link>${link}</link></item>`).join('');
  site.routes.set('/feed.xml', text(`<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>${items}</channel></rss>`, 'application/rss+xml'));
}

function configFor(sitesAllowed: readonly Site[], feedUrl: string, extra: { respect_robots?: boolean } = {}) {
  const temp = makeTempDir();
  temps.push(temp);
  return parseConfig({
    data_dir: join(temp.dir, 'data'),
    database: freshDatabaseLocation(join(temp.dir, 'data')),
    fetch: { allow_hosts: sitesAllowed.map((site) => site.host) },
    campaigns: [{ id: 'c', sources: [feedUrl], to: 'fr', category: 'X', engine: 'apertium', ...extra }],
  });
}

async function runOnce(config: ReturnType<typeof configFor>, now = new Date()) {
  const pipeline = await openPipeline(config, { logger: pino({ level: 'silent' }), now: () => now });
  try {
    await runCampaigns(pipeline.ctx, { until: 'fetch' });
    return { stories: await listStories(pipeline.database.db), sources: await listSources(pipeline.database.db) };
  } finally {
    await pipeline.close();
  }
}

const countRequests = (site: Site, path: string): number => site.requests.filter((request) => request.path === path).length;

describe('robots.txt', () => {
  it('skips a disallowed story with the reason and never requests it; allowed ones are fetched', async () => {
    const site = await startSite();
    site.routes.set('/robots.txt', text('User-agent: *\nDisallow: /private/\n\nUser-agent: otherbot\nDisallow: /'));
    serveFeed(site, [`${site.origin}/news/a.html`, `${site.origin}/private/b.html`, `${site.origin}/news/moved.html`]);
    site.routes.set('/news/a.html', page('A'));
    site.routes.set('/private/b.html', page('B'));
    // A redirect into a disallowed path is refused at that hop.
    site.routes.set('/news/moved.html', (_request, response) => response.writeHead(301, { location: '/private/c.html' }).end());
    const { stories } = await runOnce(configFor([site], `${site.origin}/feed.xml`));
    const byPath = new Map(stories.map((story) => [new URL(story.original_url).pathname, story]));
    expect(byPath.get('/news/a.html')?.state).toBe('fetched');
    expect(byPath.get('/private/b.html')).toMatchObject({ state: 'skipped', failed_stage: 'fetch', reason: `robots.txt disallows /private/b.html (${site.host})` });
    expect(byPath.get('/news/moved.html')).toMatchObject({ state: 'skipped', reason: `robots.txt disallows /private/c.html (${site.host})` });
    expect(countRequests(site, '/private/b.html')).toBe(0);
    expect(countRequests(site, '/private/c.html')).toBe(0);
    expect(countRequests(site, '/robots.txt')).toBe(1);
  });

  it('makes a disallowed feed a source error with the reason, without requesting it', async () => {
    const site = await startSite();
    site.routes.set('/robots.txt', text('User-agent: relais\nDisallow: /feed'));
    serveFeed(site, [`${site.origin}/news/a.html`]);
    const { stories, sources } = await runOnce(configFor([site], `${site.origin}/feed.xml`));
    expect(stories).toEqual([]);
    expect(sources[0]?.lastError).toContain(`robots.txt disallows /feed.xml (${site.host})`);
    expect(countRequests(site, '/feed.xml')).toBe(0);
  });

  it('allows everything when robots.txt answers 4xx', async () => {
    const site = await startSite();
    site.routes.set('/robots.txt', text('forbidden', 'text/plain', 403));
    serveFeed(site, [`${site.origin}/private/b.html`]);
    site.routes.set('/private/b.html', page('B'));
    const { stories } = await runOnce(configFor([site], `${site.origin}/feed.xml`));
    expect(stories.map((story) => story.state)).toEqual(['fetched']);
  });

  it('fetches nothing from a site whose robots.txt fails, until it answers', async () => {
    const feedSite = await startSite();
    const pages = await startSite();
    pages.routes.set('/robots.txt', text('busy', 'text/plain', 503));
    pages.routes.set('/a.html', page('A'));
    serveFeed(feedSite, [`${pages.origin}/a.html`]);
    const config = configFor([feedSite, pages], `${feedSite.origin}/feed.xml`);
    const start = new Date();
    const first = await runOnce(config, start);
    expect(first.stories[0]).toMatchObject({ state: 'failed', failed_stage: 'fetch', attempts: 1 });
    expect(first.stories[0]?.reason).toContain(`robots.txt of ${pages.host} unavailable (HTTP 503`);
    expect(first.stories[0]?.reason).toContain(`nothing is fetched from ${pages.host} until it answers`);
    expect(first.stories[0]?.next_attempt_at).not.toBeNull();
    expect(countRequests(pages, '/a.html')).toBe(0);

    pages.routes.set('/robots.txt', text('User-agent: *\nAllow: /'));
    const later = await runOnce(config, new Date(start.getTime() + 60 * 60_000));
    expect(later.stories[0]?.state).toBe('fetched');
    expect(countRequests(pages, '/a.html')).toBe(1);
  });

  it('reads robots.txt once per origin for 24 hours, across runs, then again', async () => {
    const site = await startSite();
    site.routes.set('/robots.txt', text('User-agent: *\nDisallow: /private/'));
    serveFeed(site, [`${site.origin}/news/a.html`]);
    site.routes.set('/news/a.html', page('A'));
    const config = configFor([site], `${site.origin}/feed.xml`);
    const start = new Date();
    await runOnce(config, start);
    await runOnce(config, new Date(start.getTime() + 23 * 60 * 60_000));
    expect(countRequests(site, '/robots.txt')).toBe(1);
    await runOnce(config, new Date(start.getTime() + 25 * 60 * 60_000));
    expect(countRequests(site, '/robots.txt')).toBe(2);
  });

  it('spaces requests to a host by its Crawl-delay', async () => {
    const site = await startSite();
    site.routes.set('/robots.txt', text('User-agent: *\nCrawl-delay: 1'));
    const paths = ['/s1.html', '/s2.html', '/s3.html'];
    serveFeed(site, paths.map((path) => `${site.origin}${path}`));
    for (const path of paths) site.routes.set(path, page(path));
    await runOnce(configFor([site], `${site.origin}/feed.xml`));
    const times = site.requests.filter((request) => request.path !== '/robots.txt').map((request) => request.at);
    expect(times).toHaveLength(4); // The feed, then the three pages.
    for (let i = 1; i < times.length; i += 1) expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(950);
  });

  it('asks for no robots.txt and fetches everything for a campaign with respect_robots: false', async () => {
    const site = await startSite();
    site.routes.set('/robots.txt', text('User-agent: *\nDisallow: /'));
    serveFeed(site, [`${site.origin}/private/b.html`]);
    site.routes.set('/private/b.html', page('B'));
    const { stories } = await runOnce(configFor([site], `${site.origin}/feed.xml`, { respect_robots: false }));
    expect(stories.map((story) => story.state)).toEqual(['fetched']);
    expect(countRequests(site, '/robots.txt')).toBe(0);
  });
});
