import { createHash, randomUUID } from 'node:crypto';
import type { ArticleSummary, Category, PublishedArticle, SiteReader } from '../domain/types.js';
import { describeError } from '../domain/errors.js';
import type { WebSubPublisher } from '../publisher/websub.js';
import { createSiteReader, type Db } from '../storage/index.js';
import {
  deletePages,
  finishRender,
  hasSiteChanges,
  listSiteChanges,
  listStoredPageTags,
  preparePage,
  readSiteState,
  readStoredPage,
  releaseRenderTurn,
  takeRenderTurn,
  writePages,
  type PageInput,
  type SiteChange,
  type StoredPage,
} from '../storage/site-pages.js';
import { createSiteRenderer, NOT_FOUND_PATH, RELATED_COUNT, type SiteOptions, type SiteRenderer } from './render.js';
import { FEED_FORMATS } from './urls.js';

/** What one render did. */
export interface RenderReport {
  /** `all` when settings, templates or the list of categories changed; `changes` otherwise. */
  kind: 'all' | 'changes';
  rendered: number;
  removed: number;
  changes: number;
  generation: number;
  /** The feeds whose bytes changed (absolute URLs): what the WebSub hub is told. */
  feeds: string[];
}

/** Keeps the stored pages of a site current with its publications. */
export interface SiteBuilder {
  /**
   * Renders what changed since the last render — everything when the settings, the templates or
   * the categories changed. Undefined when there was nothing to do or another process renders now.
   */
  render(): Promise<RenderReport | undefined>;
  /** Asks for a render soon; calls close together are rendered once. */
  schedule(): void;
  /** Resolves when the renders asked for so far are done. */
  idle(): Promise<void>;
  /** Stops scheduling; waits for a render in progress. */
  close(): Promise<void>;
}

export interface SiteBuilderOptions {
  db: Db;
  site: SiteOptions;
  /** How long `schedule` waits to gather more changes before rendering (ms). */
  delayMs?: number;
  /** Told about each render, and about renders that failed (they are retried on the next schedule). */
  onRender?: (report: RenderReport) => void;
  onError?: (error: unknown) => void;
  /** The clock of the news sitemap's 48 hours; the system's by default. */
  now?: () => Date;
  /** Told, after each render, of the feeds that changed (`site.websub_hub`); its failures never fail a render. */
  websub?: WebSubPublisher;
  /**
   * Renders again this often (ms) even when nothing was published, so that the news sitemap lets
   * go of stories older than 48 hours; off by default (a long-running publisher sets it).
   */
  refreshMs?: number;
}

// A render holds the turn this long and renews it between batches; a renderer that died gives it up by expiry.
const TURN_SECONDS = 120;
const BATCH = 100;

/** Makes the builder of a site's stored pages. */
export function createSiteBuilder(options: SiteBuilderOptions): SiteBuilder {
  const { db, site } = options;
  const reader = createSiteReader(db, site.language);
  const renderer = createSiteRenderer(reader, site);
  const owner = `site-${randomUUID()}`;
  let signature: Promise<string> | undefined;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let wanted = false;
  let closed = false;
  const delayMs = options.delayMs ?? 500;
  const now = options.now ?? (() => new Date());
  let refresh: NodeJS.Timeout | undefined;

  const render = async (): Promise<RenderReport | undefined> => {
    signature ??= siteSignature(site);
    const expected = await signature;
    const generation = await takeRenderTurn(db, owner, TURN_SECONDS);
    if (generation === undefined) return undefined;
    try {
      const report = await renderTurn(db, reader, renderer, { owner, generation, signature: expected, language: site.language, now: now() });
      if (!report) await releaseRenderTurn(db, owner);
      // The pages are stored: a hub that is down costs its subscribers a notice, never the render.
      if (report && report.feeds.length > 0) await options.websub?.publish(report.feeds).catch(() => undefined);
      return report;
    } catch (error) {
      await releaseRenderTurn(db, owner).catch(() => undefined);
      throw error;
    }
  };

  const pass = async () => {
    while (wanted && !closed) {
      wanted = false;
      try {
        const report = await render();
        if (report) options.onRender?.(report);
        const pending = await hasSiteChanges(db);
        // Changes that came in while this one rendered: go again now. None rendered because
        // another process holds the turn: try again a little later (it may render them first).
        if (pending && report) wanted = true;
        else if (pending) return schedule();
      } catch (error) {
        options.onError?.(error);
        return;
      }
    }
  };

  const schedule = () => {
    if (closed) return;
    wanted = true;
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      running = running.then(pass);
    }, delayMs);
    timer.unref();
  };
  if (options.refreshMs) {
    refresh = setInterval(schedule, options.refreshMs);
    refresh.unref();
  }

  return {
    render,
    schedule,
    async idle() {
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
        running = running.then(pass);
      }
      await running;
      while (timer && !closed) {
        await new Promise((resolve) => setTimeout(resolve, delayMs + 10));
        await running;
      }
    },
    async close() {
      closed = true;
      if (refresh) clearInterval(refresh);
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}

interface Turn {
  owner: string;
  generation: number;
  signature: string;
  language: string;
  now: Date;
}

async function renderTurn(db: Db, reader: SiteReader, renderer: SiteRenderer, turn: Turn): Promise<RenderReport | undefined> {
  const state = await readSiteState(db);
  const categories = await reader.listCategories();
  const categoriesJson = JSON.stringify(categories);
  const changes = await listSiteChanges(db);
  const all = state.signature !== turn.signature || state.categories !== categoriesJson;
  if (!all && changes.length === 0) return renderNewsSitemapAlone(db, renderer, turn, state);
  const stored = await listStoredPageTags(db);
  const writer = createPageWriter(db, turn, stored);
  let removed = 0;
  if (all) {
    for (const page of renderer.renderAssets()) await writer.add(page);
    await writer.add(await renderer.renderNotFound(categories));
    await writeLists(writer, renderer, categories, categories.map((category) => category.slug));
    for (const slug of await reader.listSlugs()) {
      const page = await renderer.renderArticle(slug, categories);
      if (page) await writer.add(page);
    }
    for (const slug of await reader.listRemovedSlugs()) await writer.add(await renderer.renderGone(slug, categories));
    await writeSitemaps(writer, renderer, (await reader.listSitemapMonths()).map((month) => month.month), turn.now);
    await writer.flush();
    const gone = [...stored.keys()].filter((path) => !writer.written.has(path));
    await deletePages(db, gone);
    removed = gone.length;
  } else {
    const mine = changes.filter((change) => change.language === turn.language);
    const articles = await articlesShowing(reader, mine);
    const categorySlugs = [...new Set(mine.map((change) => change.categorySlug))];
    const months = [...new Set(mine.map((change) => change.publishedAt.slice(0, 7)))];
    if (mine.length > 0) await writeLists(writer, renderer, categories, categorySlugs);
    // The news sitemap follows the clock: every render takes it up, changes of this language or not.
    await writeSitemaps(writer, renderer, months, turn.now);
    const gone: string[] = [];
    const removedSlugs = new Set(await reader.listRemovedSlugs());
    for (const slug of articles) {
      const page = await renderer.renderArticle(slug, categories);
      if (page) await writer.add(page);
      else if (removedSlugs.has(slug)) await writer.add(await renderer.renderGone(slug, categories));
      else gone.push(renderer.paths.article(slug));
    }
    await writer.flush();
    // Pages past the end of a list that got shorter, and the lists of categories now empty.
    const firstPages = [renderer.paths.home(), ...categorySlugs.map((slug) => renderer.paths.category(slug))];
    for (const path of stored.keys()) {
      if (writer.written.has(path)) continue;
      if (firstPages.some((first) => renderer.isListPage(path, first))) gone.push(path);
    }
    for (const slug of categorySlugs) {
      for (const format of FEED_FORMATS) {
        const feed = renderer.paths.categoryFeed(slug, format);
        if (stored.has(feed) && !writer.written.has(feed)) gone.push(feed);
      }
    }
    // The sitemaps of a month left with fewer articles (or none).
    for (const path of stored.keys()) {
      if (!writer.written.has(path) && months.some((month) => renderer.isArticleSitemap(path, month))) gone.push(path);
    }
    const removing = [...new Set(gone)].filter((path) => stored.has(path));
    await deletePages(db, removing);
    removed = removing.length;
  }
  await finishRender(db, turn.owner, { generation: turn.generation, changeIds: changes.map((change) => change.id), signature: turn.signature, categories: categoriesJson });
  return { kind: all ? 'all' : 'changes', rendered: writer.written.size, removed, changes: changes.length, generation: turn.generation, feeds: writer.changedFeeds.map((path) => renderer.view.origin + path) };
}

/**
 * A render with no publication changed: the news sitemap alone, when the clock took stories out of
 * its 48 hours; nothing (undefined) when it reads as stored.
 */
async function renderNewsSitemapAlone(db: Db, renderer: SiteRenderer, turn: Turn, state: { signature: string | undefined; categories: string | undefined }): Promise<RenderReport | undefined> {
  const page = preparePage(await renderer.renderNewsSitemap(turn.now));
  const stored = await readStoredPage(db, page.path);
  if (stored?.etag === page.etag || state.signature === undefined || state.categories === undefined) return undefined;
  await writePages(db, [page], turn.generation);
  await finishRender(db, turn.owner, { generation: turn.generation, changeIds: [], signature: state.signature, categories: state.categories });
  return { kind: 'changes', rendered: 1, removed: 0, changes: 0, generation: turn.generation, feeds: [] };
}

/**
 * The sitemaps a render touches: the index, the pages' sitemap and the news sitemap (all small)
 * and the sitemaps of the months whose articles changed; the other months' stay as they are.
 */
async function writeSitemaps(writer: PageWriter, renderer: SiteRenderer, months: readonly string[], now: Date): Promise<void> {
  await writer.add(await renderer.renderSitemapIndex());
  await writer.add(await renderer.renderPagesSitemap());
  for (const month of months) {
    for (const page of await renderer.renderArticleSitemaps(month)) await writer.add(page);
  }
  await writer.add(await renderer.renderNewsSitemap(now));
}

async function writeLists(writer: PageWriter, renderer: SiteRenderer, categories: readonly Category[], categorySlugs: readonly string[]): Promise<void> {
  for (const page of await renderer.renderHome(categories)) await writer.add(page);
  for (const page of await renderer.renderLatestFeeds()) await writer.add(page);
  for (const slug of categorySlugs) {
    for (const page of await renderer.renderCategory(slug, categories)) await writer.add(page);
  }
}

/** The articles whose pages show a changed publication: its own, and those listing it as related. */
async function articlesShowing(reader: SiteReader, changes: readonly SiteChange[]): Promise<string[]> {
  const slugs = new Set<string>();
  for (const change of changes) {
    slugs.add(change.slug);
    for (const slug of await reader.listFollowing(change.categorySlug, change, RELATED_COUNT)) slugs.add(slug);
  }
  return [...slugs];
}

interface PageWriter {
  written: Set<string>;
  /** The paths of feeds whose bytes differ from the stored ones. */
  changedFeeds: string[];
  add(page: PageInput): Promise<void>;
  flush(): Promise<void>;
}

// What subscribers follow: RSS, Atom and JSON Feed, told apart by their media types.
const FEED_TYPES = /^application\/(rss\+xml|atom\+xml|feed\+json)\b/;

function createPageWriter(db: Db, turn: Turn, stored: ReadonlyMap<string, string>): PageWriter {
  let batch: StoredPage[] = [];
  const written = new Set<string>();
  const changedFeeds: string[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const pages = batch;
    batch = [];
    await writePages(db, pages, turn.generation);
    // Keep the turn while a long render goes on.
    if ((await takeRenderTurn(db, turn.owner, TURN_SECONDS)) === undefined) {
      throw new Error(`site render ${turn.owner} lost its turn to another renderer`);
    }
  };
  return {
    written,
    changedFeeds,
    async add(input) {
      const page = preparePage(input);
      written.add(page.path);
      if (FEED_TYPES.test(page.contentType) && stored.get(page.path) !== page.etag) changedFeeds.push(page.path);
      batch.push(page);
      if (batch.length >= BATCH) await flush();
    },
    flush,
  };
}

/**
 * What the stored pages depend on besides the publications: the settings and the templates. The
 * templates are fingerprinted by rendering a fixed sample through them, so a new version of relais
 * whose pages look different renders the whole site again by itself.
 */
export async function siteSignature(site: SiteOptions): Promise<string> {
  const renderer = createSiteRenderer(sampleReader, site);
  const hash = createHash('sha256').update(JSON.stringify(site));
  const categories = [SAMPLE.category];
  const pages = [
    ...renderer.renderAssets(),
    ...(await renderer.renderHome(categories)),
    ...(await renderer.renderCategory(SAMPLE.category.slug, categories)),
    ...(await renderer.renderLatestFeeds()),
    await renderer.renderNotFound(categories),
    await renderer.renderGone('sample-removed', categories),
    await renderer.renderSitemapIndex(),
    await renderer.renderPagesSitemap(),
    ...(await renderer.renderArticleSitemaps(SAMPLE.publishedAt.slice(0, 7))),
    await renderer.renderNewsSitemap(new Date(SAMPLE.publishedAt)),
  ];
  const article = await renderer.renderArticle(SAMPLE.slug, categories);
  if (article) pages.push(article);
  for (const page of pages) hash.update(page.path).update('\0').update(page.body).update('\0');
  return hash.digest('base64url');
}

const SAMPLE: PublishedArticle = {
  slug: 'sample',
  language: 'und',
  title: 'Sample title',
  summary: 'Sample summary.',
  category: { name: 'Sample', slug: 'sample' },
  publishedAt: '2000-01-02T03:04:05.000Z',
  leadImage: { url: 'https://example.invalid/image.jpg', alt: 'Sample image' },
  html: '<p>Sample paragraph.</p>',
  byline: 'Sample byline',
  sourceUrl: 'https://example.invalid/story',
  sourceName: 'Sample source',
  sourceLanguage: 'und',
  originalPublishedAt: '2000-01-01T03:04:05.000Z',
  alsoReportedBy: [{ name: 'Sample other source', url: 'https://example.invalid/other-story' }],
};

const SAMPLE_SUMMARY: ArticleSummary = { ...SAMPLE, slug: 'sample-earlier', publishedAt: '2000-01-01T00:00:00.000Z' };

// One article and an earlier one, in one category: enough for every template to show every part.
const sampleReader: SiteReader = {
  listLatest: async () => ({ items: [SAMPLE, SAMPLE_SUMMARY], total: 2 }),
  listByCategory: async (slug) => (slug === SAMPLE.category.slug ? { category: SAMPLE.category, items: [SAMPLE, SAMPLE_SUMMARY], total: 2 } : undefined),
  getArticle: async (slug) => (slug === SAMPLE.slug ? SAMPLE : undefined),
  listRelated: async () => [SAMPLE_SUMMARY],
  listFollowing: async () => [],
  listSlugs: async () => [SAMPLE.slug],
  listRemovedSlugs: async () => [],
  listCategories: async () => [SAMPLE.category],
  listSitemapMonths: async () => [{ month: SAMPLE.publishedAt.slice(0, 7), count: 1, lastModified: SAMPLE.publishedAt }],
  listSitemapArticles: async (month, range) => (month === SAMPLE.publishedAt.slice(0, 7) && range.offset === 0 ? [{ slug: SAMPLE.slug, lastModified: SAMPLE.publishedAt }] : []),
  listCategoryModifications: async () => [{ slug: SAMPLE.category.slug, lastModified: SAMPLE.publishedAt }],
  listPublishedSince: async (since) => (SAMPLE.publishedAt >= since ? [SAMPLE] : []),
};

/** Why a render failed, for a log line. */
export function describeRenderError(error: unknown): string {
  return `rendering the site failed: ${describeError(error)} (it is tried again when the next story is published)`;
}
