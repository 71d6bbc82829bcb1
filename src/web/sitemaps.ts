// Sitemaps (https://www.sitemaps.org/protocol.html) and Google's news sitemap
// (https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap), written by
// hand like the feeds; test/fixtures/xsd holds the schemas the tests validate them against.
import type { ArticleSummary, SiteReader } from '../domain/types.js';
import { escapeXml } from '../publisher/index.js';
import type { SiteView } from './site-view.js';

/** The most URLs one sitemap may list, and the most sitemaps an index may name. */
export const SITEMAP_MAX_URLS = 50_000;
/** The most stories a news sitemap may list, and how recent they must be. */
export const NEWS_SITEMAP_MAX = 1_000;
export const NEWS_SITEMAP_WINDOW_MS = 48 * 3600 * 1000;

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';

/** A location and, when known, its last modification (ISO 8601). */
interface Located {
  loc: string;
  lastmod?: string;
}

/**
 * The sitemap index: the pages' sitemap, then one sitemap per month of publication (more when a
 * month has over `maxUrls`, 50,000 but in tests).
 */
export async function renderSitemapIndex(reader: SiteReader, view: SiteView, maxUrls = SITEMAP_MAX_URLS): Promise<string> {
  const months = await reader.listSitemapMonths();
  const entries: Located[] = [{ loc: view.origin + view.paths.pagesSitemap(), ...lastmodOf(months.map((month) => month.lastModified)) }];
  for (const month of months) {
    for (let part = 1; part <= countParts(month.count, maxUrls); part++) {
      entries.push({ loc: view.origin + view.paths.articleSitemap(month.month, part), lastmod: month.lastModified });
    }
  }
  const body = entries.slice(0, SITEMAP_MAX_URLS).map((entry) => `<sitemap>${locAndLastmod(entry)}</sitemap>`);
  return document(`<sitemapindex xmlns="${SITEMAP_NS}">`, body, '</sitemapindex>');
}

/** The sitemap of the home page and of each category's first page, modified when their newest story was. */
export async function renderPagesSitemap(reader: SiteReader, view: SiteView): Promise<string> {
  const categories = await reader.listCategoryModifications();
  const entries: Located[] = [
    { loc: view.origin + view.paths.home(), ...lastmodOf(categories.map((category) => category.lastModified)) },
    ...categories.map((category) => ({ loc: view.origin + view.paths.category(category.slug), lastmod: category.lastModified })),
  ];
  return urlset(entries.slice(0, SITEMAP_MAX_URLS).map((entry) => `<url>${locAndLastmod(entry)}</url>`));
}

/** The sitemaps of one month's articles, each at its path; none when the month has no article left. */
export async function renderArticleSitemaps(reader: SiteReader, view: SiteView, month: string, maxUrls = SITEMAP_MAX_URLS): Promise<{ path: string; xml: string }[]> {
  const sitemaps: { path: string; xml: string }[] = [];
  for (let part = 1; ; part++) {
    const entries = await reader.listSitemapArticles(month, { limit: maxUrls, offset: (part - 1) * maxUrls });
    if (entries.length === 0) break;
    const urls = entries.map((entry) => `<url>${locAndLastmod({ loc: view.origin + view.paths.article(entry.slug), lastmod: entry.lastModified })}</url>`);
    sitemaps.push({ path: view.paths.articleSitemap(month, part), xml: urlset(urls) });
    if (entries.length < maxUrls) break;
  }
  return sitemaps;
}

/**
 * The news sitemap: the stories of the last 48 hours at `now`, newest first, at most 1,000. With
 * none it is an empty `<urlset>`, which search engines read as "nothing new" (the schema wants one
 * `<url>` at least, but an absent sitemap named by robots.txt would be an error to them).
 */
export async function renderNewsSitemap(reader: SiteReader, view: SiteView, now: Date): Promise<string> {
  const since = new Date(now.getTime() - NEWS_SITEMAP_WINDOW_MS).toISOString();
  const stories = await reader.listPublishedSince(since, NEWS_SITEMAP_MAX);
  const publication = `<news:publication><news:name>${escapeXml(view.title)}</news:name><news:language>${newsLanguage(view.language)}</news:language></news:publication>`;
  const urls = stories.map((story: ArticleSummary) => {
    const news = `<news:news>${publication}<news:publication_date>${w3cDate(story.publishedAt)}</news:publication_date><news:title>${escapeXml(story.title)}</news:title></news:news>`;
    return `<url><loc>${escapeXml(view.origin + view.paths.article(story.slug))}</loc>${news}</url>`;
  });
  return document(`<urlset xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}">`, urls, '</urlset>');
}

/** How many sitemaps a month of `count` articles takes. */
export function countParts(count: number, maxUrls = SITEMAP_MAX_URLS): number {
  return Math.max(1, Math.ceil(count / maxUrls));
}

/**
 * The language as Google News wants it: an ISO 639 code of two or three letters, or zh-cn / zh-tw
 * for Chinese (`pt-BR` is `pt`, `zh-Hant` is `zh-tw`).
 */
export function newsLanguage(language: string): string {
  let locale: Intl.Locale;
  try {
    locale = new Intl.Locale(language);
  } catch {
    return language.toLowerCase().split('-')[0] ?? language;
  }
  if (locale.language === 'zh') {
    const script = locale.script ?? new Intl.Locale(language).maximize().script;
    return script === 'Hant' ? 'zh-tw' : 'zh-cn';
  }
  return locale.language;
}

function urlset(urls: readonly string[]): string {
  return document(`<urlset xmlns="${SITEMAP_NS}">`, urls, '</urlset>');
}

function document(open: string, body: readonly string[], close: string): string {
  return ['<?xml version="1.0" encoding="UTF-8"?>', open, ...body, close, ''].join('\n');
}

function locAndLastmod(entry: Located): string {
  return `<loc>${escapeXml(entry.loc)}</loc>${entry.lastmod ? `<lastmod>${w3cDate(entry.lastmod)}</lastmod>` : ''}`;
}

function lastmodOf(instants: readonly string[]): { lastmod?: string } {
  const latest = instants.reduce<string | undefined>((max, instant) => (max === undefined || instant > max ? instant : max), undefined);
  return latest ? { lastmod: latest } : {};
}

/** An ISO instant in the W3C Datetime form sitemaps take (`2026-12-04T10:00:00.000Z`). */
function w3cDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? new Date(0).toISOString() : date.toISOString();
}
