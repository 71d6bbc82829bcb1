import { extractFromJson } from '@extractus/feed-extractor';
import { parseFeed as parseWithFeedParser } from '@rowanmanning/feed-parser';
import { parseRssFeed } from 'feedsmith';
import { parseHTML } from 'linkedom';
import { afterEach, describe, expect, it } from 'vitest';
import { makeStorySeeds, openSeededSite, type SeededSite } from '../../test/support/published-stories.js';
import { parseFeed } from '../feeds/index.js';
import { recordPublished, recordTranslated, unpublishStory } from '../storage/index.js';
import { describeTranslationNotice } from './i18n.js';

describe('RSS feeds', () => {
  let site: SeededSite;
  afterEach(async () => site?.close());

  it('carries the latest 50 stories with absolute links from the request origin', async () => {
    site = await openSeededSite(makeStorySeeds(55), { origin: 'http://news.test:8080' });
    const response = await site.server.request('http://news.test:8080/feed.xml');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    expect(response.headers.get('etag')).toBeTruthy();
    const feed = parseRssFeed(await response.text());
    expect(feed.language).toBe('fr');
    expect(feed.link).toBe('http://news.test:8080/');
    expect(feed.atom?.links?.[0]?.href).toBe('http://news.test:8080/feed.xml');
    expect(feed.items).toHaveLength(50);
    const first = feed.items![0]!;
    expect(first.title).toBe('Nouvelle numéro 1');
    expect(first.link).toBe(`http://news.test:8080/article/${site.slugs[0]}`);
    expect(first.guid).toEqual({ value: first.link, isPermaLink: true });
    expect(first.categories).toEqual([{ name: 'Monde' }]);
    for (const item of feed.items!) expect(item.link).toMatch(/^http:\/\/news\.test:8080\/article\/[a-z0-9-]+$/);
  });

  it('starts links from the configured origin whatever host the request names', async () => {
    site = await openSeededSite(makeStorySeeds(1), { origin: 'https://relais.example' });
    const feed = parseRssFeed(await (await site.server.request('http://internal:3000/feed.xml')).text());
    expect(feed.items?.[0]?.link).toBe(`https://relais.example/article/${site.slugs[0]}`);
  });

  it('has one feed per category', async () => {
    site = await openSeededSite([...makeStorySeeds(3, 'Monde'), ...makeStorySeeds(2, 'Économie', 'Chiffre')]);
    const feed = parseRssFeed(await (await site.server.request('/rubrique/economie/feed.xml')).text());
    expect(feed.title).toBe('Économie — Relais');
    expect(feed.link).toBe('http://localhost/rubrique/economie');
    expect(feed.items?.map((item) => item.title)).toEqual(['Chiffre numéro 1', 'Chiffre numéro 2']);
  });

  it('escapes hostile titles and summaries so they come back intact', async () => {
    const hostile = 'Alerte <script>alert(1)</script> & "fin" ]]>\u0007';
    site = await openSeededSite([{ url: 'https://news.example/h', title: hostile, summary: hostile, category: 'A & B <i>' }]);
    const xml = await (await site.server.request('/feed.xml')).text();
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain('\u0007');
    const item = parseRssFeed(xml).items?.[0];
    expect(item?.title).toBe(hostile.replace('\u0007', ''));
    expect(item?.description).toBe(hostile.replace('\u0007', ''));
    expect(item?.categories).toEqual([{ name: 'A & B <i>' }]);
  });
});

const ORIGIN = 'https://relais.example';
const FEEDS = [
  ['rss', '/feed.xml', 'application/rss+xml; charset=utf-8'],
  ['atom', '/atom.xml', 'application/atom+xml; charset=utf-8'],
  ['json', '/feed.json', 'application/feed+json; charset=utf-8'],
] as const;
const MONDE_FEEDS = FEEDS.map(([format, path, type]) => [format, `/rubrique/monde${path}`, type] as const);

// A body as storage holds it: a link and an image of the site's own (root-relative), a link out,
// an ampersand, a `]]>`, non-ASCII text.
const BODY = '<p>Le prix&nbsp;: 5 € &amp; plus — 日本語 ]]&gt; fin.</p><p><a href="/article/autre">Voir</a> et <a href="https://ailleurs.example/x?a=1&amp;b=2">ailleurs</a></p><figure><img src="/images/carte.jpg" srcset="/images/carte-640.jpg 640w, /images/carte-1280.jpg 1280w" alt="Carte"></figure>';
const RTL_TITLE = 'عاجل: الأسعار ترتفع & الأسواق تتراجع';

async function fetchFeed(site: SeededSite, path: string): Promise<string> {
  const response = await site.server.request(`${ORIGIN}${path}`);
  expect(response.status, path).toBe(200);
  return response.text();
}

// The full content of a site feed's first item, as an independent parser reads it.
async function firstContent(site: SeededSite, format: 'rss' | 'atom' | 'json', path: string): Promise<string> {
  const text = await fetchFeed(site, path);
  if (format === 'json') {
    const feed = extractFromJson(text, { getExtraEntryFields: (entry) => ({ html: entry['content_html'] }) });
    return String(feed.entries?.[0]?.['html']);
  }
  return parseWithFeedParser(text).items[0]?.content ?? '';
}

describe('feeds in three formats', () => {
  let site: SeededSite;
  afterEach(async () => site?.close());

  it('serves the site\'s and each category\'s feed as RSS, Atom and JSON Feed, with the same items', async () => {
    site = await openSeededSite([...makeStorySeeds(3, 'Monde'), ...makeStorySeeds(2, 'Économie', 'Chiffre')], { origin: ORIGIN });
    for (const [format, path, type] of [...FEEDS, ...MONDE_FEEDS]) {
      const response = await site.server.request(path);
      expect(response.headers.get('content-type'), path).toBe(type);
      const feed = parseFeed(await response.text(), ORIGIN + path);
      expect(feed.format, path).toBe(format);
      expect(feed.language).toBe('fr');
      if (path.startsWith('/rubrique/')) {
        expect(feed.siteUrl).toBe(`${ORIGIN}/rubrique/monde`);
        expect(feed.items.map((item) => item.title)).toEqual(['Nouvelle numéro 1', 'Nouvelle numéro 2', 'Nouvelle numéro 3']);
      } else {
        expect(feed.siteUrl).toBe(`${ORIGIN}/`);
        expect(feed.items).toHaveLength(5);
      }
      for (const item of feed.items) {
        expect(item.guid).toBe(item.url);
        expect(item.url).toMatch(/^https:\/\/relais\.example\/article\/[a-z0-9-]+$/);
      }
    }
  });

  it('caps each format at FEED_SIZE items, as RSS', async () => {
    site = await openSeededSite(makeStorySeeds(52), { origin: ORIGIN });
    for (const [, path] of FEEDS) expect(parseFeed(await fetchFeed(site, path), ORIGIN + path).items, path).toHaveLength(50);
  });

  it('carries the full body with absolute URLs, then the attribution and the translation notice', async () => {
    site = await openSeededSite([{ url: 'https://news.example/world/prix', title: RTL_TITLE, html: BODY, sourceName: 'CNN', sourceLanguage: 'en', summary: 'Les prix & les marchés.' }], { origin: ORIGIN });
    const notice = describeTranslationNotice('fr', 'en');
    for (const [format, path] of [...FEEDS, ...MONDE_FEEDS]) {
      const feed = parseFeed(await fetchFeed(site, path), ORIGIN + path);
      expect(feed.items[0]?.title, path).toBe(RTL_TITLE);
      expect(feed.items[0]?.summary, path).toBe('Les prix & les marchés.');
      const { document } = parseHTML(`<!DOCTYPE html><html><body>${await firstContent(site, format, path)}</body></html>`);
      expect(document.body.textContent, path).toContain('5 € & plus — 日本語 ]]> fin.');
      const links = [...document.querySelectorAll('a')].map((link) => link.getAttribute('href'));
      expect(links, path).toEqual([`${ORIGIN}/article/autre`, 'https://ailleurs.example/x?a=1&b=2', 'https://news.example/world/prix', 'https://news.example/world/prix']);
      const image = document.querySelector('img');
      expect(image?.getAttribute('src'), path).toBe(`${ORIGIN}/images/carte.jpg`);
      expect(image?.getAttribute('srcset'), path).toBe(`${ORIGIN}/images/carte-640.jpg 640w, ${ORIGIN}/images/carte-1280.jpg 1280w`);
      // The attribution as the article page shows it: source, link to the original, notice.
      expect(document.querySelector('.attribution .source')?.textContent, path).toBe('Source\u00a0: CNN · Lire l’article original');
      expect(document.querySelector('.attribution .notice')?.textContent, path).toBe(notice);
    }
    const page = parseHTML(await (await site.server.request(`/article/${site.slugs[0]}`)).text()).document;
    expect(page.querySelector('.attribution .notice')?.textContent).toBe(notice);
  });

  it('keeps an item\'s id when its story is updated, and dates the update in every format', async () => {
    site = await openSeededSite(makeStorySeeds(2), { origin: ORIGIN });
    const [newest, oldest] = site.slugs;
    const ids = async () => Object.fromEntries(await Promise.all(FEEDS.map(async ([format, path]) => [format, parseFeed(await fetchFeed(site, path), ORIGIN + path).items.map((item) => item.guid)])));
    const before = await ids();
    const { id } = await site.db.selectFrom('publications').select('story_id as id').where('slug', '=', oldest!).executeTakeFirstOrThrow();
    await recordTranslated(site.db, id, { language: 'fr', engine: 'apertium', title: 'Titre corrigé', summary: 'Résumé corrigé', html: '<p>Texte corrigé.</p>' });
    await recordPublished(site.db, id, { language: 'fr', slug: 'ignored', categoryName: 'Monde', categorySlug: 'monde', sourceName: 'CNN', updatedAt: '2026-11-30T09:15:00.000Z' });
    await site.render();
    expect(await ids()).toEqual(before);
    expect(before['rss']).toEqual([`${ORIGIN}/article/${newest}`, `${ORIGIN}/article/${oldest}`]);

    const rss = parseWithFeedParser(await fetchFeed(site, '/feed.xml'));
    expect(rss.items[1]).toMatchObject({ id: `${ORIGIN}/article/${oldest}`, title: 'Titre corrigé' });
    expect(rss.items[1]?.content).toContain('Texte corrigé.');
    expect(parseRssFeed(await fetchFeed(site, '/feed.xml')).items?.[1]?.atom?.updated).toBe('2026-11-30T09:15:00.000Z');
    const atom = parseWithFeedParser(await fetchFeed(site, '/atom.xml'));
    expect(atom.items[1]?.updated?.toISOString()).toBe('2026-11-30T09:15:00.000Z');
    expect(atom.items[1]?.published?.toISOString()).toBe('2026-10-02T10:00:00.000Z');
    expect(atom.items[0]?.updated?.toISOString()).toBe('2026-10-03T10:00:00.000Z');
    const json = JSON.parse(await fetchFeed(site, '/feed.json')) as { items: Record<string, unknown>[] };
    expect(json.items[1]).toMatchObject({ id: `${ORIGIN}/article/${oldest}`, title: 'Titre corrigé', date_modified: '2026-11-30T09:15:00.000Z' });
    expect(json.items[0]).not.toHaveProperty('date_modified');
  });

  it('removes a category\'s feeds of every format when its last story is taken down', async () => {
    site = await openSeededSite([...makeStorySeeds(1, 'Monde'), ...makeStorySeeds(1, 'Économie', 'Chiffre')], { origin: ORIGIN });
    const paths = FEEDS.map(([, path]) => `/rubrique/economie${path}`);
    for (const path of paths) expect((await site.server.request(path)).status, path).toBe(200);
    const { id } = await site.db.selectFrom('publications').select('story_id as id').where('category_slug', '=', 'economie').executeTakeFirstOrThrow();
    expect(await unpublishStory(site.db, id, { reason: 'test', actor: 'marie' })).toBe('unpublished');
    await site.render();
    for (const path of paths) expect((await site.server.request(path)).status, path).toBe(404);
    for (const [, path] of MONDE_FEEDS) expect((await site.server.request(path)).status, path).toBe(200);
  });

  it('advertises the feeds in the head and in links on the home and category pages', async () => {
    site = await openSeededSite(makeStorySeeds(1), { origin: ORIGIN });
    const alternates = (document: ReturnType<typeof parseHTML>['document']) =>
      [...document.querySelectorAll('head link[rel="alternate"]')].map((link) => [link.getAttribute('type'), link.getAttribute('href')]);
    const siteFeeds = [
      ['application/rss+xml', `${ORIGIN}/feed.xml`],
      ['application/atom+xml', `${ORIGIN}/atom.xml`],
      ['application/feed+json', `${ORIGIN}/feed.json`],
    ];
    const home = parseHTML(await (await site.server.request('/')).text()).document;
    expect(alternates(home)).toEqual(siteFeeds);
    expect([...home.querySelectorAll('footer .feeds a')].map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['Flux RSS', '/feed.xml'],
      ['Atom', '/atom.xml'],
      ['JSON Feed', '/feed.json'],
    ]);
    const category = parseHTML(await (await site.server.request('/rubrique/monde')).text()).document;
    expect(alternates(category)).toEqual([
      ...siteFeeds,
      ['application/rss+xml', `${ORIGIN}/rubrique/monde/feed.xml`],
      ['application/atom+xml', `${ORIGIN}/rubrique/monde/atom.xml`],
      ['application/feed+json', `${ORIGIN}/rubrique/monde/feed.json`],
    ]);
    expect([...category.querySelectorAll('main .feeds a')].map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['Flux RSS de la rubrique Monde', '/rubrique/monde/feed.xml'],
      ['Atom', '/rubrique/monde/atom.xml'],
      ['JSON Feed', '/rubrique/monde/feed.json'],
    ]);
    // Every advertised feed is there.
    for (const [, href] of alternates(category)) expect((await site.server.request(href!)).status, href!).toBe(200);
  });
});
