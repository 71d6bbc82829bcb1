import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { pino } from 'pino';
import { parseConfig } from '../config/index.js';
import { listStories } from '../storage/index.js';
import { createLibreTranslateEngine } from '../translator/index.js';
import { startFakeLibreTranslate } from '../../test/support/fake-translation-services.js';
import type { FakeHttpService } from '../../test/support/fake-http-service.js';
import { rssFeed, startLoopbackSite, type LoopbackSite } from '../../test/support/loopback-site.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { openPipeline } from './open.js';
import { runCampaigns } from './run.js';
import { freshDatabaseLocation } from '../../test/support/test-database.js';

// A story in another language than the campaign's `from` is skipped before any engine call;
// a page whose template declares the wrong language but whose text is plainly `from` is translated.

const ENGLISH = [
  'The city council voted on Tuesday night to extend the tram line to the northern suburbs, ending a long debate.',
  'Supporters say the extension will cut commuting times in half for thousands of workers who spend an hour in traffic.',
  'Opponents, including several shop owners along the route, worry that two years of construction will drive customers away.',
  'The project is expected to cost about 410 million euros, most of it paid by the regional government and a bank loan.',
];
const GERMAN = [
  'Der Stadtrat hat am Dienstagabend beschlossen, die Straßenbahnlinie bis in die nördlichen Vororte zu verlängern.',
  'Befürworter sagen, dass die Verlängerung die Fahrzeiten für Tausende von Pendlern halbieren wird, die täglich im Stau stehen.',
  'Gegner, darunter mehrere Ladenbesitzer entlang der Strecke, befürchten, dass zwei Jahre Bauarbeiten die Kundschaft vertreiben.',
  'Das Projekt soll rund 410 Millionen Euro kosten, die größtenteils von der Landesregierung und einem Bankkredit bezahlt werden.',
];

const page = (lang: string, title: string, paragraphs: readonly string[]): string =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title></head><body><article><h1>${title}</h1>${paragraphs
    .map((text) => `<p>${text}</p>`)
    .join('')}</article></body></html>`;

const PAGES: Record<string, string> = {
  '/en.html': page('en', 'Tram line approved', ENGLISH),
  '/de.html': page('de', 'Straßenbahnlinie beschlossen', GERMAN),
  // An English story on a template that keeps the German edition's lang attribute.
  '/en-on-de-template.html': page('de', 'Tram works start in spring', [...ENGLISH].reverse()),
};

describe('a story in another language than the campaign expects', () => {
  let site: LoopbackSite;
  let libre: FakeHttpService;
  let temp: ReturnType<typeof makeTempDir>;

  beforeAll(async () => {
    site = await startLoopbackSite((request, response) => {
      if (request.url === '/feed.xml') {
        response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed(Object.keys(PAGES).map((path) => ({ title: path, link: `${site.base}${path}` }))));
        return;
      }
      const html = PAGES[request.url ?? ''];
      if (html === undefined) response.writeHead(404).end('not found');
      else response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    });
    libre = await startFakeLibreTranslate();
    temp = makeTempDir();
  });
  afterAll(async () => {
    await site.close();
    await libre.close();
    temp.remove();
  });

  it('is skipped with the language it is in, and no text of it reaches the engine', async () => {
    const config = parseConfig({
      data_dir: join(temp.dir, 'data'),
      database: freshDatabaseLocation(join(temp.dir, 'data')),
      fetch: { allow_hosts: [new URL(site.base).host] },
      campaigns: [
        {
          id: 'trams',
          sources: [`${site.base}/feed.xml`],
          from: 'en',
          to: 'fr',
          category: 'Transports',
          engine: 'libretranslate',
          quality: { check_language: false },
          cleanup: { min_words: 20 },
        },
      ],
    });
    const pipeline = await openPipeline(config, { logger: pino({ level: 'silent' }) });
    const engine = createLibreTranslateEngine({ url: libre.url, http: libre.http, apiKeyEnv: 'LT_KEY', env: {}, timeoutMs: 5_000 });
    try {
      const summary = await runCampaigns({ ...pipeline.ctx, engine: () => engine });
      expect(summary).toMatchObject({ published: 2, skipped: 1, failed: 0 });
      const stories = await listStories(pipeline.database.db);
      const byPath = new Map(stories.map((story) => [new URL(story.url).pathname, story]));
      expect(byPath.get('/de.html')).toMatchObject({ state: 'skipped', failed_stage: 'translate', reason: 'source is in de, campaign expects en' });
      expect(byPath.get('/en-on-de-template.html')?.state).toBe('published');
      const sent = JSON.stringify(libre.requests.filter((request) => request.path === '/translate').map((request) => request.body));
      expect(sent).toContain('tram line to the northern suburbs');
      expect(sent).not.toContain('Straßenbahn');
    } finally {
      await engine.close();
      await pipeline.close();
    }
  });
});
