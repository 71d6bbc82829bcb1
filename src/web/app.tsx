import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { etag } from 'hono/etag';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { secureHeaders } from 'hono/secure-headers';
import type { SiteReader } from '../domain/types.js';
import { FAVICON_SVG } from './assets/favicon.js';
import { SITE_CSS } from './assets/site-css.js';
import { renderCategoryFeed, renderLatestFeed } from './feeds.js';
import { selectStrings, type SiteStrings } from './i18n.js';
import { ArticlePage } from './pages/article.js';
import { NotFoundPage, ServerErrorPage } from './pages/error.js';
import { ListPage } from './pages/list.js';
import { createSiteView, type SiteView } from './site-view.js';
import { chooseOrigin, createSitePaths, parsePageNumber, type SitePaths } from './urls.js';

/** How the public site is configured (the `site` keys of relais.yaml, camel-cased). */
export interface SiteOptions {
  title: string;
  language: string;
  /** Absolute links start here; without it, from the request's origin. */
  baseUrl?: string;
  /** Replaces the default automatic-translation notice. */
  notice?: string;
  pageSize: number;
  /** Time zone of the dates shown; UTC when absent. */
  timeZone?: string;
}

/** What the site app needs: a reader of published articles and its configuration. */
export interface SiteAppOptions {
  reader: SiteReader;
  site: SiteOptions;
  /** Told about unexpected errors; the page the reader sees names none of their details. */
  reportError?: (error: unknown, path: string) => void;
}

const PAGE_CACHE = 'public, max-age=60';
const ASSET_CACHE = 'public, max-age=31536000, immutable';
const RELATED_COUNT = 4;

// Articles live at `/article/:slug`, not `/:yyyy/:mm/:slug`: slugs are unique on their own, and a
// date in the path would only add a second way to miss a page. The category word is translated
// because readers see it; the article word happens to be the same in French and English.

/**
 * The public site: `/` and `/<category word>/:slug` lists (`?page=N`), `/article/:slug`,
 * `/feed.xml` and `/<category word>/:slug/feed.xml`, `/robots.txt`, `/healthz`,
 * `/assets/site.css`. The category word comes from the language's strings ("rubrique" in French).
 */
export function createSiteApp(options: SiteAppOptions): Hono {
  const context = createRouteContext(options);
  const app = new Hono();
  app.use('*', secureHeaders(securityHeaderOptions));
  app.use('*', etag());
  registerListRoutes(app, context);
  registerArticleRoute(app, context);
  registerFeedRoutes(app, context);
  registerUtilityRoutes(app, context);
  app.notFound(context.notFound);
  app.onError(async (error, c) => {
    options.reportError?.(error, c.req.path);
    return sendPage(c, <ServerErrorPage view={context.viewOf(c)} />, 500, 'no-store');
  });
  return app;
}

/** What every route handler shares. */
interface RouteContext {
  reader: SiteReader;
  site: SiteOptions;
  strings: SiteStrings;
  paths: SitePaths;
  viewOf: (c: Context) => SiteView;
  notFound: (c: Context) => Promise<Response>;
}

function createRouteContext({ reader, site }: SiteAppOptions): RouteContext {
  const strings = selectStrings(site.language);
  const cssVersion = createHash('sha256').update(SITE_CSS).digest('hex').slice(0, 12);
  const paths = createSitePaths(strings, cssVersion);
  const viewOf = (c: Context): SiteView =>
    createSiteView({
      title: site.title,
      language: site.language,
      strings,
      paths,
      origin: chooseOrigin(site.baseUrl, c.req.url),
      notice: site.notice,
      timeZone: site.timeZone ?? 'UTC',
    });
  const notFound = async (c: Context) =>
    sendPage(c, <NotFoundPage view={viewOf(c)} categories={await reader.listCategories()} />, 404);
  return { reader, site, strings, paths, viewOf, notFound };
}

function registerListRoutes(app: Hono, { reader, site, strings, paths, viewOf, notFound }: RouteContext): void {
  const rangeOf = (page: number) => ({ limit: site.pageSize, offset: (page - 1) * site.pageSize });
  app.get('/', async (c) => {
    const page = parsePageNumber(c.req.query('page'));
    if (page === undefined) return notFound(c);
    const list = await reader.listLatest(rangeOf(page));
    const pageCount = countPages(list.total, site.pageSize);
    if (page > pageCount) return notFound(c);
    const props = { view: viewOf(c), categories: await reader.listCategories(), heading: strings.latest, items: list.items, page, pageCount };
    return sendPage(c, <ListPage {...props} pathForPage={(n) => paths.home(n)} />);
  });
  app.get(`/${strings.paths.category}/:slug`, async (c) => {
    const page = parsePageNumber(c.req.query('page'));
    if (page === undefined) return notFound(c);
    const slug = c.req.param('slug');
    const list = await reader.listByCategory(slug, rangeOf(page));
    const pageCount = list ? countPages(list.total, site.pageSize) : 0;
    if (!list || page > pageCount) return notFound(c);
    const feed = { title: strings.categoryFeed(list.category.name), path: paths.categoryFeed(slug) };
    const props = { view: viewOf(c), categories: await reader.listCategories(), heading: list.category.name, items: list.items, page, pageCount };
    return sendPage(c, <ListPage {...props} category={list.category} feed={feed} pathForPage={(n) => paths.category(slug, n)} />);
  });
}

function registerArticleRoute(app: Hono, { reader, strings, viewOf, notFound }: RouteContext): void {
  app.get(`/${strings.paths.article}/:slug`, async (c) => {
    const article = await reader.getArticle(c.req.param('slug'));
    if (!article) return notFound(c);
    const [related, categories] = await Promise.all([reader.listRelated(article, RELATED_COUNT), reader.listCategories()]);
    return sendPage(c, <ArticlePage view={viewOf(c)} categories={categories} article={article} related={related} />);
  });
}

function registerFeedRoutes(app: Hono, { reader, strings, viewOf, notFound }: RouteContext): void {
  app.get('/feed.xml', async (c) => sendFeed(c, await renderLatestFeed(reader, viewOf(c))));
  app.get(`/${strings.paths.category}/:slug/feed.xml`, async (c) => {
    const xml = await renderCategoryFeed(reader, viewOf(c), c.req.param('slug'));
    return xml === undefined ? notFound(c) : sendFeed(c, xml);
  });
}

function registerUtilityRoutes(app: Hono, { reader }: RouteContext): void {
  // The stylesheet's URL carries a hash of its content, so it may be cached for a year.
  app.get('/assets/site.css', (c) => c.body(SITE_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': ASSET_CACHE }));
  app.get('/favicon.svg', (c) => c.body(FAVICON_SVG, 200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400' }));
  app.get('/robots.txt', (c) => c.text('User-agent: *\nAllow: /\n', 200, { 'Cache-Control': 'public, max-age=3600' }));
  app.get('/healthz', async (c) => {
    await reader.listLatest({ limit: 1, offset: 0 });
    return c.text('ok', 200, { 'Cache-Control': 'no-store' });
  });
}

// No script anywhere on the site: CSP forbids it outright, so injected markup cannot run.
const securityHeaderOptions = {
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    imgSrc: ['https:', 'http:', 'data:'],
    styleSrc: ["'self'"],
    scriptSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
  referrerPolicy: 'strict-origin-when-cross-origin',
  // HSTS belongs to whoever terminates TLS in front of the site; over plain HTTP it is ignored.
  strictTransportSecurity: false,
};

function countPages(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

async function sendPage(c: Context, page: JSX.Element, status: 200 | 404 | 500 = 200, cache = PAGE_CACHE): Promise<Response> {
  const html = `<!DOCTYPE html>${await page.toString()}`;
  return c.html(html, status, { 'Cache-Control': cache });
}

function sendFeed(c: Context, xml: string): Response {
  return c.body(xml, 200, { 'Content-Type': 'application/rss+xml; charset=utf-8', 'Cache-Control': PAGE_CACHE });
}
