// Feed text → ParsedFeed. feedsmith reads the formats (measured against @rowanmanning/feed-parser
// on the feedparser corpus: docs/decisions.md); relais decides what the body is, keeps DOCTYPEs
// away from the XML parser, and normalizes what comes out (URLs, text, dates).
import { parseAtomFeed, parseJsonFeed, parseRdfFeed, parseRssFeed } from 'feedsmith';
import type { AtomFeed, RdfFeed, RssFeed } from 'feedsmith';
import { FeedError } from '../domain/errors.js';
import type { FeedItem, ParsedFeed } from '../domain/types.js';
import type { ParsedEntries } from './item-fields.js';
import { mapAtomFeed } from './map-atom.js';
import { mapJsonFeed } from './map-json.js';
import { mapRdfFeed, mapRssFeed } from './map-rss.js';
import { readRootName, stripDoctype } from './xml-prolog.js';

type XmlFormat = 'rss' | 'atom' | 'rdf';

const XML_FORMATS = new Map<string, XmlFormat>([['rss', 'rss'], ['feed', 'atom'], ['rdf', 'rdf']]);
const HTML_ROOTS = new Set(['html', 'head', 'body']);

function describeCause(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

function htmlPageError(feedUrl: string): FeedError {
  return new FeedError(
    `not a feed: got an HTML page from ${feedUrl}; use \`relais sources add ${feedUrl}\` to find the page's feed`,
  );
}

function looksLikeHtml(text: string): boolean {
  return /<(?:!doctype\s+html|html|head|body)[\s>]/i.test(text.slice(0, 4096));
}

type ReadXml =
  | { format: 'rss'; feed: RssFeed.Feed<string> }
  | { format: 'rdf'; feed: RdfFeed.Feed<string> }
  | { format: 'atom'; feed: AtomFeed.Feed<string> };

function readXml(format: XmlFormat, text: string): ReadXml {
  if (format === 'rss') return { format, feed: parseRssFeed(text) };
  if (format === 'rdf') return { format, feed: parseRdfFeed(text) };
  return { format, feed: parseAtomFeed(text) };
}

function parseXmlFeed(format: XmlFormat, text: string, feedUrl: string): ParsedEntries {
  let read: ReadXml;
  try {
    read = readXml(format, text);
  } catch (error) {
    // feedsmith's ParseError: well-formed, the right root, nothing it could read: an empty feed.
    if (error instanceof Error && error.name === 'ParseError') return { format, entries: [] };
    if (error instanceof Error && error.name === 'MalformedError') {
      throw new FeedError(`not a feed: ${feedUrl} is not well-formed XML (${describeCause(error)})`, { cause: error });
    }
    throw new FeedError(`could not read the ${format} feed at ${feedUrl}: ${describeCause(error)}`, { cause: error });
  }
  if (read.format === 'rss') return mapRssFeed(read.feed, feedUrl);
  if (read.format === 'rdf') return mapRdfFeed(read.feed, feedUrl);
  // Atom 0.3's namespace (http://purl.org/atom/ns#) tells its text defaults apart from Atom 1.0's.
  return mapAtomFeed(read.feed, feedUrl, /xmlns(?::\w+)?\s*=\s*["']http:\/\/purl\.org\/atom\/ns#["']/.test(text));
}

function parseXmlText(text: string, feedUrl: string): ParsedEntries {
  const root = readRootName(text);
  const localName = root?.slice(root.indexOf(':') + 1).toLowerCase();
  if (!localName) {
    if (looksLikeHtml(text)) throw htmlPageError(feedUrl);
    if (text.trimStart().startsWith('<')) {
      throw new FeedError(`not a feed: ${feedUrl} is an XML document without a root element (empty or cut short)`);
    }
    throw new FeedError(`not a feed: ${feedUrl} is neither XML nor JSON (it starts with "${text.trim().slice(0, 40)}")`);
  }
  if (HTML_ROOTS.has(localName)) throw htmlPageError(feedUrl);
  const format = XML_FORMATS.get(localName);
  if (!format) {
    throw new FeedError(`not a feed: ${feedUrl} is XML with root element <${root}>, not <rss>, <feed> or <rdf:RDF>`);
  }
  // No DOCTYPE reaches the parser, so no entity it declares is ever expanded or fetched.
  return parseXmlFeed(format, stripDoctype(text), feedUrl);
}

function parseJsonText(text: string, feedUrl: string): ParsedEntries {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new FeedError(`not a feed: ${feedUrl} is not valid JSON (${describeCause(cause)})`, { cause });
  }
  const record = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const version = typeof record.version === 'string' ? record.version : '';
  if (!version.includes('jsonfeed') && !Array.isArray(record.items)) {
    throw new FeedError(`not a feed: ${feedUrl} is JSON but not a JSON Feed (no "version": "https://jsonfeed.org/version/1.1")`);
  }
  try {
    return mapJsonFeed(parseJsonFeed(value), feedUrl);
  } catch (error) {
    if (error instanceof Error && error.name === 'ParseError') return { format: 'json', entries: [] };
    throw new FeedError(`could not read the JSON Feed at ${feedUrl}: ${describeCause(error)}`, { cause: error });
  }
}

/** Parses a feed into all its entries, with or without a usable link (parseFeed keeps those with one). */
export function parseFeedEntries(body: string, feedUrl: string): ParsedEntries {
  const text = body.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new FeedError(`not a feed: ${feedUrl} answered with an empty body (check the source URL)`);
  if (/^\s*[[{]/.test(text)) return parseJsonText(text, feedUrl);
  return parseXmlText(text, feedUrl);
}

function hasUrl(entry: ParsedEntries['entries'][number]): entry is FeedItem {
  return entry.url !== undefined;
}

/**
 * Parses an RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed 1.0/1.1 document into normalized items
 * (entries without an http(s) link are left out); throws FeedError when the body is empty, an
 * HTML page, malformed or not a feed.
 */
export function parseFeed(body: string, feedUrl: string): ParsedFeed {
  const { entries, format, title, siteUrl, language } = parseFeedEntries(body, feedUrl);
  return {
    format,
    ...(title ? { title } : {}),
    ...(siteUrl ? { siteUrl } : {}),
    ...(language ? { language } : {}),
    items: entries.filter(hasUrl),
  };
}
