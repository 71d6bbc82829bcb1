import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { parseConfig, type Config } from '../config/index.js';
import { listSources, listStories, readStory } from '../storage/index.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { openPipeline } from './open.js';
import { runCampaigns } from './run.js';
import { freshDatabaseLocation } from '../../test/support/test-database.js';
import { OPEN_GATES } from '../../test/support/open-gates.js';

// Bad input gets a clear reason on the story or source it belongs to, and the run goes on.
// The engine is the real opus-mt code on the tiny model the project generates.

const tinyModels = fileURLToPath(new URL('../../test/fixtures/tiny-marian', import.meta.url));
const paragraph = (n: number) =>
  `<p>Paragraph ${n} tells how the council met on Tuesday to discuss the new bridge, the budget for schools and the plan for the river banks, which residents have asked about for years.</p>`;
const articlePage = (title: string, paragraphs: number) =>
  `<!doctype html><html lang="en"><head><title>${title}</title><meta property="og:site_name" content="Town News"></head><body><header><a href="/">Home</a></header><article><h1>${title}</h1>${Array.from({ length: paragraphs }, (_, i) => paragraph(i)).join('')}</article></body></html>`;
const rss = (base: string, paths: string[]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Town News</title><link>${base}/</link>${paths
    .map((path) => `<item><title>Story ${path}</title><link>${base}${path}</link><guid>${base}${path}</guid></item>`)
    .join('')}</channel></rss>`;

function startSite(): Promise<{ base: string; server: Server }> {
  const server = createServer((request, response) => {
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const send = (status: number, type: string, body: string | Buffer) => {
      response.writeHead(status, { 'content-type': type });
      response.end(body);
    };
    switch (request.url) {
      case '/good.xml':
        return send(200, 'application/rss+xml', rss(base, ['/a/good.html', '/a/missing.html', '/a/doc.pdf', '/a/huge.html', '/a/short.html']));
      case '/other.xml':
        return send(200, 'application/rss+xml', rss(base, ['/a/second.html']));
      case '/empty.xml':
        return send(200, 'application/rss+xml', '<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title></channel></rss>');
      case '/invalid.xml':
        return send(200, 'application/rss+xml', '<?xml version="1.0"?><rss><channel><item><title>broken</channel>');
      case '/page.html':
        return send(200, 'text/html', articlePage('Not a feed', 2));
      case '/error.xml':
        return send(500, 'text/plain', 'internal error');
      case '/a/good.html':
        return send(200, 'text/html; charset=utf-8', articlePage('Council approves the new bridge', 8));
      case '/a/second.html':
        return send(200, 'text/html; charset=utf-8', articlePage('Schools get a larger budget', 8));
      case '/a/doc.pdf':
        return send(200, 'application/pdf', Buffer.from('%PDF-1.4 not html'));
      case '/a/huge.html':
        return send(200, 'text/html', articlePage('Huge', 4000));
      case '/a/short.html':
        return send(200, 'text/html', articlePage('Short', 1));
      default:
        return send(404, 'text/plain', 'not found');
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ base: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server })),
  );
}

describe('runCampaigns with bad input', () => {
  let site: { base: string; server: Server };
  let temp: ReturnType<typeof makeTempDir>;
  let config: Config;

  beforeAll(async () => {
    site = await startSite();
    temp = makeTempDir();
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const port = (probe.address() as { port: number }).port;
        probe.close(() => resolve(port));
      });
    });
    config = parseConfig({
      data_dir: join(temp.dir, 'data'),
      database: freshDatabaseLocation(join(temp.dir, 'data')),
      fetch: { allow_hosts: [new URL(site.base).host], max_bytes: 200_000, total_timeout_ms: 10_000 },
      engines: { 'opus-mt': { models_dir: tinyModels, dtype: 'fp32' }, apertium: { url: `http://127.0.0.1:${closedPort}` } },
      campaigns: [
        {
          id: 'town-en2fr',
          sources: [
            `${site.base}/good.xml`,
            `${site.base}/empty.xml`,
            `${site.base}/invalid.xml`,
            `${site.base}/page.html`,
            `${site.base}/error.xml`,
            `http://127.0.0.1:${closedPort}/feed.xml`,
            'http://feeds.nowhere.invalid/feed.xml',
          ],
          from: 'en',
          to: 'fr',
          category: 'Ville',
          engine: 'opus-mt',
          cleanup: { min_words: 60 },
          // The tiny model's gibberish would be held by the quality gates (see quality.test.ts);
          // this test is about bad input, so the gates are opened wide for this campaign.
          quality: OPEN_GATES,
        },
        { id: 'town-down-engine', sources: [`${site.base}/other.xml`], from: 'en', to: 'fr', category: 'Ville', engine: 'apertium' },
      ],
    });
  });
  afterAll(async () => {
    await new Promise((resolve) => site.server.close(resolve));
    temp.remove();
  });

  it('records a reason for every failure and publishes what it can', async () => {
    const pipeline = await openPipeline(config, { logger: pino({ level: 'silent' }) });
    try {
      const summary = await runCampaigns(pipeline.ctx);
      expect(summary).toMatchObject({ discovered: 6, published: 1, sourcesFailed: 5 });
      const db = pipeline.database.db;
      const byPath = async (path: string) => (await listStories(db)).find((story) => story.url.endsWith(path))!;
      expect(await byPath('/a/good.html')).toMatchObject({ state: 'published' });
      expect(await byPath('/a/missing.html')).toMatchObject({ state: 'failed', failed_stage: 'fetch', next_attempt_at: null });
      expect((await byPath('/a/missing.html')).reason).toMatch(/404/);
      expect(await byPath('/a/doc.pdf')).toMatchObject({ state: 'skipped', failed_stage: 'fetch' });
      expect((await byPath('/a/doc.pdf')).reason).toMatch(/application\/pdf/);
      expect(await byPath('/a/huge.html')).toMatchObject({ state: 'failed', failed_stage: 'fetch' });
      expect((await byPath('/a/huge.html')).reason).toMatch(/200000|200 000|bytes|too large/i);
      expect(await byPath('/a/short.html')).toMatchObject({ state: 'skipped', failed_stage: 'extract' });
      expect((await byPath('/a/short.html')).reason).toMatch(/too short/);

      const down = await byPath('/a/second.html');
      expect(down).toMatchObject({ state: 'failed', failed_stage: 'translate', attempts: 1 });
      expect(down.reason).toMatch(/apertium/);
      expect(down.next_attempt_at).not.toBeNull();

      const sources = Object.fromEntries((await listSources(db)).map((source) => [source.url.replace(site.base, ''), source.lastError]));
      expect(sources['/good.xml']).toBeNull();
      expect(sources['/empty.xml']).toBeNull();
      expect(sources['/invalid.xml']).toMatch(/invalid\.xml/);
      expect(sources['/page.html']).toMatch(/HTML|not a feed/i);
      expect(sources['/error.xml']).toMatch(/500/);
      const unreachable = (await listSources(db)).filter((source) => !source.url.startsWith(site.base));
      expect(unreachable.map((source) => source.lastError)).toEqual([expect.stringMatching(/127\.0\.0\.1/), expect.stringMatching(/nowhere\.invalid/)]);

      const again = await runCampaigns(pipeline.ctx);
      expect(again).toMatchObject({ discovered: 0, published: 0, translated: 0 });
      expect((await readStory(db, down.id))?.attempts).toBe(1);
    } finally {
      await pipeline.close();
    }
  });
});
