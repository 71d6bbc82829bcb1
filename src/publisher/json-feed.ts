// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), from the same channel and items as RSS and Atom.
import { formatRfc3339Date } from './atom.js';
import type { RssChannel, RssItem } from './rss.js';

/** The version URL every JSON Feed 1.1 document starts with. */
export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

/**
 * Renders a JSON Feed 1.1 document. An item's id is its permanent URL, as RSS's guid and Atom's id;
 * `date_modified` is there only when the story was updated.
 */
export function renderJsonFeed(items: readonly RssItem[], channel: RssChannel): string {
  const feed = {
    version: JSON_FEED_VERSION,
    title: channel.title,
    home_page_url: channel.link,
    feed_url: channel.selfUrl,
    description: channel.description,
    language: channel.language,
    ...(channel.hub ? { hubs: [{ type: 'WebSub', url: channel.hub }] } : {}),
    items: items.map((item) => ({
      id: item.url,
      url: item.url,
      title: item.title,
      // content_html or content_text is required; the summary stands in when there is no body.
      ...(item.contentHtml !== undefined ? { content_html: item.contentHtml } : { content_text: item.summary }),
      summary: item.summary,
      ...(item.imageUrl ? { image: item.imageUrl } : {}),
      date_published: formatRfc3339Date(item.publishedAt),
      ...(item.updatedAt ? { date_modified: formatRfc3339Date(item.updatedAt) } : {}),
      ...(item.category ? { tags: [item.category] } : {}),
    })),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}
