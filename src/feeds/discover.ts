// Feed discovery (the RSS autodiscovery convention, also used for Atom and JSON Feed):
// `<link rel="alternate" type="application/rss+xml" href="…" title="…">` in a page's markup.
import { DOMParser } from 'linkedom';
import { resolveHttpUrl } from './item-fields.js';
import { readRootName } from './xml-prolog.js';

/** A feed that a page links to. */
export interface DiscoveredFeed {
  /** Absolute http(s) URL of the feed. */
  url: string;
  title?: string;
  format: 'rss' | 'atom' | 'json';
}

const FEED_TYPES = new Map<string, DiscoveredFeed['format']>([
  ['application/rss+xml', 'rss'],
  ['application/rdf+xml', 'rss'],
  ['application/atom+xml', 'atom'],
  ['application/feed+json', 'json'],
  ['application/json', 'json'],
]);

interface ElementLike {
  attributes: ArrayLike<{ name: string; value: string }>;
}

/** Attributes by lowercase name: linkedom keeps the source's case (`<LINK REL=…>`), HTML ignores it. */
function readAttributes(element: ElementLike): Map<string, string> {
  const attributes = new Map<string, string>();
  for (let i = 0; i < element.attributes.length; i++) {
    const attribute = element.attributes[i];
    const name = attribute?.name.toLowerCase();
    if (attribute && name && !attributes.has(name)) attributes.set(name, attribute.value);
  }
  return attributes;
}

function readMediaType(link: Map<string, string>): string {
  return (link.get('type') ?? '').toLowerCase().split(';')[0]?.trim() ?? '';
}

function toDiscoveredFeed(link: Map<string, string>, base: string): DiscoveredFeed | undefined {
  const rel = (link.get('rel') ?? '').toLowerCase().split(/\s+/);
  const type = readMediaType(link);
  const format = FEED_TYPES.get(type);
  const href = link.get('href');
  if (!rel.includes('alternate') || !format || !href) return undefined;
  const url = resolveHttpUrl(href, base);
  // WordPress links each post's REST API record as alternate application/json: that is not a feed.
  if (!url || (type === 'application/json' && url.includes('/wp-json/'))) return undefined;
  const title = link.get('title')?.replace(/\s+/g, ' ').trim();
  return title ? { url, title, format } : { url, format };
}

/** Lists the feeds a page links to with `<link rel="alternate">`, in page order, URLs made absolute. */
export function discoverFeedLinks(html: string, pageUrl: string): DiscoveredFeed[] {
  const document = new DOMParser().parseFromString(html, 'text/html');
  const baseElement = document.querySelector('base') as ElementLike | null;
  const baseHref = baseElement ? readAttributes(baseElement).get('href') : undefined;
  const base = (baseHref && resolveHttpUrl(baseHref, pageUrl)) || pageUrl;
  const specific: DiscoveredFeed[] = [];
  const generic: DiscoveredFeed[] = [];
  const seen = new Set<string>();
  for (const element of document.querySelectorAll('link') as Iterable<ElementLike>) {
    const link = readAttributes(element);
    const feed = toDiscoveredFeed(link, base);
    if (!feed || seen.has(feed.url)) continue;
    seen.add(feed.url);
    // Plain application/json links go last: JSON is not always a feed, the feed types are.
    (readMediaType(link) === 'application/json' ? generic : specific).push(feed);
  }
  return [...specific, ...generic];
}

const FEED_ROOTS = new Set(['rss', 'feed', 'rdf']);

/** Whether a JSON text is a JSON Feed (its `version` names jsonfeed.org). */
export function isJsonFeed(body: string): boolean {
  try {
    const value: unknown = JSON.parse(body);
    if (typeof value !== 'object' || value === null) return false;
    const version = (value as { version?: unknown }).version;
    return typeof version === 'string' && version.toLowerCase().includes('jsonfeed');
  } catch {
    return false;
  }
}

/**
 * Sniffs whether a response is a feed: an XML root of rss, feed or rdf:RDF, or a JSON Feed.
 * The body decides; the content type only says whether to try JSON, since servers mislabel feeds.
 */
export function isLikelyFeed(contentType: string, body: string): boolean {
  const text = body.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('{') || /json/i.test(contentType)) return isJsonFeed(text);
  const root = readRootName(text);
  if (!root) return false;
  const localName = root.slice(root.indexOf(':') + 1).toLowerCase();
  return FEED_ROOTS.has(localName);
}
