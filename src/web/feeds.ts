import type { ArticleSummary, SiteReader } from '../domain/types.js';
import { renderRssFeed, type RssItem } from '../publisher/index.js';
import type { SiteView } from './site-view.js';
import { isHttpUrl } from './urls.js';

/** How many items a feed carries. */
export const FEED_SIZE = 50;

/** The RSS feed of the whole site's latest articles. */
export async function renderLatestFeed(reader: SiteReader, view: SiteView): Promise<string> {
  const { items } = await reader.listLatest({ limit: FEED_SIZE, offset: 0 });
  return renderRssFeed(items.map((item) => toRssItem(item, view)), {
    title: view.title,
    link: view.origin + view.paths.home(),
    selfUrl: view.origin + view.paths.feed(),
    description: view.title,
    language: view.language,
    ...hubOf(view),
  });
}

/** The RSS feed of one category; undefined when the category has no articles. */
export async function renderCategoryFeed(reader: SiteReader, view: SiteView, slug: string): Promise<string | undefined> {
  const list = await reader.listByCategory(slug, { limit: FEED_SIZE, offset: 0 });
  if (!list) return undefined;
  return renderRssFeed(list.items.map((item) => toRssItem(item, view)), {
    title: `${list.category.name} — ${view.title}`,
    link: view.origin + view.paths.category(slug),
    selfUrl: view.origin + view.paths.categoryFeed(slug),
    description: `${list.category.name} — ${view.title}`,
    language: view.language,
    ...hubOf(view),
  });
}

/** The channel's WebSub hub, when the site has one. */
export function hubOf(view: SiteView): { hub?: string } {
  return view.websubHub ? { hub: view.websubHub } : {};
}

function toRssItem(article: ArticleSummary, view: SiteView): RssItem {
  const item: RssItem = {
    title: article.title,
    url: view.origin + view.paths.article(article.slug),
    summary: article.summary,
    publishedAt: article.publishedAt,
    category: article.category.name,
  };
  if (article.updatedAt) item.updatedAt = article.updatedAt;
  if (isHttpUrl(article.leadImage?.url)) item.imageUrl = article.leadImage.url;
  return item;
}
