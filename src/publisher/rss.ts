// RSS 2.0 (https://www.rssboard.org/rss-specification) written by hand rather than with a feed
// generator: the ones at hand wrap text in indented CDATA, which puts whitespace into titles,
// and none drops the characters XML 1.0 forbids, which would make the whole feed unreadable.

/** The channel of a feed, whatever its format (RSS, Atom, JSON Feed); URLs are absolute. */
export interface RssChannel {
  title: string;
  /** The page the feed belongs to. */
  link: string;
  /** Where the feed itself is served (atom:link rel="self"). */
  selfUrl: string;
  description: string;
  language: string;
  /** When the feed last changed; defaults to the newest date of its items (published or updated). */
  lastBuildDate?: string;
  /**
   * The WebSub hub that subscribers may follow the feed through (atom:link rel="hub"; Atom's
   * `<link rel="hub">`, JSON Feed's `hubs`): the feed's publisher tells it when the feed changes.
   */
  hub?: string;
}

/** One item of a feed, whatever its format; `url` is absolute and also serves as the permanent guid. */
export interface RssItem {
  title: string;
  url: string;
  summary: string;
  /** ISO 8601 instant. */
  publishedAt: string;
  /** ISO 8601 instant of the item's last update, when it was updated (atom:updated). */
  updatedAt?: string;
  category?: string;
  imageUrl?: string;
  /** The full body as HTML with absolute URLs (content:encoded); only the summary when absent. */
  contentHtml?: string;
}

/** Renders an RSS 2.0 document; every text is escaped and stripped of characters XML forbids. */
export function renderRssFeed(items: readonly RssItem[], channel: RssChannel): string {
  const lastBuild = channel.lastBuildDate ?? findNewestDate(items);
  const head = [
    element('title', channel.title),
    element('link', channel.link),
    element('description', channel.description),
    element('language', channel.language),
    lastBuild ? element('lastBuildDate', formatRfc822Date(lastBuild)) : '',
    `<atom:link href="${escapeXml(channel.selfUrl)}" rel="self" type="application/rss+xml"/>`,
    channel.hub ? `<atom:link href="${escapeXml(channel.hub)}" rel="hub"/>` : '',
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/">',
    '<channel>',
    ...head.filter(Boolean),
    ...items.map(renderRssItem),
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}

function renderRssItem(item: RssItem): string {
  const parts = [
    element('title', item.title),
    element('link', item.url),
    `<guid isPermaLink="true">${escapeXml(item.url)}</guid>`,
    element('pubDate', formatRfc822Date(item.publishedAt)),
    // RSS 2.0 has no date of update; readers take Atom's (RFC 4287 §4.2.15), in RFC 3339.
    item.updatedAt ? element('atom:updated', new Date(item.updatedAt).toISOString()) : '',
    element('description', item.summary),
    item.contentHtml !== undefined ? `<content:encoded>${cdata(item.contentHtml)}</content:encoded>` : '',
    item.category ? element('category', item.category) : '',
    item.imageUrl ? `<media:content url="${escapeXml(item.imageUrl)}" medium="image"/>` : '',
  ];
  return `<item>${parts.filter(Boolean).join('')}</item>`;
}

/** The latest date among the items, publication or update; undefined for no items. */
export function findNewestDate(items: readonly RssItem[]): string | undefined {
  let newest: string | undefined;
  let newestTime = Number.NEGATIVE_INFINITY;
  for (const item of items) {
    for (const iso of [item.publishedAt, item.updatedAt]) {
      const time = iso ? new Date(iso).getTime() : Number.NaN;
      if (time > newestTime) [newest, newestTime] = [iso, time];
    }
  }
  return newest;
}

function element(name: string, text: string): string {
  return `<${name}>${escapeXml(text)}</${name}>`;
}

// A CDATA section ends at the first `]]>`: one inside the text is split across two sections
// (`]]` ends the first, `>` opens the next), so the text reads back whole.
function cdata(text: string): string {
  return `<![CDATA[${dropForbiddenXmlCharacters(text).replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** Drops the characters XML 1.0 forbids (controls, lone surrogates, U+FFFE/U+FFFF). */
export function dropForbiddenXmlCharacters(text: string): string {
  return text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}

/** Escapes text for XML content or a double-quoted attribute and drops characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return dropForbiddenXmlCharacters(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Formats an ISO 8601 instant as RFC 822 (RSS's date format), in GMT. */
export function formatRfc822Date(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? new Date(0).toUTCString() : date.toUTCString();
}
