// Feed discovery (the RSS autodiscovery convention, also used for Atom and JSON Feed):
// `<link rel="alternate" type="application/rss+xml" href="…" title="…">` in a page's markup.
import { DOMParser } from 'linkedom';
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

interface LinkElement {
  getAttribute(name: string): string | null;
}

function resolveHttpUrl(href: string, base: string): string | undefined {
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function toDiscoveredFeed(link: LinkElement, base: string): DiscoveredFeed | undefined {
  const rel = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
  const type = (link.getAttribute('type') ?? '').toLowerCase().split(';')[0]?.trim() ?? '';
  const format = FEED_TYPES.get(type);
  const href = link.getAttribute('href');
  if (!rel.includes('alternate') || !format || !href) return undefined;
  const url = resolveHttpUrl(href, base);
  // WordPress links each post's REST API record as alternate application/json: that is not a feed.
  if (!url || (type === 'application/json' && url.includes('/wp-json/'))) return undefined;
  const title = link.getAttribute('title')?.replace(/\s+/g, ' ').trim();
  return title ? { url, title, format } : { url, format };
}

/** Lists the feeds a page links to with `<link rel="alternate">`, in page order, URLs made absolute. */
export function discoverFeedLinks(html: string, pageUrl: string): DiscoveredFeed[] {
  const document = new DOMParser().parseFromString(html, 'text/html');
  const baseHref = document.querySelector('base[href]')?.getAttribute('href');
  const base = (baseHref && resolveHttpUrl(baseHref, pageUrl)) || pageUrl;
  const specific: DiscoveredFeed[] = [];
  const generic: DiscoveredFeed[] = [];
  const seen = new Set<string>();
  for (const link of document.querySelectorAll('link[rel][href]') as Iterable<LinkElement>) {
    const feed = toDiscoveredFeed(link, base);
    if (!feed || seen.has(feed.url)) continue;
    seen.add(feed.url);
    // Plain application/json links go last: JSON is not always a feed, the feed types are.
    (link.getAttribute('type')?.toLowerCase().includes('application/json') ? generic : specific).push(feed);
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
