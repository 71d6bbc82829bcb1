import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { pino } from 'pino';
import { parseConfig } from '../config/index.js';
import { listRevisions, listStories, type Db } from '../storage/index.js';
import { readStoredPage } from '../storage/site-pages.js';
import { createLibreTranslateEngine } from '../translator/index.js';
import { startFakeLibreTranslate } from '../../test/support/fake-translation-services.js';
import type { FakeHttpService } from '../../test/support/fake-http-service.js';
import { startLoopbackSite, type LoopbackSite } from '../../test/support/loopback-site.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { freshDatabaseLocation } from '../../test/support/test-database.js';
import { OPEN_GATES } from '../../test/support/open-gates.js';
import { openPipeline } from './open.js';
import { runCampaigns } from './run.js';

// A published story is fetched again at its source: a page answered 304 costs no extraction, a
// changed paragraph becomes a new revision of which only the changed sentence reaches the engine,
// the page says when it was updated, and a page the source removed is unpublished (or kept).

const SENTENCES = [
  'The city council voted on Tuesday night to extend the tram line to the northern suburbs.',
  'Supporters say the extension will cut commuting times in half for thousands of workers.',
  'Opponents worry that two years of construction will drive customers away from the shops.',
  'The project is expected to cost about 410 million euros, most of it paid by the region.',
  'Work is due to begin next spring and the first trams should run in three years.',
];
const CORRECTED = 'The project is expected to cost about 450 million euros, most of it paid by the region.';

interface Story {
  sentences: string[];
  version: number;
  gone: boolean;
  failing?: boolean;
}

const page = (title: string, sentences: readonly string[]) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><meta name="description" content="The tram line is extended."></head>` +
  `<body><article><h1>${title}</h1><p>${sentences.slice(0, 2).join(' ')}</p><p>${sentences.slice(2).join(' ')}</p></article></body></html>`;

describe('source updates of published stories', () => {
  let site: LoopbackSite;
  let libre: FakeHttpService;
  let temp: ReturnType<typeof makeTempDir>;
  const stories: Record<string, Story> = {
    '/tram.html': { sentences: [...SENTENCES], version: 1, gone: false },
    '/kept.html': { sentences: [...SENTENCES].reverse(), version: 1, gone: false },
  };
  const feedTitles: Record<string, string> = { '/tram.html': 'Tram line extended', '/kept.html': 'Tram works' };
  const answered: Array<{ path: string; status: number }> = [];

  beforeAll(async () => {
    site = await startLoopbackSite((request, response) => {
      const path = request.url ?? '';
      const feed = { '/tram.xml': '/tram.html', '/kept.xml': '/kept.html' }[path];
      if (feed) {
        const item = `<item><title>${feedTitles[feed]}</title><link>${site.base}${feed}</link><guid>${site.base}${feed}</guid></item>`;
        response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Town</title>${item}</channel></rss>`);
        return;
      }
      const story = stories[path];
      const etag = `"v${story?.version}"`;
      const status = !story || story.gone ? 404 : story.failing ? 503 : request.headers['if-none-match'] === etag ? 304 : 200;
      answered.push({ path, status });
      if (status !== 200) response.writeHead(status).end();
      else response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag }).end(page('Tram line extended', story!.sentences));
    });
    libre = await startFakeLibreTranslate();
    temp = makeTempDir();
  });
  afterAll(async () => {
    await site.close();
    await libre.close();
    temp.remove();
  });

  const sentToEngine = (from: number): string[] =>
    libre.requests.slice(from).filter((request) => request.path === '/translate').flatMap((request) => {
      const q = (request.body as { q: string | string[] }).q;
      return Array.isArray(q) ? q : [q];
    });
  const storyAt = async (db: Db, path: string) => (await listStories(db)).find((story) => story.url.endsWith(path))!;
  const pageAnswers = (from: number, path: string) => answered.slice(from).filter((answer) => answer.path === path).map((answer) => answer.status);

  it('follows a correction at the source, a 304 costs nothing, and a removed page is unpublished', async () => {
    let clock = new Date('2026-12-03T12:00:00Z');
    const at = (minutes: number) => (clock = new Date(Date.parse('2026-12-03T12:00:00Z') + minutes * 60_000));
    const campaign = { from: 'en', to: 'fr', category: 'Transports', engine: 'libretranslate', quality: OPEN_GATES, cleanup: { min_words: 20 }, respect_robots: false, recheck_after_hours: [1, 6, 24] };
    const config = parseConfig({
      data_dir: join(temp.dir, 'data'),
      database: freshDatabaseLocation(join(temp.dir, 'data')),
      fetch: { allow_hosts: [new URL(site.base).host] },
      site: { time_zone: 'Europe/Paris' },
      campaigns: [
        { id: 'trams', sources: [`${site.base}/tram.xml`], ...campaign },
        { id: 'kept', sources: [`${site.base}/kept.xml`], ...campaign, on_source_removed: 'keep' },
      ],
    });
    const pipeline = await openPipeline(config, { logger: pino({ level: 'silent' }), now: () => clock });
    const engine = createLibreTranslateEngine({ url: libre.url, http: libre.http, apiKeyEnv: 'LT_KEY', env: {}, timeoutMs: 5_000 });
    const ctx = { ...pipeline.ctx, engine: () => engine };
    const db = pipeline.database.db;
    try {
      expect(await runCampaigns(ctx)).toMatchObject({ published: 2, failed: 0 });
      const tram = await storyAt(db, '/tram.html');
      expect(tram.recheck_at).toBe('2026-12-03T13:00:00.000Z');

      // Not due yet, and the feed item is the same: the page is not asked for.
      at(30);
      let seen = answered.length;
      await runCampaigns(ctx);
      expect(pageAnswers(seen, '/tram.html')).toEqual([]);

      // Due an hour after publication: asked with its ETag, answered 304, nothing extracted or translated.
      at(61);
      seen = answered.length;
      let sent = libre.requests.length;
      expect(await runCampaigns(ctx)).toMatchObject({ extracted: 0, translated: 0, published: 0 });
      expect(pageAnswers(seen, '/tram.html')).toEqual([304]);
      expect(sentToEngine(sent)).toEqual([]);
      expect(await listRevisions(db, tram.id)).toHaveLength(1);
      expect(await storyAt(db, '/tram.html')).toMatchObject({ state: 'published', recheck_at: '2026-12-03T18:00:00.000Z' });

      // The source corrects a figure and the feed item changes: checked again at once, long before its next step.
      stories['/tram.html'] = { sentences: SENTENCES.map((sentence, i) => (i === 3 ? CORRECTED : sentence)), version: 2, gone: false };
      feedTitles['/tram.html'] = 'Tram line extended (corrected)';
      at(65);
      seen = answered.length;
      sent = libre.requests.length;
      expect(await runCampaigns(ctx)).toMatchObject({ extracted: 1, translated: 1, published: 1 });
      expect(pageAnswers(seen, '/tram.html')).toEqual([200]);
      expect(pageAnswers(seen, '/kept.html')).toEqual([]);
      // The memory answers every sentence it has seen: the corrected one alone reaches the engine.
      expect(sentToEngine(sent)).toEqual([CORRECTED]);
      const revisions = await listRevisions(db, tram.id);
      expect(revisions.map((revision) => revision.n)).toEqual([1, 2]);
      expect(revisions[0]!.text).toContain('410 million');
      expect(revisions[1]).toMatchObject({ extractedAt: '2026-12-03T13:05:00.000Z' });
      expect(revisions[1]!.text).toContain('450 million');

      const publication = await db.selectFrom('publications').selectAll().where('story_id', '=', tram.id).executeTakeFirstOrThrow();
      expect(publication).toMatchObject({ published_at: '2026-12-03T12:00:00.000Z', updated_at: '2026-12-03T13:05:00.000Z' });
      expect(publication.html).toContain(CORRECTED.toUpperCase());
      const html = (await readStoredPage(db, `/article/${publication.slug}`))!.body.toString('utf8');
      expect(html).toContain('Mis à jour le 3 décembre 2026 à 14\u00a0h\u00a005');
      expect(html).toContain('<time class="updated" datetime="2026-12-03T13:05:00.000Z">');
      expect(html).toContain('"dateModified":"2026-12-03T13:05:00.000Z"');
      expect(html).toContain('450 MILLION');
      const feed = (await readStoredPage(db, '/feed.xml'))!.body.toString('utf8');
      expect(feed).toContain('<atom:updated>2026-12-03T13:05:00.000Z</atom:updated>');

      // Six hours on, the source fails: not the story's fault, it stays as it is until its next step.
      stories['/tram.html']!.failing = true;
      at(6 * 60 + 1);
      seen = answered.length;
      expect(await runCampaigns(ctx)).toMatchObject({ failed: 0 });
      expect(pageAnswers(seen, '/tram.html')).toEqual([503]);
      expect(await storyAt(db, '/tram.html')).toMatchObject({ state: 'published', recheck_at: '2026-12-04T12:00:00.000Z', reason: null });

      // A day on, both pages are gone at the source: one campaign unpublishes, the other keeps its story.
      stories['/tram.html']!.gone = true;
      stories['/kept.html']!.gone = true;
      at(24 * 60 + 1);
      seen = answered.length;
      await runCampaigns(ctx);
      expect(pageAnswers(seen, '/tram.html')).toEqual([404]);
      expect(pageAnswers(seen, '/kept.html')).toEqual([404]);
      expect(await storyAt(db, '/tram.html')).toMatchObject({ state: 'unpublished', reason: 'removed at the source (HTTP 404 when checked again)' });
      expect(await storyAt(db, '/kept.html')).toMatchObject({ state: 'published', recheck_at: null });
      expect((await readStoredPage(db, `/article/${publication.slug}`))!.status).toBe(410);
    } finally {
      await engine.close();
      await pipeline.close();
    }
  });
});
