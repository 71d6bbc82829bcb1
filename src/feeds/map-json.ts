// JSON Feed 1.0/1.1 as feedsmith returns it → ParsedEntries (https://www.jsonfeed.org/version/1.1/).
import type { JsonFeed } from 'feedsmith';
import {
  SUMMARY_MAX_CHARS, buildEntry, isAbsoluteHttpUrl, isImageType, pickDate, pickUrl, toCategories, toText,
  toTextConstruct,
  type FeedEntry, type ParsedEntries,
} from './item-fields.js';

type JsonItem = JsonFeed.Item<string>;

function readSummary(item: JsonItem): string | undefined {
  // JSON Feed's summary and content_text are plain text; content_html is markup.
  return (
    toTextConstruct(item.summary, 'text', SUMMARY_MAX_CHARS) ??
    toTextConstruct(item.content_text, 'text', SUMMARY_MAX_CHARS) ??
    toText(item.content_html, SUMMARY_MAX_CHARS)
  );
}

function mapJsonItem(item: JsonItem, feed: JsonFeed.Feed<string>, base: string): FeedEntry {
  const id = item.id === undefined || item.id === null ? undefined : String(item.id).trim();
  const author = item.authors?.[0] ?? feed.authors?.[0];
  return buildEntry({
    guid: id,
    url: pickUrl([item.url, item.external_url, isAbsoluteHttpUrl(id) ? id : undefined], base),
    title: toTextConstruct(item.title, 'text'),
    summary: readSummary(item),
    publishedAt: pickDate([item.date_published, item.date_modified]),
    author: toTextConstruct(author?.name, 'text'),
    imageUrl: pickUrl([
      item.image,
      item.banner_image,
      ...(item.attachments ?? []).filter((attachment) => isImageType(attachment.mime_type)).map((a) => a.url),
    ], base),
    categories: toCategories(item.tags ?? []),
  });
}

/** Maps a JSON Feed; relative URLs resolve against the URL the feed was fetched from. */
export function mapJsonFeed(feed: JsonFeed.Feed<string>, feedUrl: string): ParsedEntries {
  return {
    format: 'json',
    title: toTextConstruct(feed.title, 'text'),
    siteUrl: pickUrl([feed.home_page_url], feedUrl),
    language: feed.language?.trim() || undefined,
    entries: (feed.items ?? []).map((item) => mapJsonItem(item, feed, feedUrl)),
  };
}
