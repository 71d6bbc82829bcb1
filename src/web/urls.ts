import type { SiteStrings } from './i18n.js';

/** The formats every feed of the site is served in: RSS 2.0, Atom 1.0, JSON Feed 1.1. */
export const FEED_FORMATS = ['rss', 'atom', 'json'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

// Each format's file name, the same for the whole site's feeds and a category's.
const FEED_FILES: Readonly<Record<FeedFormat, string>> = { rss: 'feed.xml', atom: 'atom.xml', json: 'feed.json' };

/** Builds the public site's paths; the words come from the site's language. */
export interface SitePaths {
  home(page?: number): string;
  category(slug: string, page?: number): string;
  article(slug: string): string;
  /** The whole site's feed in a format (RSS when none is named). */
  feed(format?: FeedFormat): string;
  /** A category's feed in a format (RSS when none is named). */
  categoryFeed(slug: string, format?: FeedFormat): string;
  stylesheet(): string;
  // Sitemaps sit at the root of what they list: a sitemap may only name URLs under its own directory.
  sitemapIndex(): string;
  /** The sitemap of the home page and the categories' first pages. */
  pagesSitemap(): string;
  /** The articles published in one month (`2026-12`); from part 2 on, the 50,001st article and after. */
  articleSitemap(month: string, part?: number): string;
  newsSitemap(): string;
}

/** Makes the path builders of a site in the language whose words are `strings`. */
export function createSitePaths(strings: SiteStrings, stylesheetVersion: string): SitePaths {
  // Pages of a list are paths, not queries (`/page/2`), so that an export is plain files.
  const withPage = (path: string, page?: number) => (page && page > 1 ? `${path.replace(/\/$/, '')}/page/${page}` : path);
  return {
    home: (page) => withPage('/', page),
    category: (slug, page) => withPage(`/${strings.paths.category}/${encodeURIComponent(slug)}`, page),
    article: (slug) => `/${strings.paths.article}/${encodeURIComponent(slug)}`,
    feed: (format = 'rss') => `/${FEED_FILES[format]}`,
    categoryFeed: (slug, format = 'rss') => `/${strings.paths.category}/${encodeURIComponent(slug)}/${FEED_FILES[format]}`,
    stylesheet: () => `/assets/site.css?v=${stylesheetVersion}`,
    sitemapIndex: () => '/sitemap.xml',
    pagesSitemap: () => '/sitemap-pages.xml',
    articleSitemap: (month, part) => `/sitemap-articles-${month}${part && part > 1 ? `-${part}` : ''}.xml`,
    newsSitemap: () => '/sitemap-news.xml',
  };
}

/** Makes a site path absolute against the configured base URL or, lacking one, the request's origin. */
export function toAbsoluteUrl(path: string, origin: string): string {
  return `${origin.replace(/\/+$/, '')}${path}`;
}

/** The origin absolute links start from: `baseUrl` when configured (a proxy may hide the real host). */
export function chooseOrigin(baseUrl: string | undefined, requestUrl: string): string {
  if (baseUrl) return baseUrl.replace(/\/+$/, '');
  return new URL(requestUrl).origin;
}

/**
 * Reads a page number (`/page/N`, or the older `?page=N`): absent means 1; anything but a plain
 * positive integer is not a page of this site (undefined), so `?page=abc` answers 404 instead of
 * a duplicate of page 1.
 */
export function parsePageNumber(value: string | undefined): number | undefined {
  if (value === undefined) return 1;
  if (!/^[1-9][0-9]{0,5}$/.test(value)) return undefined;
  return Number(value);
}

/** Whether a URL may be put in an `href` or `src` of a public page (http or https only). */
export function isHttpUrl(value: string | undefined): value is string {
  if (!value) return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
