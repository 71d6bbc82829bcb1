import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pino } from 'pino';
import { parseConfig, type Config } from '../src/config/index.js';
import { FetchError } from '../src/domain/errors.js';
import { createConfiguredFetcher, openPipeline, runCampaigns } from '../src/pipeline/index.js';
import { listStories } from '../src/storage/index.js';
import { createIdentityEngine } from './support/markup-engines.js';
import { makeTempDir } from './support/temp-dir.js';
import { freshDatabaseLocation } from './support/test-database.js';
import { OPEN_GATES } from './support/open-gates.js';

// fetch.allow_hosts opens one origin, by host and port, and nothing else. Server A is listed and
// hostile: its feeds, pages and redirects point at server B (another port of loopback) in every
// spelling of the address. B counts the TCP connections it accepts, and must see none.

interface Loopback {
  server: Server;
  port: number;
  connections: () => number;
}

async function listen(host: string, handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<Loopback> {
  const server = createServer(handler);
  let connections = 0;
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, port: (server.address() as AddressInfo).port, connections: () => connections };
}

async function stop(loopback: Loopback | undefined): Promise<void> {
  if (!loopback) return;
  loopback.server.closeAllConnections();
  await new Promise<void>((resolve) => loopback.server.close(() => resolve()));
}

/** Every way of writing "loopback, port B" that a WHATWG URL parser accepts. */
function spellB(port: number): string[] {
  return [
    `http://127.0.0.1:${port}`,
    `http://0177.0.0.1:${port}`,
    `http://2130706433:${port}`,
    `http://0x7f.0.0.1:${port}`,
    `http://127.1:${port}`,
    `http://[::ffff:7f00:1]:${port}`,
    `http://localhost:${port}`,
  ];
}

const words = 'The council met on Tuesday to discuss the new bridge, the budget for schools and the plan for the river banks.';

function renderHostilePage(title: string, targets: readonly string[]): string {
  const links = targets
    .map(
      (target, i) =>
        `<p>${words} <a href="${target}/link-${i}">More</a> <img src="${target}/img-${i}.jpg" srcset="${target}/img-${i}-2x.jpg 2x, ${target}/img-${i}-w.jpg 800w" alt="">` +
        `<video src="${target}/video-${i}.mp4" poster="${target}/poster-${i}.jpg"></video></p>`,
    )
    .join('');
  const alternates = targets.map((target, i) => `<link rel="alternate" type="application/rss+xml" href="${target}/feed-${i}.xml">`).join('');
  return (
    `<!doctype html><html lang="en"><head><title>${title}</title>${alternates}` +
    `<meta http-equiv="refresh" content="0; url=${targets[0]}/refreshed"><link rel="canonical" href="${targets[1]}/canonical">` +
    `<meta property="og:image" content="${targets[2]}/og.jpg"></head><body><article><h1>${title}</h1>` +
    `<p>${words} ${words}</p>${links}<p><a href="file:///etc/passwd">passwd</a> <a href="javascript:fetch('${targets[0]}/js')">js</a></p>` +
    `</article></body></html>`
  );
}

function renderRss(a: string, targets: readonly string[]): string {
  const hostileItems = [...targets, 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,hello'].map(
    (target, i) =>
      `<item><title>Hostile ${i}</title><link>${target}/story-${i}</link><guid isPermaLink="false">hostile-${i}</guid>` +
      `<enclosure url="${target}/audio-${i}.mp3" length="1" type="audio/mpeg"/>` +
      `<media:content url="${target}/media-${i}.jpg" medium="image"/><media:thumbnail url="${target}/thumb-${i}.jpg"/></item>`,
  );
  const redirectItems = [301, 302, 307].map(
    (status) => `<item><title>Moved ${status}</title><link>${a}/moved-${status}</link><guid isPermaLink="false">moved-${status}</guid></item>`,
  );
  const pageItems = [1, 2].map((n) => `<item><title>Page ${n}</title><link>${a}/page-${n}.html</link><guid isPermaLink="false">page-${n}</guid></item>`);
  return (
    `<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Hostile</title>` +
    `<link>${targets[0]}/</link><image><url>${targets[1]}/logo.png</url><title>Hostile</title><link>${targets[0]}/</link></image>` +
    `${[...hostileItems, ...redirectItems, ...pageItems].join('')}</channel></rss>`
  );
}

function renderJsonFeed(a: string, targets: readonly string[]): string {
  const items = targets.map((target, i) => ({
    id: `json-${i}`,
    url: `${target}/json-story-${i}`,
    external_url: `${target}/external-${i}`,
    title: `JSON hostile ${i}`,
    content_html: `<p>${words}</p><img src="${target}/json-img-${i}.jpg">`,
    image: `${target}/json-image-${i}.jpg`,
    banner_image: `${target}/json-banner-${i}.jpg`,
    attachments: [{ url: `${target}/json-attachment-${i}.mp3`, mime_type: 'audio/mpeg' }],
  }));
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: 'Hostile JSON',
    home_page_url: `${targets[0]}/`,
    feed_url: `${targets[1]}/feed.json`,
    icon: `${targets[2]}/icon.png`,
    items: [...items, { id: 'json-page', url: `${a}/page-3.html`, title: 'Page 3', content_text: words }],
  });
}

function serveHostileSource(a: () => string, targets: () => readonly string[]) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const path = request.url ?? '/';
    const moved = /^\/moved-(\d+)$/.exec(path);
    if (moved) {
      const index = Number(moved[1]) % targets().length;
      response.writeHead(Number(moved[1]), { location: `${targets()[index]}/moved-target` }).end();
      return;
    }
    if (path === '/to-file') return void response.writeHead(302, { location: 'file:///etc/passwd' }).end();
    if (path === '/feed.xml') return void response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(renderRss(a(), targets()));
    if (path === '/feed.json') return void response.writeHead(200, { 'content-type': 'application/feed+json' }).end(renderJsonFeed(a(), targets()));
    const page = /^\/page-(\d+)\.html$/.exec(path);
    if (page) return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(renderHostilePage(`Page ${page[1]}`, targets()));
    response.writeHead(404).end('not found');
  };
}

async function fetchError(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}

describe('fetch.allow_hosts against a hostile allowed source', () => {
  let a: Loopback;
  let b: Loopback;
  let temp: ReturnType<typeof makeTempDir>;
  let config: Config;
  const origin = () => `http://127.0.0.1:${a.port}`;
  const targets = () => spellB(b.port);

  beforeAll(async () => {
    // B listens on every loopback address, IPv4 and IPv6, so that any spelling that got through would be counted.
    b = await listen('::', (_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<p>reached B</p>'));
    a = await listen('127.0.0.1', serveHostileSource(origin, targets));
    temp = makeTempDir();
    config = parseConfig({
      data_dir: join(temp.dir, 'data'),
      database: freshDatabaseLocation(join(temp.dir, 'data')),
      fetch: { allow_hosts: [`127.0.0.1:${a.port}`], total_timeout_ms: 10_000 },
      // B is also the configured engine: the engines' client may reach it, the sources' client may not.
      engines: { apertium: { url: `http://127.0.0.1:${b.port}` } },
      campaigns: [
        {
          id: 'hostile',
          sources: [`${origin()}/feed.xml`, `${origin()}/feed.json`],
          from: 'en',
          to: 'fr',
          category: 'Monde',
          engine: 'apertium',
          cleanup: { min_words: 20 },
          // The identity engine's output is the source text: the gates are opened for it.
          quality: OPEN_GATES,
        },
      ],
    });
  });
  afterAll(async () => {
    await stop(a);
    await stop(b);
    temp?.remove();
  });

  it('runs the whole relay over the source without one connection to B', async () => {
    const logLines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
    const pipeline = await openPipeline(config, { logger });
    const engine = createIdentityEngine({ acceptsMarkup: true });
    pipeline.ctx.engine = () => engine;
    try {
      const summary = await runCampaigns(pipeline.ctx);
      expect(summary.sourcesFailed).toBe(0);
      // The pages served by A itself went all the way through.
      expect(summary.published).toBe(3);
      const stories = await listStories(pipeline.database.db);
      const towardB = stories.filter((story) => !story.url.startsWith(origin()) && /^https?:/.test(story.url));
      expect(towardB.length).toBeGreaterThanOrEqual(targets().length * 2);
      for (const story of [...towardB, ...stories.filter((story) => /\/moved-\d+$/.test(story.url))]) {
        expect(story).toMatchObject({ state: 'failed', failed_stage: 'fetch' });
        expect(story.reason).toMatch(new RegExp(`refused address \\S+:${b.port}( of localhost)? \\(loopback[^)]*; not in fetch\\.allow_hosts\\)`));
      }
      expect(logLines.join('')).toContain(`:${b.port} (loopback; not in fetch.allow_hosts)`);
    } finally {
      await pipeline.close();
    }
    expect(b.connections()).toBe(0);
  });

  it.each(spellB(0).map((_, i) => i))('refuses spelling #%i of B in a direct fetch, naming address:port and fetch.allow_hosts', async (i) => {
    const url = `${targets()[i]}/direct`;
    const fetcher = createConfiguredFetcher(config);
    try {
      const error = await fetchError(fetcher.fetchUrl(url));
      expect(error.code).toBe('blocked-address');
      const address = url.includes('[::ffff:') ? '\\[::ffff:7f00:1\\]' : url.includes('localhost') ? '(127\\.0\\.0\\.1|\\[::1\\])' : '127\\.0\\.0\\.1';
      const name = url.includes('localhost') ? ' of localhost' : '';
      expect(error.message).toMatch(new RegExp(`refused address ${address}:${b.port}${name} \\(loopback[^;]*; not in fetch\\.allow_hosts\\)`));
      const request = await fetchError(fetcher.request({ url, method: 'POST', body: 'x' }));
      expect(request.code).toBe('blocked-address');
    } finally {
      await fetcher.close();
    }
    expect(b.connections()).toBe(0);
  });

  it.each([301, 302, 307])('refuses at the hop a %i redirect from the allowed origin to B', async (status) => {
    const fetcher = createConfiguredFetcher(config);
    try {
      const error = await fetchError(fetcher.fetchUrl(`${origin()}/moved-${status}`));
      expect(error.code).toBe('blocked-address');
      expect(error.url).toContain('/moved-target');
      expect(error.reason).toMatch(new RegExp(`^refused address \\S+:${b.port}`));
    } finally {
      await fetcher.close();
    }
    expect(b.connections()).toBe(0);
  });

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,hello', 'ftp://127.0.0.1/'])('refuses %s before any connection', async (url) => {
    const fetcher = createConfiguredFetcher(config);
    try {
      expect((await fetchError(fetcher.fetchUrl(url))).code).toBe('bad-url');
    } finally {
      await fetcher.close();
    }
  });

  it('refuses a redirect from the allowed origin to a file: URL', async () => {
    const fetcher = createConfiguredFetcher(config);
    try {
      const error = await fetchError(fetcher.fetchUrl(`${origin()}/to-file`));
      expect(error).toMatchObject({ code: 'bad-url', url: 'file:///etc/passwd' });
      expect(error.reason).toContain('refused redirect from');
    } finally {
      await fetcher.close();
    }
  });
});

describe('fetch.allow_hosts entries match after URL parsing', () => {
  let c: Loopback;
  beforeAll(async () => {
    c = await listen('127.0.0.1', (_request, response) => response.writeHead(200).end('reached C'));
  });
  afterAll(() => stop(c));

  it.each([
    ['127.0.0.1', 'http://127.1'],
    ['127.0.0.1', 'http://2130706433'],
    ['0177.0.0.1', 'http://127.0.0.1'],
    ['0x7f.0.0.1', 'http://0177.0.0.1'],
  ])('an entry written %s:port lets %s:port through', async (entryHost, urlBase) => {
    const fetcher = createConfiguredFetcher(parseConfig({ fetch: { allow_hosts: [`${entryHost}:${c.port}`] }, campaigns: [] }));
    const before = c.connections();
    try {
      expect((await fetcher.fetchUrl(`${urlBase}:${c.port}/`)).kind).toBe('fresh');
    } finally {
      await fetcher.close();
    }
    expect(c.connections()).toBe(before + 1);
  });

  it('does not let a name through for an entry written as its address', async () => {
    const fetcher = createConfiguredFetcher(parseConfig({ fetch: { allow_hosts: [`127.0.0.1:${c.port}`] }, campaigns: [] }));
    const before = c.connections();
    try {
      const error = await fetchError(fetcher.fetchUrl(`http://localhost:${c.port}/`));
      expect(error.reason).toMatch(new RegExp(`refused address \\S+:${c.port} of localhost \\(loopback; not in fetch\\.allow_hosts\\)`));
    } finally {
      await fetcher.close();
    }
    expect(c.connections()).toBe(before);
  });
});
