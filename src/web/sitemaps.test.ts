import { afterEach, describe, expect, it } from 'vitest';
import { openSeededSite, publishStories, TEST_ORIGIN, type SeededSite, type StorySeed } from '../../test/support/published-stories.js';
import { SCHEMAS, skipWithoutXmllint, validateXml } from '../../test/support/xmllint.js';
import { createSiteReader, recordPublished, recordTranslated } from '../storage/index.js';
import { listStoredPageTags } from '../storage/site-pages.js';
import { createSiteRenderer, type SiteOptions } from './render.js';
import { createSiteBuilder } from './site-build.js';
import { newsLanguage, renderArticleSitemaps, renderSitemapIndex } from './sitemaps.js';

const options: SiteOptions = { title: 'Relais', language: 'fr', pageSize: 20, origin: TEST_ORIGIN };
const NOW = new Date('2026-12-04T12:00:00Z');
const HOUR = 3600 * 1000;

const seeds: StorySeed[] = [
  { url: 'https://news.example/fresh', title: 'Une nouvelle de ce matin', category: 'Monde', publishedAt: new Date(NOW.getTime() - 3 * HOUR).toISOString() },
  { url: 'https://news.example/two-days', title: 'Une nouvelle d’avant-hier', category: 'Monde', publishedAt: new Date(NOW.getTime() - 50 * HOUR).toISOString() },
  { url: 'https://news.example/november', title: 'La Bourse en novembre', category: 'Économie', publishedAt: '2026-11-20T08:00:00.000Z' },
  { url: 'https://news.example/october', title: 'Une nouvelle d’octobre', category: 'Monde', publishedAt: '2026-10-05T10:00:00.000Z' },
];

const skipXmllint = skipWithoutXmllint('sitemaps.test.ts');

async function fetchText(site: SeededSite, path: string): Promise<string> {
  const response = await site.server.request(path);
  expect(response.status, path).toBe(200);
  return response.text();
}

/** The `<loc>`s of a sitemap or index, and the `<lastmod>` after each (empty when none). */
function entries(xml: string): [string, string][] {
  return [...xml.matchAll(/<loc>([^<]*)<\/loc>(?:<lastmod>([^<]*)<\/lastmod>)?/g)].map((match) => [match[1]!, match[2] ?? '']);
}

/** Renders what changed as a publisher whose clock reads `now`, and lets the server see it. */
async function renderAt(site: SeededSite, now: Date) {
  const report = await createSiteBuilder({ db: site.db, site: options, now: () => now }).render();
  await site.server.refresh();
  return report;
}

describe('sitemaps', () => {
  let site: SeededSite;
  afterEach(async () => site?.close());

  it('names a sitemap per month of publication in the index, each article in it with its modification, and the home and categories', async () => {
    site = await openSeededSite(seeds);
    await renderAt(site, NOW);
    const [fresh, twoDays, november, october] = site.slugs;
    const url = (path: string) => `${TEST_ORIGIN}${path}`;

    expect(entries(await fetchText(site, '/sitemap.xml'))).toEqual([
      [url('/sitemap-pages.xml'), seeds[0]!.publishedAt],
      [url('/sitemap-articles-2026-10.xml'), seeds[3]!.publishedAt],
      [url('/sitemap-articles-2026-11.xml'), seeds[2]!.publishedAt],
      [url('/sitemap-articles-2026-12.xml'), seeds[0]!.publishedAt],
    ]);
    // In order of publication, oldest first.
    expect(entries(await fetchText(site, '/sitemap-articles-2026-12.xml'))).toEqual([
      [url(`/article/${twoDays}`), seeds[1]!.publishedAt],
      [url(`/article/${fresh}`), seeds[0]!.publishedAt],
    ]);
    expect(entries(await fetchText(site, '/sitemap-articles-2026-11.xml'))).toEqual([[url(`/article/${november}`), seeds[2]!.publishedAt]]);
    expect(entries(await fetchText(site, '/sitemap-pages.xml'))).toEqual([
      [url('/'), seeds[0]!.publishedAt],
      [url('/rubrique/economie'), seeds[2]!.publishedAt],
      [url('/rubrique/monde'), seeds[0]!.publishedAt],
    ]);

    // An update moves the story's lastmod, its month's and the index's; the other months' sitemaps stay as they were.
    const before = await listStoredPageTags(site.db);
    const { id } = await site.db.selectFrom('publications').select('story_id as id').where('slug', '=', october!).executeTakeFirstOrThrow();
    const updatedAt = '2026-12-03T07:00:00.000Z';
    await recordTranslated(site.db, id, { language: 'fr', engine: 'apertium', title: 'Une nouvelle d’octobre, corrigée', summary: 'Corrigé', html: '<p>Corrigé.</p>' });
    await recordPublished(site.db, id, { language: 'fr', slug: 'ignored', categoryName: 'Monde', categorySlug: 'monde', sourceName: 'CNN', updatedAt });
    expect(await renderAt(site, NOW)).toMatchObject({ kind: 'changes', changes: 1 });
    expect(entries(await fetchText(site, '/sitemap-articles-2026-10.xml'))).toEqual([[url(`/article/${october}`), updatedAt]]);
    expect(entries(await fetchText(site, '/sitemap.xml'))[1]).toEqual([url('/sitemap-articles-2026-10.xml'), updatedAt]);
    const after = await listStoredPageTags(site.db);
    expect(after.get('/sitemap-articles-2026-11.xml')).toBe(before.get('/sitemap-articles-2026-11.xml'));
    expect(after.get('/sitemap-articles-2026-12.xml')).toBe(before.get('/sitemap-articles-2026-12.xml'));
  });

  it('lists the stories of the last 48 hours in the news sitemap, with the publication, date and title', async () => {
    site = await openSeededSite(seeds);
    await renderAt(site, NOW);
    const xml = await fetchText(site, '/sitemap-news.xml');
    expect(entries(xml)).toEqual([[`${TEST_ORIGIN}/article/${site.slugs[0]}`, '']]);
    expect(xml).toContain(
      `<news:news><news:publication><news:name>Relais</news:name><news:language>fr</news:language></news:publication><news:publication_date>${seeds[0]!.publishedAt}</news:publication_date><news:title>Une nouvelle de ce matin</news:title></news:news>`,
    );
    expect((await site.server.request('/sitemap-news.xml')).headers.get('content-type')).toBe('application/xml; charset=utf-8');
  });

  it('lets stories go from the news sitemap as they grow older than 48 hours, with nothing published', async () => {
    site = await openSeededSite(seeds);
    await renderAt(site, NOW);
    expect(await fetchText(site, '/sitemap-news.xml')).toContain('Une nouvelle de ce matin');
    const later = new Date(NOW.getTime() + 46 * HOUR);
    expect(await renderAt(site, later)).toMatchObject({ kind: 'changes', changes: 0, rendered: 1 });
    const xml = await fetchText(site, '/sitemap-news.xml');
    expect(xml).not.toContain('<url>');
    expect(xml).toContain('<urlset');
    // Nothing more to drop: the next render does nothing.
    expect(await renderAt(site, later)).toBeUndefined();
  });

  it('names the sitemaps in robots.txt with absolute URLs', async () => {
    site = await openSeededSite(seeds, { origin: 'https://relais.example' });
    const robots = await fetchText(site, '/robots.txt');
    expect(robots.split('\n')).toEqual(['User-agent: *', 'Allow: /', '', 'Sitemap: https://relais.example/sitemap.xml', 'Sitemap: https://relais.example/sitemap-news.xml', '']);
  });

  it('splits a month of more articles than a sitemap may list into parts the index names, each told apart from other sitemaps', async () => {
    const november = Array.from({ length: 5 }, (_, index) => ({
      url: `https://news.example/n${index}`,
      title: `Nouvelle de novembre ${index + 1}`,
      publishedAt: `2026-11-0${index + 1}T10:00:00.000Z`,
    }));
    site = await openSeededSite(november);
    const reader = createSiteReader(site.db, 'fr');
    const { view, isArticleSitemap } = createSiteRenderer(reader, options);
    const parts = await renderArticleSitemaps(reader, view, '2026-11', 2);
    expect(parts.map((part) => part.path)).toEqual(['/sitemap-articles-2026-11.xml', '/sitemap-articles-2026-11-2.xml', '/sitemap-articles-2026-11-3.xml']);
    expect(parts.map((part) => entries(part.xml).map(([loc]) => loc.replace(`${TEST_ORIGIN}/article/`, '')))).toEqual([
      site.slugs.slice(0, 2),
      site.slugs.slice(2, 4),
      site.slugs.slice(4),
    ]);
    expect(entries(await renderSitemapIndex(reader, view, 2)).map(([loc]) => loc)).toEqual([
      `${TEST_ORIGIN}/sitemap-pages.xml`,
      ...parts.map((part) => `${TEST_ORIGIN}${part.path}`),
    ]);
    expect(parts.every((part) => isArticleSitemap(part.path, '2026-11'))).toBe(true);
    expect(isArticleSitemap('/sitemap-articles-2026-11-x.xml', '2026-11')).toBe(false);
    expect(isArticleSitemap('/sitemap-articles-2026-12.xml', '2026-11')).toBe(false);
    expect(await renderArticleSitemaps(reader, view, '2026-09', 2)).toEqual([]);
  });

  it('words the news language as Google News takes it', () => {
    expect(['fr', 'pt-BR', 'zh', 'zh-TW', 'zh-Hant', 'ast'].map(newsLanguage)).toEqual(['fr', 'pt', 'zh-cn', 'zh-tw', 'zh-tw', 'ast']);
  });

  describe.skipIf(skipXmllint)('against the official schemas (xmllint)', () => {
    it('validates the index, the sitemaps and the news sitemap, and refuses a broken one', async () => {
      site = await openSeededSite(seeds, { title: 'Le Relais & <Cie>' });
      await createSiteBuilder({ db: site.db, site: { ...options, title: 'Le Relais & <Cie>' }, now: () => NOW }).render();
      await site.server.refresh();
      const checks: [string, string][] = [
        ['/sitemap.xml', SCHEMAS.sitemapIndex],
        ['/sitemap-pages.xml', SCHEMAS.sitemap],
        ['/sitemap-articles-2026-12.xml', SCHEMAS.sitemap],
        ['/sitemap-news.xml', SCHEMAS.newsSitemap],
      ];
      for (const [path, schema] of checks) {
        const xml = await fetchText(site, path);
        const result = validateXml(xml, schema);
        console.info(`xmllint --noout --schema ${schema.replace(/.*\/test\//, 'test/')} ${path}: ${result.output}`);
        expect(result, path).toEqual({ status: 0, output: '- validates' });
      }
      const news = await fetchText(site, '/sitemap-news.xml');
      expect(news).toContain('<news:name>Le Relais &amp; &lt;Cie&gt;</news:name>');
      // The validator can say no: a language Google News does not take.
      const broken = validateXml(news.replace('<news:language>fr<', '<news:language>fr-FR<'), SCHEMAS.newsSitemap);
      expect(broken.status).not.toBe(0);
      expect(broken.output).toContain('fr-FR');
    });
  });
});

describe('sitemaps after a publication', () => {
  let site: SeededSite;
  afterEach(async () => site?.close());

  it('adds a story published now to its month and the news sitemap', async () => {
    site = await openSeededSite([]);
    const [slug] = await publishStories(site.db, [{ url: 'https://news.example/now', title: 'Publiée à l’instant' }]);
    await site.render();
    const month = new Date().toISOString().slice(0, 7);
    expect(await fetchText(site, `/sitemap-articles-${month}.xml`)).toContain(`/article/${slug}<`);
    expect(await fetchText(site, '/sitemap-news.xml')).toContain('<news:title>Publiée à l’instant</news:title>');
  });
});
