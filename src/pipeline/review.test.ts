import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { pino } from 'pino';
import { parseConfig, type Config } from '../config/index.js';
import { createSiteReader, listAudit, listStories, publishReviewed, readStory, readTranslation, rejectStory } from '../storage/index.js';
import { createDeeplEngine, createLibreTranslateEngine } from '../translator/index.js';
import { siteOptionsFromConfig } from '../web/render.js';
import { createSiteServer } from '../web/site-server.js';
import { startFakeDeepl, startFakeLibreTranslate } from '../../test/support/fake-translation-services.js';
import type { FakeHttpService } from '../../test/support/fake-http-service.js';
import { rssFeed, startLoopbackSite, type LoopbackSite } from '../../test/support/loopback-site.js';
import { OPEN_GATES } from '../../test/support/open-gates.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { freshDatabaseLocation } from '../../test/support/test-database.js';
import { openPipeline } from './open.js';
import { editSegment, listSegments } from './review.js';
import { runCampaigns } from './run.js';

// Campaigns that publish after review: every story waits for an editor, who corrects a sentence
// of one translated by DeepL; the site shows the correction, and a later story with that sentence,
// in a campaign translated by LibreTranslate, gets it from the translation memory without
// LibreTranslate seeing the sentence.

const SHARED = 'The council voted on <a href="/votes/tram">Tuesday night</a> to extend the tram line to the northern suburbs.';
const SHARED_SOURCE = 'The council voted on <x1>Tuesday night</x1> to extend the tram line to the northern suburbs.';
const FILLER = [
  'Supporters say the extension will cut commuting times in half for thousands of workers who spend an hour in traffic.',
  'Opponents, including several shop owners along the route, worry that two years of construction will drive customers away.',
  'The project is expected to cost about 410 million euros, most of it paid by the regional government and a bank loan.',
];
const page = (title: string, paragraphs: readonly string[]): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><article><h1>${title}</h1>${paragraphs
    .map((text) => `<p>${text}</p>`)
    .join('')}</article></body></html>`;
const PAGES: Record<string, string> = {
  '/tram.html': page('Tram line approved', [SHARED, ...FILLER, 'The plan was first reported by CNN on Monday, before the vote.']),
  '/works.html': page('Tram works start in spring', [[...FILLER].reverse().join(' '), SHARED, 'Work on the first station begins in March, the city said in a statement.']),
};

describe('review and post-editing', () => {
  let site: LoopbackSite;
  let libre: FakeHttpService;
  let deepl: FakeHttpService;
  let temp: ReturnType<typeof makeTempDir>;
  const feeds: Record<string, string[]> = { '/deepl.xml': ['/tram.html'], '/libre.xml': [] };

  beforeAll(async () => {
    site = await startLoopbackSite((request, response) => {
      const feed = feeds[request.url ?? ''];
      if (feed) {
        response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed(feed.map((path) => ({ title: path, link: `${site.base}${path}` }))));
        return;
      }
      const html = PAGES[request.url ?? ''];
      if (html === undefined) response.writeHead(404).end('not found');
      else response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    });
    libre = await startFakeLibreTranslate();
    deepl = await startFakeDeepl({ apiKey: 'k' });
    temp = makeTempDir();
  });
  afterAll(async () => {
    await site.close();
    await libre.close();
    await deepl.close();
    temp.remove();
  });

  function configFor(name: string, publish: 'auto' | 'review' | undefined): Config {
    return parseConfig({
      data_dir: join(temp.dir, name),
      database: freshDatabaseLocation(join(temp.dir, name)),
      fetch: { allow_hosts: [new URL(site.base).host] },
      campaigns: (['deepl', 'libretranslate'] as const).map((engine) => ({
        id: `trams-${engine}`,
        sources: [`${site.base}/${engine === 'deepl' ? 'deepl' : 'libre'}.xml`],
        to: 'fr',
        category: 'Transports',
        engine,
        quality: OPEN_GATES,
        cleanup: { min_words: 20 },
        protected_terms: ['CNN'],
        ...(publish ? { publish } : {}),
      })),
    });
  }

  const sentToEngine = (from: number): string =>
    JSON.stringify(libre.requests.slice(from).filter((request) => request.path === '/translate').map((request) => request.body));

  it('publishes without review by default', async () => {
    const config = configFor('auto', undefined);
    expect(config.campaigns[0]?.publish).toBe('auto');
    const pipeline = await openPipeline(config, { logger: pino({ level: 'silent' }) });
    const engines = openEngines();
    try {
      expect(await runCampaigns({ ...pipeline.ctx, engine: engines.byId })).toMatchObject({ published: 1, held: 0 });
    } finally {
      await engines.close();
      await pipeline.close();
    }
  });

  it('holds every story for an editor, publishes the edited text, and reuses the edit in a later story without the engine', async () => {
    const config = configFor('review', 'review');
    const pipeline = await openPipeline(config, { logger: pino({ level: 'silent' }) });
    const engines = openEngines();
    const ctx = { ...pipeline.ctx, engine: engines.byId };
    const db = pipeline.database.db;
    const server = createSiteServer({ db, site: siteOptionsFromConfig(config) });
    try {
      expect(await runCampaigns(ctx)).toMatchObject({ held: 1, published: 0 });
      const [first] = await listStories(db, { state: 'held' });
      expect(first).toMatchObject({ reason: 'waiting for review' });
      expect((await createSiteReader(db, 'fr').listLatest({ limit: 10, offset: 0 })).total).toBe(0);

      const segments = await listSegments(db, first!.id, 'fr');
      expect(segments[0]).toEqual({ n: 1, source: 'Tram line approved', translation: 'TRAM LINE APPROVED', origin: 'machine', engine: 'deepl' });
      const shared = segments.find((segment) => segment.source === SHARED_SOURCE);
      expect(shared).toMatchObject({ translation: SHARED_SOURCE.toUpperCase().replace(/<(\/?)X1>/g, '<$1x1>'), origin: 'machine' });

      const edit = 'Le conseil a voté <x1>mardi soir</x1> le prolongement du tram vers le nord.';
      expect(await editSegment(db, first!.id, 'fr', shared!.n, edit, { actor: 'alice' })).toEqual({
        kind: 'edited',
        segment: { n: shared!.n, source: SHARED_SOURCE, translation: edit, origin: 'human', engine: null },
      });
      const stored = await readTranslation(db, first!.id, 'fr');
      // The link is kept around the edited words; the other sentences are as the engine gave them.
      expect(stored?.html).toContain(`<p>Le conseil a voté <a href="${site.base}/votes/tram" rel="noopener noreferrer nofollow">mardi soir</a> le prolongement du tram vers le nord.</p>`);
      expect(stored?.html).toContain('SUPPORTERS SAY THE EXTENSION');
      expect((await listSegments(db, first!.id, 'fr')).find((segment) => segment.n === shared!.n)?.origin).toBe('human');
      expect(await editSegment(db, first!.id, 'fr', 999, 'Texte.', { actor: 'alice' })).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('has no segment 999 in fr') });
      expect(await editSegment(db, first!.id, 'fr', shared!.n, ' 42 ', { actor: 'alice' })).toEqual({ kind: 'invalid', reason: 'the translation has no words' });
      // A protected term reads as itself, and the editor's text keeps it protected.
      expect(JSON.stringify(deepl.requests.map((request) => request.body))).toContain('first reported by <x1/> on Monday');
      const reported = segments.find((segment) => segment.source.includes('first reported'));
      expect(reported).toMatchObject({ source: 'The plan was first reported by CNN on Monday, before the vote.', translation: 'THE PLAN WAS FIRST REPORTED BY CNN ON MONDAY, BEFORE THE VOTE.' });
      expect(await editSegment(db, first!.id, 'fr', reported!.n, 'CNN a révélé le projet lundi, avant le vote.', { actor: 'alice' })).toMatchObject({ kind: 'edited' });
      expect((await readTranslation(db, first!.id, 'fr'))?.html).toContain('<p>CNN a révélé le projet lundi, avant le vote.</p>');
      // Still held: nothing reaches the site before the editor publishes.
      expect((await readStory(db, first!.id))?.state).toBe('held');

      expect(await publishReviewed(db, first!.id, { actor: 'alice' })).toEqual({ kind: 'released', state: 'translated' });
      expect(await runCampaigns(ctx)).toMatchObject({ published: 1, translated: 0 });
      await pipeline.ctx.site.idle();
      await pipeline.ctx.site.render();
      await server.refresh();
      const [published] = (await createSiteReader(db, 'fr').listLatest({ limit: 10, offset: 0 })).items;
      const response = await server.request(`/article/${published!.slug}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('Le conseil a voté <a href="');

      // A published story edited again is published again under its slug, with the new text.
      const title = (await listSegments(db, first!.id, 'fr'))[0]!;
      expect(await editSegment(db, first!.id, 'fr', title.n, 'Le tram ira au nord', { actor: 'alice' })).toMatchObject({ kind: 'edited' });
      expect((await createSiteReader(db, 'fr').getArticle(published!.slug))?.title).toBe(published!.title);
      expect(await publishReviewed(db, first!.id, { actor: 'alice' })).toEqual({ kind: 'released', state: 'translated' });
      expect(await runCampaigns(ctx)).toMatchObject({ published: 1 });
      await pipeline.ctx.site.idle();
      await pipeline.ctx.site.render();
      await server.refresh();
      expect(await (await server.request(`/article/${published!.slug}`)).text()).toContain('Le tram ira au nord');

      const before = libre.requests.length;
      feeds['/libre.xml']?.push('/works.html');
      expect(await runCampaigns(ctx)).toMatchObject({ held: 1 });
      const second = (await listStories(db, { state: 'held' })).find((story) => story.id !== first!.id);
      expect(sentToEngine(before)).toContain('Work on the first station');
      expect(sentToEngine(before)).not.toContain('to extend the tram line');
      const reused = (await listSegments(db, second!.id, 'fr')).find((segment) => segment.source === SHARED_SOURCE);
      expect(reused).toMatchObject({ translation: edit, origin: 'human', engine: null });
      expect((await readTranslation(db, second!.id, 'fr'))?.html).toContain('Le conseil a voté <a href=');

      expect(await rejectStory(db, second!.id, { reason: 'same story as the tram vote', actor: 'bob' })).toEqual({ kind: 'rejected' });
      expect(await readStory(db, second!.id)).toMatchObject({ state: 'skipped', reason: 'same story as the tram vote' });
      expect(await rejectStory(db, second!.id, { reason: 'again', actor: 'bob' })).toEqual({ kind: 'not-held', state: 'skipped' });
      expect(await runCampaigns(ctx)).toMatchObject({ published: 0 });

      const actions = async (id: number) => (await listAudit(db, { storyId: id })).map((entry) => [entry.actor, entry.action]);
      expect(await actions(first!.id)).toEqual([['alice', 'publish'], ['alice', 'edit-segment'], ['alice', 'publish'], ['alice', 'edit-segment'], ['alice', 'edit-segment']]);
      expect(await actions(second!.id)).toEqual([['bob', 'reject']]);
    } finally {
      await engines.close();
      await pipeline.close();
    }
  });

  function openEngines() {
    const opened = {
      libretranslate: createLibreTranslateEngine({ url: libre.url, http: libre.http, apiKeyEnv: 'LT_KEY', env: {}, timeoutMs: 5_000 }),
      deepl: createDeeplEngine({ url: deepl.url, http: deepl.http, apiKeyEnv: 'DEEPL_KEY', env: { DEEPL_KEY: 'k' }, timeoutMs: 5_000, formality: 'default' }),
    };
    return {
      byId: (id: string) => opened[id as keyof typeof opened],
      close: async () => {
        await opened.libretranslate.close();
        await opened.deepl.close();
      },
    };
  }
});
