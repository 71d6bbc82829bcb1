import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { parseConfig } from '../config/index.js';
import type { TranslationEngine } from '../domain/types.js';
import { listStories } from '../storage/index.js';
import { createLibreTranslateEngine } from '../translator/index.js';
import type { FakeHttpService } from '../../test/support/fake-http-service.js';
import { startFakeLibreTranslate } from '../../test/support/fake-translation-services.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { openPipeline } from './open.js';
import { runCampaigns } from './run.js';
import { decideSourceLanguage } from './source-language.js';
import { freshDatabaseLocation } from '../../test/support/test-database.js';
import { OPEN_GATES } from '../../test/support/open-gates.js';

describe('decideSourceLanguage', () => {
  it.each([
    ['en', 'fr', 'en', { kind: 'translate', pair: { from: 'en', to: 'fr' } }],
    ['en-GB', 'fr', 'en', { kind: 'translate', pair: { from: 'en-GB', to: 'fr' } }],
    ['en', 'fr', undefined, { kind: 'translate', pair: { from: 'en', to: 'fr' } }],
    ['en', 'fr', 'de', { kind: 'skip', reason: 'source is in de, campaign expects en' }],
    ['auto', 'fr', 'de', { kind: 'translate', pair: { from: 'de', to: 'fr' } }],
    ['auto', 'fr', 'fr', { kind: 'skip', reason: 'source is already in fr' }],
    ['auto', 'pt-BR', 'pt', { kind: 'skip', reason: 'source is already in pt-BR' }],
    ['auto', 'fr', undefined, { kind: 'fail', reason: expect.stringMatching(/^the story's language could not be determined .*set the campaign's "from"/) }],
  ])('from %s to %s, a story in %s', (from, to, language, expected) => {
    expect(decideSourceLanguage({ from, to }, language)).toEqual(expected);
  });
});

// Pages of one news site in four languages, all with the template's lang="en", and one too short to tell.
const paragraphs: Record<string, string[]> = {
  en: [
    'The city council approved on Tuesday a plan to rebuild the old bridge over the river, which has been closed to traffic since the spring floods.',
    'Work is due to start in March and should last two years, the mayor said, adding that a ferry will carry cyclists and pedestrians in the meantime.',
  ],
  de: [
    'Der Stadtrat hat am Dienstag einen Plan zum Wiederaufbau der alten Brücke über den Fluss gebilligt, die seit dem Frühjahrshochwasser für den Verkehr gesperrt ist.',
    'Die Arbeiten sollen im März beginnen und zwei Jahre dauern, sagte der Bürgermeister; in der Zwischenzeit bringt eine Fähre Radfahrer und Fußgänger über den Fluss.',
  ],
  fr: [
    'Le conseil municipal a approuvé mardi un projet de reconstruction du vieux pont sur la rivière, fermé à la circulation depuis les crues du printemps.',
    'Les travaux doivent commencer en mars et durer deux ans, a indiqué le maire, ajoutant qu’un bac transportera cyclistes et piétons entre-temps.',
  ],
  es: [
    'El ayuntamiento aprobó el martes un plan para reconstruir el viejo puente sobre el río, cerrado al tráfico desde las inundaciones de la primavera.',
    'Las obras empezarán en marzo y durarán dos años, según el alcalde, que añadió que un transbordador llevará a ciclistas y peatones mientras tanto.',
  ],
  short: ['Bridge works: see you in March.'],
};
const titles: Record<string, string> = { en: 'Bridge to be rebuilt', de: 'Brücke wird neu gebaut', fr: 'Le pont sera reconstruit', es: 'El puente será reconstruido', short: 'Works' };
const pageOf = (key: string) =>
  `<!doctype html><html lang="${key === 'short' ? '' : 'en'}"><head><title>${titles[key]}</title></head><body><article><h1>${titles[key]}</h1>${paragraphs[key]!.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;

describe("a story's language in a run", { timeout: 120_000 }, () => {
  let server: Server;
  let base: string;
  let libre: FakeHttpService;
  let temp: ReturnType<typeof makeTempDir>;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const key = /^\/a\/(\w+)\.html$/.exec(request.url ?? '')?.[1];
      if (request.url === '/feed.xml') {
        const items = Object.keys(paragraphs).map((k) => `<item><title>${titles[k]}</title><link>${base}/a/${k}.html</link></item>`);
        response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Town</title><link>${base}/</link>${items.join('')}</channel></rss>`);
      } else if (key !== undefined && key in paragraphs) {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pageOf(key));
      } else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    libre = await startFakeLibreTranslate();
    temp = makeTempDir();
  });
  afterAll(async () => {
    await libre.close();
    await new Promise((resolve) => server.close(resolve));
    temp.remove();
  });

  async function run(name: string, from: string, to: string) {
    const config = parseConfig({
      data_dir: join(temp.dir, name),
      database: freshDatabaseLocation(join(temp.dir, name)),
      fetch: { allow_hosts: [new URL(base).host] },
      campaigns: [{ id: name, sources: [`${base}/feed.xml`], from, to, category: 'Ville', engine: 'libretranslate', cleanup: { min_words: 5 }, quality: OPEN_GATES }],
    });
    const engine: TranslationEngine = createLibreTranslateEngine({ url: libre.url, http: libre.http, apiKeyEnv: 'LT_KEY', env: {}, timeoutMs: 5_000, retry: { sleep: async () => undefined } });
    const pipeline = await openPipeline(config, { logger: pino({ level: 'silent' }) });
    try {
      const summary = await runCampaigns({ ...pipeline.ctx, engine: () => engine });
      const stories = await listStories(pipeline.database.db);
      const byPage = Object.fromEntries(stories.map((story) => [/(\w+)\.html$/.exec(story.original_url)?.[1], { state: story.state, reason: story.reason }]));
      return { summary, byPage };
    } finally {
      await pipeline.close();
    }
  }

  // What the engine was sent for a target: every segment of every request.
  const sentTo = (target: string): string[] =>
    libre.requests.filter((request) => request.path === '/translate' && (request.body as { target?: string }).target === target).flatMap((request) => {
      const q = (request.body as { q: string | string[] }).q;
      return Array.isArray(q) ? q : [q];
    });

  it('with a fixed "from", skips a story in another language before any engine call', async () => {
    const { byPage } = await run('town-en2fr', 'en', 'fr');
    expect(byPage).toEqual({
      en: { state: 'published', reason: null },
      short: { state: 'published', reason: null },
      de: { state: 'skipped', reason: 'source is in de, campaign expects en' },
      fr: { state: 'skipped', reason: 'source is in fr, campaign expects en' },
      es: { state: 'skipped', reason: 'source is in es, campaign expects en' },
    });
    const sent = sentTo('fr');
    const englishText = [pageOf('en'), pageOf('short')].join('\n');
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.filter((segment) => !englishText.includes(segment.trim()))).toEqual([]);
  });

  it('with "from: auto", translates each story from its own language', async () => {
    const { summary, byPage } = await run('town-auto2en', 'auto', 'en');
    expect(byPage).toEqual({
      fr: { state: 'published', reason: null },
      es: { state: 'published', reason: null },
      en: { state: 'skipped', reason: 'source is already in en' },
      // The fake server has no German: the engine stops for de→en alone, its story waits.
      de: { state: 'extracted', reason: null },
      short: { state: 'failed', reason: expect.stringMatching(/^the story's language could not be determined/) },
    });
    expect(summary.enginesStopped).toEqual([expect.objectContaining({ engine: 'libretranslate', from: 'de', to: 'en' })]);
    const sources = libre.requests.filter((request) => request.path === '/translate').map((request) => (request.body as { source: string }).source);
    expect(new Set(sources)).toEqual(new Set(['en', 'fr', 'es', 'de']));
  });
});
