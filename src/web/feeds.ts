import type { ArticleSummary, PublishedArticle, SiteReader } from '../domain/types.js';
import { renderAtomFeed, renderJsonFeed, renderRssFeed, type RssChannel, type RssItem } from '../publisher/index.js';
import { sanitizeHtml } from '../sanitizer/index.js';
import type { PageInput } from '../storage/site-pages.js';
import { Attribution } from './pages/article.js';
import type { SiteView } from './site-view.js';
import { FEED_FORMATS, isHttpUrl, type FeedFormat } from './urls.js';

/** How many items a feed carries. */
export const FEED_SIZE = 50;

/** What each feed format is served as. */
export const FEED_CONTENT_TYPES: Readonly<Record<FeedFormat, string>> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

const RENDERERS: Readonly<Record<FeedFormat, (items: readonly RssItem[], channel: RssChannel) => string>> = {
  rss: renderRssFeed,
  atom: renderAtomFeed,
  json: renderJsonFeed,
};

/** A feed as stored: its path, content type and text; the caller adds the caching. */
export type FeedPage = Omit<PageInput, 'cacheControl' | 'status'>;

/** What a list's feeds are called and where they are: site paths, made absolute here. */
export interface FeedListing {
  title: string;
  /** The page the feeds belong to (the list's first page). */
  pagePath: string;
  feedPath: (format: FeedFormat) => string;
}

/** The whole site's latest articles, in every feed format. */
export async function renderLatestFeeds(reader: SiteReader, view: SiteView): Promise<FeedPage[]> {
  const { items } = await reader.listLatest({ limit: FEED_SIZE, offset: 0 });
  return renderFeeds(reader, view, items, { title: view.title, pagePath: view.paths.home(), feedPath: (format) => view.paths.feed(format) });
}

/** One category's feeds, in every format; none when the category has no articles. */
export async function renderCategoryFeeds(reader: SiteReader, view: SiteView, slug: string): Promise<FeedPage[]> {
  const list = await reader.listByCategory(slug, { limit: FEED_SIZE, offset: 0 });
  if (!list) return [];
  const listing = { title: `${list.category.name} — ${view.title}`, pagePath: view.paths.category(slug), feedPath: (format: FeedFormat) => view.paths.categoryFeed(slug, format) };
  return renderFeeds(reader, view, list.items, listing);
}

/** The feeds of any list of articles (at most FEED_SIZE of them, newest first), one per format. */
export async function renderFeeds(reader: SiteReader, view: SiteView, summaries: readonly ArticleSummary[], listing: FeedListing): Promise<FeedPage[]> {
  const items = await toFeedItems(reader, summaries.slice(0, FEED_SIZE), view);
  return FEED_FORMATS.map((format) => {
    const channel: RssChannel = {
      title: listing.title,
      link: view.origin + listing.pagePath,
      selfUrl: view.origin + listing.feedPath(format),
      description: listing.title,
      language: view.language,
      ...hubOf(view),
    };
    return { path: listing.feedPath(format), contentType: FEED_CONTENT_TYPES[format], body: RENDERERS[format](items, channel) };
  });
}

/** The channel's WebSub hub, when the site has one. */
function hubOf(view: SiteView): { hub?: string } {
  return view.websubHub ? { hub: view.websubHub } : {};
}

// The lists carry summaries; each item's body comes from its article (FEED_SIZE reads, one list).
async function toFeedItems(reader: SiteReader, summaries: readonly ArticleSummary[], view: SiteView): Promise<RssItem[]> {
  const items: RssItem[] = [];
  for (const summary of summaries) {
    const article = await reader.getArticle(summary.slug);
    items.push(toFeedItem(summary, view, article ? await renderFeedContent(article, view) : undefined));
  }
  return items;
}

function toFeedItem(article: ArticleSummary, view: SiteView, contentHtml: string | undefined): RssItem {
  const item: RssItem = {
    title: article.title,
    // The article's permanent URL is its guid in every format: a slug is never changed, nor given
    // to another story (docs/decisions.md, "Feed item ids").
    url: view.origin + view.paths.article(article.slug),
    summary: article.summary,
    publishedAt: article.publishedAt,
    category: article.category.name,
  };
  if (article.updatedAt) item.updatedAt = article.updatedAt;
  if (isHttpUrl(article.leadImage?.url)) item.imageUrl = article.leadImage.url;
  if (contentHtml !== undefined) item.contentHtml = contentHtml;
  return item;
}

/**
 * An article's full content for a feed: its published body with every URL absolute (a relative one,
 * such as the site's own `/…` images, resolved against the site's origin; a feed reader has no base),
 * then the attribution and the automatic-translation notice as the article page shows them.
 */
export async function renderFeedContent(article: PublishedArticle, view: SiteView): Promise<string> {
  // The body is stored sanitized; going through the sanitizer again with the site as base only resolves its URLs.
  const body = sanitizeHtml(article.html, { baseUrl: `${view.origin}/` });
  const attribution = await Attribution({ view, article }).toString();
  return body + attribution;
}
