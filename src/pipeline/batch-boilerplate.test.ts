import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { pino } from 'pino';
import { parseConfig, type Config } from '../config/index.js';
import { createSiteReader, listStories, readArticle, readStory, type Db } from '../storage/index.js';
import { createLibreTranslateEngine } from '../translator/index.js';
import { buildCnnLikePages, type CnnLikePage } from '../../test/support/cnn-like-pages.js';
import type { FakeHttpService } from '../../test/support/fake-http-service.js';
import { startFakeLibreTranslate } from '../../test/support/fake-translation-services.js';
import { startLoopbackSite, type LoopbackSite } from '../../test/support/loopback-site.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { prepareExtractBatch } from './batch-boilerplate.js';
import { openPipeline, type OpenPipeline } from './open.js';
import { runCampaigns, type RunOptions } from './run.js';
import { watchSegments } from '../../test/support/watch-segments.js';
import { freshDatabaseLocation } from '../../test/support/test-database.js';
import { OPEN_GATES } from '../../test/support/open-gates.js';

// Boilerplate from the first run: the stories of one batch are compared with each other, and a
// block that becomes boilerplate later is removed from stories already published. Everything is
// real: a loopback news site of CNN-like pages, the fetcher, SQLite on disk and the LibreTranslate
// engine talking to a loopback fake of the service, wrapped to record what it is sent.

const SHARED = 'The agency that oversees the project has changed its director three times in four years';

describe('boilerplate learned within a batch and applied to published stories', { timeout: 120_000 }, () => {
  let site: LoopbackSite;
  let libre: FakeHttpService;
  let temp: ReturnType<typeof makeTempDir>;
  let pages: CnnLikePage[] = [];
  // The stories the feed lists now.
  let listed: CnnLikePage[] = [];
  let sent: string[] = [];

  // One database per test: every run of a test opens the same one.
  let database: string;
  beforeEach(async () => {
    site = await startLoopbackSite((request, response) => {
      const path = new URL(request.url ?? '/', 'http://x').pathname;
      const page = pages.find((candidate) => new URL(candidate.url).pathname === path);
      if (path === '/feed.xml') response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(rss(site.base, listed));
      else if (page) response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page.html);
      else response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    });
    pages = buildCnnLikePages(site.base);
    libre = await startFakeLibreTranslate();
    temp = makeTempDir();
    database = freshDatabaseLocation(join(temp.dir, 'data'));
    sent = [];
  });
  afterEach(async () => {
    await libre.close();
    await site.close();
    temp.remove();
  });

  const config = (): Config =>
    parseConfig({
      data_dir: join(temp.dir, 'data'),
      database,
      fetch: { allow_hosts: [new URL(site.base).host] },
      campaigns: [{ id: 'wire-en2fr', sources: [`${site.base}/feed.xml`], from: 'en', to: 'fr', category: 'Monde', engine: 'libretranslate', quality: OPEN_GATES }],
    });

  // One process's life: open, do something, close.
  async function withPipeline<T>(work: (pipeline: OpenPipeline) => Promise<T>): Promise<T> {
    const pipeline = await openPipeline(config(), { logger: pino({ level: 'silent' }) });
    const engine = watchSegments(createLibreTranslateEngine({ url: libre.url, http: libre.http, apiKeyEnv: 'LT_KEY', env: {}, timeoutMs: 5_000 }), (segments) => sent.push(...segments));
    pipeline.ctx.engine = () => engine;
    try {
      return await work(pipeline);
    } finally {
      await pipeline.close();
    }
  }
  const run = (options: RunOptions = {}) => withPipeline((pipeline) => runCampaigns(pipeline.ctx, options));

  async function readTexts(db: Db): Promise<Map<CnnLikePage, { state: string; text: string; slug: string | undefined; shown: string | undefined }>> {
    const reader = createSiteReader(db, 'fr');
    const texts = new Map<CnnLikePage, { state: string; text: string; slug: string | undefined; shown: string | undefined }>();
    for (const story of await listStories(db)) {
      const page = pages.find((candidate) => candidate.url === story.url)!;
      const publication = await db.selectFrom('publications').select('slug').where('story_id', '=', story.id).execute();
      const slug = publication[0]?.slug;
      const shown = slug === undefined ? undefined : (await reader.getArticle(slug))?.html;
      texts.set(page, { state: story.state, text: (await readArticle(db, story.id))?.text ?? '', slug, shown });
      expect(publication.length).toBeLessThanOrEqual(1);
    }
    return texts;
  }
  const junkIn = (page: CnnLikePage, text: string) => page.junk.filter((junk) => text.toUpperCase().includes(junk.toUpperCase()));

  it('drops the junk of every page in the first run and keeps the real paragraph two stories share', async () => {
    listed = pages;
    const summary = await run();
    expect(summary).toMatchObject({ discovered: 24, extracted: 24, published: 24, failed: 0 });
    const texts = await withPipeline((pipeline) => readTexts(pipeline.ctx.db));
    expect(texts.size).toBe(24);
    for (const [page, { text, shown }] of texts) {
      expect(junkIn(page, text), page.slug).toEqual([]);
      expect(junkIn(page, shown ?? ''), `${page.slug} on the site`).toEqual([]);
      for (const paragraph of page.keep) expect(text, page.slug).toContain(paragraph);
    }
    expect([...texts].filter(([, { text }]) => text.includes(SHARED))).toHaveLength(2);
  });

  it('re-extracts and re-translates a published story when its blocks become boilerplate, from memory, under the same slug', async () => {
    const early = pages.slice(0, 2);
    listed = early;
    await run();
    const before = await withPipeline((pipeline) => readTexts(pipeline.ctx.db));
    // Two stories teach nothing: their template junk is published.
    for (const page of early) expect(junkIn(page, before.get(page)!.shown ?? '').length, page.slug).toBeGreaterThan(0);
    const sentFirst = new Set(sent);
    expect(sentFirst.size).toBeGreaterThan(20);

    // The feed now lists every story; extraction runs, translation and publication wait.
    listed = pages;
    sent = [];
    await run({ until: 'extract' });
    const midway = await withPipeline((pipeline) => readTexts(pipeline.ctx.db));
    for (const page of early) {
      const story = midway.get(page)!;
      expect(story.state).toBe('extracted');
      expect(junkIn(page, story.text)).toEqual([]);
      // Still on the site, as it was, while it goes through the stages again.
      expect(story.slug).toBe(before.get(page)!.slug);
      expect(story.shown).toBe(before.get(page)!.shown);
    }

    const summary = await run();
    expect(summary).toMatchObject({ failed: 0, held: 0 });
    const after = await withPipeline((pipeline) => readTexts(pipeline.ctx.db));
    for (const page of early) {
      const story = after.get(page)!;
      expect(story).toMatchObject({ state: 'published', slug: before.get(page)!.slug });
      expect(junkIn(page, story.text)).toEqual([]);
      expect(junkIn(page, story.shown ?? '')).toEqual([]);
      for (const paragraph of page.keep) expect(story.text).toContain(paragraph);
    }
    // The early stories' sentences all came from the translation memory: none was sent again.
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.filter((segment) => sentFirst.has(segment))).toEqual([]);
    const publications = await withPipeline((pipeline) => pipeline.ctx.db.selectFrom('publications').selectAll().execute());
    expect(publications).toHaveLength(24);

    // Nothing is left to do, and nothing is sent back again.
    expect(await run()).toMatchObject({ discovered: 0, extracted: 0, translated: 0, published: 0 });
  });

  it('ends as an uninterrupted run does when a process stops right after reopening published stories', async () => {
    listed = pages.slice(0, 2);
    await run();
    listed = pages;
    // A process that polled and fetched, recorded the batch's blocks and reopened the early
    // stories, then died before extracting anything.
    await run({ until: 'fetch' });
    await withPipeline(async (pipeline) => {
      const campaign = pipeline.ctx.config.campaigns[0]!;
      const fetched = (await listStories(pipeline.ctx.db, { state: 'fetched' })).sort((a, b) => a.id - b.id);
      await prepareExtractBatch(pipeline.ctx, campaign, fetched);
      const [first] = (await listStories(pipeline.ctx.db)).sort((a, b) => a.id - b.id);
      expect((await readStory(pipeline.ctx.db, first!.id))?.state).toBe('fetched');
    });
    await run();
    const resumed = await withPipeline((pipeline) => readTexts(pipeline.ctx.db));

    // The same history, never interrupted, in a data directory of its own.
    temp.remove();
    temp = makeTempDir();
    listed = pages.slice(0, 2);
    await run();
    listed = pages;
    await run();
    const uninterrupted = await withPipeline((pipeline) => readTexts(pipeline.ctx.db));
    expect([...resumed.values()]).toEqual([...uninterrupted.values()]);
    expect([...resumed.values()].every((story) => story.state === 'published')).toBe(true);
  });
});

function rss(base: string, listed: readonly CnnLikePage[]): string {
  const items = listed.map((page) => `<item><title>${page.slug}</title><link>${page.url}</link><guid>${page.url}</guid></item>`).join('\n');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title><link>${base}/</link>\n${items}\n</channel></rss>`;
}
