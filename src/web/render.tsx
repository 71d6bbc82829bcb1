import { createHash } from 'node:crypto';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { Config } from '../config/index.js';
import type { Category, SiteReader } from '../domain/types.js';
import type { PageInput } from '../storage/site-pages.js';
import { FAVICON_SVG } from './assets/favicon.js';
import { SITE_CSS } from './assets/site-css.js';
import { renderCategoryFeeds, renderLatestFeeds } from './feeds.js';
import { selectStrings, type SiteStrings } from './i18n.js';
import { ArticlePage } from './pages/article.js';
import { GonePage, NotFoundPage, ServerErrorPage } from './pages/error.js';
import { ListPage } from './pages/list.js';
import { renderArticleSitemaps, renderNewsSitemap, renderPagesSitemap, renderSitemapIndex } from './sitemaps.js';
import { createSiteView, type SiteView } from './site-view.js';
import { createSitePaths, type SitePaths } from './urls.js';

/** How the public site is configured (the `site` keys of relais.yaml, camel-cased). */
export interface SiteOptions {
  title: string;
  language: string;
  /** Where the site is reached (`https://news.example`): absolute links, canonical URLs and feeds start here. */
  origin: string;
  /** Replaces the default automatic-translation notice. */
  notice?: string;
  pageSize: number;
  /** Time zone of the dates shown; UTC when absent. */
  timeZone?: string;
  /** The WebSub hub the feeds name (`site.websub_hub`), which relais tells when they change. */
  websubHub?: string;
}

/**
 * The site's settings from the configuration. Links start from `site.base_url`; without it, from
 * the address the site listens on (`localhost` for a wildcard host), which suits a site reached
 * directly but not one behind a proxy: there, set base_url.
 */
export function siteOptionsFromConfig(config: Readonly<Config>): SiteOptions {
  const { site } = config;
  const host = site.host === '0.0.0.0' || site.host === '::' ? 'localhost' : site.host.includes(':') ? `[${site.host}]` : site.host;
  return {
    title: site.title,
    language: site.language,
    origin: site.base_url ?? `http://${host}:${site.port}`,
    pageSize: site.page_size,
    timeZone: site.time_zone,
    ...(site.notice ? { notice: site.notice } : {}),
    ...(site.websub_hub ? { websubHub: site.websub_hub } : {}),
  };
}

/** Where the 404 page is stored; the static export writes it as `404.html`, which web servers know. */
export const NOT_FOUND_PATH = '/404.html';

const PAGE_CACHE = 'public, max-age=60';
const ASSET_CACHE = 'public, max-age=31536000, immutable';
const HTML = 'text/html; charset=utf-8';
const XML = 'application/xml; charset=utf-8';
/** How many earlier articles of its category an article page shows. */
export const RELATED_COUNT = 4;

/** Renders the site's pages, each to the bytes it is served as. */
export interface SiteRenderer {
  readonly view: SiteView;
  readonly paths: SitePaths;
  readonly strings: SiteStrings;
  /** Every page of the home list (at least one: "nothing yet" is a page too). */
  renderHome(categories: readonly Category[]): Promise<PageInput[]>;
  /** Every page of a category's list, and its feeds; none when the category has no article. */
  renderCategory(slug: string, categories: readonly Category[]): Promise<PageInput[]>;
  /** An article's page, or undefined when no article has that slug. */
  renderArticle(slug: string, categories: readonly Category[]): Promise<PageInput | undefined>;
  /** The whole site's feeds, one per format. */
  renderLatestFeeds(): Promise<PageInput[]>;
  renderNotFound(categories: readonly Category[]): Promise<PageInput>;
  /** The 410 page at the path of an article that was taken down. */
  renderGone(slug: string, categories: readonly Category[]): Promise<PageInput>;
  /** The page of an unexpected failure; it needs no database. */
  renderServerError(): Promise<PageInput>;
  /** The stylesheet, icon and robots.txt. */
  renderAssets(): PageInput[];
  // The sitemaps: renderArticleSitemaps answers none for a month left without articles.
  renderSitemapIndex(): Promise<PageInput>;
  renderPagesSitemap(): Promise<PageInput>;
  renderArticleSitemaps(month: string): Promise<PageInput[]>;
  /** The news sitemap as of `now`: it changes with the clock, as stories grow older than 48 hours. */
  renderNewsSitemap(now: Date): Promise<PageInput>;
  /** Whether a path is one of the sitemaps of a month's articles: to find those a shorter month no longer has. */
  isArticleSitemap(path: string, month: string): boolean;
  /** The path of every page of a list, given its first page's path: to tell its pages from others. */
  isListPage(path: string, firstPage: string): boolean;
}

/** Makes the renderer of a site over a reader of its published articles. */
export function createSiteRenderer(reader: SiteReader, site: SiteOptions): SiteRenderer {
  const strings = selectStrings(site.language);
  const paths = createSitePaths(strings, stylesheetVersion());
  const view = createSiteView({
    title: site.title,
    language: site.language,
    strings,
    paths,
    origin: site.origin.replace(/\/+$/, ''),
    notice: site.notice,
    timeZone: site.timeZone ?? 'UTC',
    ...(site.websubHub ? { websubHub: site.websubHub } : {}),
  });
  const html = async (path: string, page: JSX.Element, status = 200): Promise<PageInput> => ({
    path,
    status,
    contentType: HTML,
    cacheControl: status === 200 ? PAGE_CACHE : 'no-store',
    body: `<!DOCTYPE html>${await page.toString()}`,
  });
  const xml = (path: string, body: string): PageInput => ({ path, contentType: XML, cacheControl: PAGE_CACHE, body });
  const range = (page: number) => ({ limit: site.pageSize, offset: (page - 1) * site.pageSize });
  return {
    view,
    paths,
    strings,
    async renderHome(categories) {
      const pages: PageInput[] = [];
      for (let page = 1, pageCount = 1; page <= pageCount; page++) {
        const list = await reader.listLatest(range(page));
        pageCount = countPages(list.total, site.pageSize);
        const props = { view, categories, heading: strings.latest, items: list.items, page, pageCount };
        pages.push(await html(paths.home(page), <ListPage {...props} pathForPage={(n) => paths.home(n)} />));
      }
      return pages;
    },
    async renderCategory(slug, categories) {
      const pages: PageInput[] = [];
      for (let page = 1, pageCount = 1; page <= pageCount; page++) {
        const list = await reader.listByCategory(slug, range(page));
        if (!list) return [];
        pageCount = countPages(list.total, site.pageSize);
        const props = { view, categories, heading: list.category.name, items: list.items, page, pageCount };
        pages.push(await html(paths.category(slug, page), <ListPage {...props} category={list.category} pathForPage={(n) => paths.category(slug, n)} />));
      }
      for (const feed of await renderCategoryFeeds(reader, view, slug)) pages.push({ ...feed, cacheControl: PAGE_CACHE });
      return pages;
    },
    async renderArticle(slug, categories) {
      const article = await reader.getArticle(slug);
      if (!article) return undefined;
      const related = await reader.listRelated(article, RELATED_COUNT);
      return html(paths.article(slug), <ArticlePage view={view} categories={categories} article={article} related={related} />);
    },
    async renderLatestFeeds() {
      return (await renderLatestFeeds(reader, view)).map((feed) => ({ ...feed, cacheControl: PAGE_CACHE }));
    },
    renderNotFound: (categories) => html(NOT_FOUND_PATH, <NotFoundPage view={view} categories={categories} />, 404),
    renderGone: (slug, categories) => html(paths.article(slug), <GonePage view={view} categories={categories} />, 410),
    renderServerError: () => html('/500.html', <ServerErrorPage view={view} />, 500),
    renderAssets() {
      return [
        // The stylesheet's URL carries a hash of its content, so it may be cached for a year.
        { path: '/assets/site.css', contentType: 'text/css; charset=utf-8', cacheControl: ASSET_CACHE, body: SITE_CSS },
        { path: '/favicon.svg', contentType: 'image/svg+xml', cacheControl: 'public, max-age=86400', body: FAVICON_SVG },
        { path: '/robots.txt', contentType: 'text/plain; charset=utf-8', cacheControl: 'public, max-age=3600', body: robotsTxt(view) },
      ];
    },
    renderSitemapIndex: async () => xml(paths.sitemapIndex(), await renderSitemapIndex(reader, view)),
    renderPagesSitemap: async () => xml(paths.pagesSitemap(), await renderPagesSitemap(reader, view)),
    async renderArticleSitemaps(month) {
      return (await renderArticleSitemaps(reader, view, month)).map((sitemap) => xml(sitemap.path, sitemap.xml));
    },
    renderNewsSitemap: async (now) => xml(paths.newsSitemap(), await renderNewsSitemap(reader, view, now)),
    isArticleSitemap(path, month) {
      const first = paths.articleSitemap(month);
      if (path === first) return true;
      const prefix = first.replace(/\.xml$/, '-');
      return path.startsWith(prefix) && /^[1-9][0-9]*\.xml$/.test(path.slice(prefix.length));
    },
    isListPage(path, firstPage) {
      if (path === firstPage) return true;
      const prefix = `${firstPage.replace(/\/$/, '')}/page/`;
      return path.startsWith(prefix) && /^[1-9][0-9]*$/.test(path.slice(prefix.length));
    },
  };
}

/** robots.txt: every crawler welcome, and where the sitemaps are (absolute URLs, as the protocol wants). */
function robotsTxt(view: SiteView): string {
  return ['User-agent: *', 'Allow: /', '', `Sitemap: ${view.origin}${view.paths.sitemapIndex()}`, `Sitemap: ${view.origin}${view.paths.newsSitemap()}`, ''].join('\n');
}

/** A hash of the stylesheet: its URL changes when it does. */
function stylesheetVersion(): string {
  return createHash('sha256').update(SITE_CSS).digest('hex').slice(0, 12);
}

function countPages(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
