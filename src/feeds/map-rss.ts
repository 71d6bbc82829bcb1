// RSS 0.9x/2.0 and RDF (RSS 0.90/1.0) as feedsmith returns them → ParsedEntries.
import type { AtomNs, RdfFeed, RssFeed } from 'feedsmith';
import {
  SUMMARY_MAX_CHARS, buildEntry, isAbsoluteHttpUrl, isImageType, listMediaImages, pickDate, pickUrl,
  resolveBase, toCategories, toText,
  type FeedEntry, type ParsedEntries,
} from './item-fields.js';

type RssItem = RssFeed.Item<string>;
type RdfItem = RdfFeed.Item<string>;

function listAlternateLinks(atom: AtomNs.Entry<string> | AtomNs.Feed<string> | undefined): string[] {
  return (atom?.links ?? [])
    .filter((link) => !link.rel || link.rel === 'alternate')
    .flatMap((link) => (link.href ? [link.href] : []));
}

/** The description (RSS, Dublin Core, iTunes, Media RSS), else the full content cut short. */
function readSummary(item: RssItem | RdfItem): string | undefined {
  const itunes = 'itunes' in item ? item.itunes : undefined;
  const candidates = [
    item.description, item.dc?.descriptions?.[0], itunes?.summary, itunes?.subtitle,
    item.media?.description?.value, item.content?.encoded,
  ];
  for (const candidate of candidates) {
    const text = toText(candidate, SUMMARY_MAX_CHARS);
    if (text) return text;
  }
  return undefined;
}

function readTitle(item: RssItem | RdfItem): string | undefined {
  return toText(item.title) ?? toText(item.dc?.titles?.[0]) ?? toText(item.media?.title?.value);
}

function readDate(item: RssItem | RdfItem): string | undefined {
  const rssDate = 'pubDate' in item ? item.pubDate : undefined;
  return pickDate([
    rssDate, ...(item.dc?.dates ?? []), ...(item.dcterms?.issued ?? []), ...(item.dcterms?.created ?? []),
    ...(item.dcterms?.modified ?? []), item.atom?.published, item.atom?.updated,
  ]);
}

function mapRssItem(item: RssItem, feedBase: string): FeedEntry {
  const base = resolveBase(item.xml?.base, feedBase);
  const guid = item.guid?.value?.trim();
  const author = item.authors?.[0];
  return buildEntry({
    guid,
    // "Unless the guid is a URL": a guid that is an absolute URL is the story's address.
    url: pickUrl([item.link, ...listAlternateLinks(item.atom), isAbsoluteHttpUrl(guid) ? guid : undefined], base),
    title: readTitle(item),
    summary: readSummary(item),
    publishedAt: readDate(item),
    author: toText(author?.name ?? item.dc?.creators?.[0] ?? author?.email ?? item.itunes?.author),
    imageUrl: pickUrl([
      ...listMediaImages(item.media),
      ...(item.enclosures ?? []).filter((enclosure) => isImageType(enclosure.type)).map((enclosure) => enclosure.url),
      item.itunes?.image,
    ], base),
    categories: toCategories([...(item.categories ?? []).map((category) => category.name), ...(item.dc?.subjects ?? [])]),
  });
}

function mapRdfItem(item: RdfItem, feedBase: string): FeedEntry {
  const base = resolveBase(item.xml?.base, feedBase);
  const about = item.rdf?.about?.trim();
  return buildEntry({
    guid: about,
    url: pickUrl([item.link, ...listAlternateLinks(item.atom), isAbsoluteHttpUrl(about) ? about : undefined], base),
    title: readTitle(item),
    summary: readSummary(item),
    publishedAt: readDate(item),
    author: toText(item.dc?.creators?.[0]),
    imageUrl: pickUrl(listMediaImages(item.media), base),
    categories: toCategories(item.dc?.subjects ?? []),
  });
}

/** Maps an RSS 0.9x/2.0 feed. */
export function mapRssFeed(feed: RssFeed.Feed<string>, feedUrl: string): ParsedEntries {
  const base = resolveBase(feed.xml?.base, feedUrl);
  return {
    format: 'rss',
    title: toText(feed.title ?? feed.dc?.titles?.[0]),
    siteUrl: pickUrl([feed.link, ...listAlternateLinks(feed.atom)], base),
    language: (feed.language ?? feed.dc?.languages?.[0] ?? feed.xml?.lang)?.trim() || undefined,
    entries: (feed.items ?? []).map((item) => mapRssItem(item, base)),
  };
}

/** Maps an RDF (RSS 0.90/1.0) feed. */
export function mapRdfFeed(feed: RdfFeed.Feed<string>, feedUrl: string): ParsedEntries {
  const base = resolveBase(feed.xml?.base, feedUrl);
  return {
    format: 'rdf',
    title: toText(feed.title ?? feed.dc?.titles?.[0]),
    siteUrl: pickUrl([feed.link, ...listAlternateLinks(feed.atom)], base),
    language: (feed.dc?.languages?.[0] ?? feed.xml?.lang)?.trim() || undefined,
    entries: (feed.items ?? []).map((item) => mapRdfItem(item, base)),
  };
}
