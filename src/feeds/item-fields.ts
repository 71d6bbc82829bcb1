// Shared steps of turning a parsed entry into a FeedItem: URLs, text, people, images, categories.
import type { MediaNs } from 'feedsmith';
import type { FeedItem, ParsedFeed } from '../domain/types.js';
import { parseFeedDate } from './parse-date.js';
import { collapseWhitespace, htmlToPlainText, truncateText } from '../util/html-text.js';

/** A feed entry before the link check: a FeedItem whose URL may be missing. */
export type FeedEntry = Omit<FeedItem, 'url'> & { url?: string };

/** A parsed feed whose entries have not yet been filtered down to those with a usable link. */
export type ParsedEntries = Omit<ParsedFeed, 'items'> & { entries: FeedEntry[] };

/** Longest summary kept: feeds that put the whole article in the description still give a summary. */
export const SUMMARY_MAX_CHARS = 1000;

/** Resolves a reference against a base URL; returns it only when it is an absolute http(s) URL. */
export function resolveHttpUrl(href: string | undefined, base: string | undefined): string | undefined {
  const trimmed = href?.trim();
  if (!trimmed) return undefined;
  try {
    const url = base ? new URL(trimmed, base) : new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The base URL in effect inside an element carrying `xml:base` (XML Base §4.2), any scheme. */
export function resolveBase(xmlBase: string | undefined, parentBase: string): string {
  if (!xmlBase?.trim()) return parentBase;
  try {
    return new URL(xmlBase.trim(), parentBase).href;
  } catch {
    return parentBase;
  }
}

/** Plain text of an HTML field, undefined when nothing is left. */
export function toText(html: string | undefined, max = Number.POSITIVE_INFINITY): string | undefined {
  if (!html) return undefined;
  const text = truncateText(htmlToPlainText(html), max);
  return text || undefined;
}

// RFC 4287 §3.1 and §4.1.3: `text` (or absent) is text, `html`/`xhtml` and XML types are markup,
// other text/* types are text, and any other MIME type carries base64.
function classifyTextType(type: string | undefined): 'text' | 'markup' | 'base64' {
  const t = type?.trim().toLowerCase() ?? 'text';
  if (t === 'text' || t === '') return 'text';
  if (t === 'html' || t === 'xhtml' || t.includes('html') || t.endsWith('xml') || t.endsWith('+xml')) return 'markup';
  return t.startsWith('text/') ? 'text' : 'base64';
}

function decodeBase64Text(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, 'base64').toString('utf8');
}

/** Plain text of an Atom text or content construct, by its type (RFC 4287 §3.1, §4.1.3). */
export function toTextConstruct(value: string | undefined, type: string | undefined, max?: number): string | undefined {
  if (!value) return undefined;
  const kind = classifyTextType(type);
  if (kind === 'markup') return toText(value, max);
  if (kind === 'base64') return toText(decodeBase64Text(value), max);
  return truncateText(collapseWhitespace(value), max ?? Number.POSITIVE_INFINITY) || undefined;
}

/** The first date among candidates (in order of preference) that parses. */
export function pickDate(candidates: ReadonlyArray<string | undefined>): string | undefined {
  for (const candidate of candidates) {
    const instant = parseFeedDate(candidate);
    if (instant) return instant;
  }
  return undefined;
}

/** Categories as trimmed, de-duplicated plain text. */
export function toCategories(names: ReadonlyArray<string | undefined>): string[] | undefined {
  const unique = new Set<string>();
  for (const name of names) {
    const text = toText(name);
    if (text) unique.add(text);
  }
  return unique.size > 0 ? [...unique] : undefined;
}

function isImageMedia(content: MediaNs.Content): boolean {
  if (content.medium) return content.medium.toLowerCase() === 'image';
  if (content.type) return content.type.toLowerCase().startsWith('image/');
  return /\.(?:jpe?g|png|gif|webp|avif)(?:[?#]|$)/i.test(content.url ?? '');
}

/** Image candidates from Media RSS, best first: image contents, then thumbnails (item, content, group level). */
export function listMediaImages(media: MediaNs.ItemOrFeed | undefined): Array<string | undefined> {
  if (!media) return [];
  const contents = [...(media.contents ?? []), ...(media.groups ?? []).flatMap((group) => group.contents ?? [])];
  return [
    ...contents.filter(isImageMedia).map((content) => content.url),
    ...(media.thumbnails ?? []).map((thumbnail) => thumbnail.url),
    ...contents.flatMap((content) => content.thumbnails ?? []).map((thumbnail) => thumbnail.url),
    ...(media.groups ?? []).flatMap((group) => group.thumbnails ?? []).map((thumbnail) => thumbnail.url),
  ];
}

/** Whether a MIME type names an image. */
export function isImageType(type: string | undefined): boolean {
  return type?.toLowerCase().startsWith('image/') ?? false;
}

/** The first candidate that resolves to an absolute http(s) URL. */
export function pickUrl(candidates: ReadonlyArray<string | undefined>, base: string): string | undefined {
  for (const candidate of candidates) {
    const url = resolveHttpUrl(candidate, base);
    if (url) return url;
  }
  return undefined;
}

/** Whether a string is an absolute http(s) URL as it stands (an id that can serve as the story's link). */
export function isAbsoluteHttpUrl(value: string | undefined): boolean {
  return resolveHttpUrl(value, undefined) !== undefined;
}

/** Assembles an entry, leaving out absent and empty fields. */
export function buildEntry(fields: FeedEntry): FeedEntry {
  const entry: FeedEntry = {};
  for (const key of ['guid', 'url', 'title', 'summary', 'publishedAt', 'author', 'imageUrl', 'categories'] as const) {
    const value = fields[key];
    if (value !== undefined && value !== '') Object.assign(entry, { [key]: value });
  }
  return entry;
}
