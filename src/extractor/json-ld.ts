import { isNamed } from './dom.js';
import type { DomElement } from './dom.js';

/** What relais reads from a page's schema.org JSON-LD article object. */
export interface JsonLdArticle {
  headline?: string;
  authors: string[];
  datePublished?: string;
  dateModified?: string;
  imageUrl?: string;
  publisherName?: string;
  description?: string;
  inLanguage?: string;
  /** The story's text as the page declares it to search engines (plain text or HTML). */
  articleBody?: string;
}

/** A parsed JSON object. */
export type JsonObject = Record<string, unknown>;

// Types that describe the story itself, best first; a plain WebPage is a last resort.
const ARTICLE_TYPE = /(Article|BlogPosting|Report|LiveBlogPosting)$/u;

const JSON_LD_TYPE = 'application/ld+json';

/** Reads every JSON-LD object of a page, given its elements (top level, arrays, @graph, mainEntity); malformed blocks are ignored. */
export function readJsonLdObjects(elements: readonly DomElement[]): JsonObject[] {
  const objects: JsonObject[] = [];
  for (const script of elements) {
    if (!isNamed(script, 'script') || script.getAttribute('type')?.toLowerCase() !== JSON_LD_TYPE) continue;
    const parsed = parseJsonQuietly(script.textContent ?? '');
    if (parsed !== undefined) collectObjects(parsed, objects, 0);
  }
  return objects;
}

/** Reads the first article-like object of a page's JSON-LD objects (see `readJsonLdObjects`). */
export function readJsonLd(objects: readonly JsonObject[]): JsonLdArticle {
  const article = objects.find((object) => hasType(object, ARTICLE_TYPE)) ?? objects.find((object) => hasType(object, /^WebPage$/u));
  if (article === undefined) return { authors: [] };
  const byId = indexById(objects);
  return {
    headline: readString(article['headline']) ?? readString(article['name']),
    authors: readNames(resolveReferences(article['author'], byId)),
    datePublished: readString(article['datePublished']),
    dateModified: readString(article['dateModified']),
    imageUrl: readImageUrl(resolveReferences(article['image'], byId)) ?? readImageUrl(article['thumbnailUrl']),
    publisherName: readNames(resolveReferences(article['publisher'], byId))[0],
    description: readString(article['description']),
    inLanguage: readString(article['inLanguage']),
    articleBody: readString(article['articleBody']),
  };
}

function indexById(objects: readonly JsonObject[]): Map<string, JsonObject> {
  const byId = new Map<string, JsonObject>();
  for (const object of objects) {
    const id = object['@id'];
    // The first full node wins: a bare {"@id"} reference must not hide the node it points to.
    if (typeof id === 'string' && Object.keys(object).length > 1 && !byId.has(id)) byId.set(id, object);
  }
  return byId;
}

// {"@id": "…"} alone is a pointer to a node elsewhere in the page's graph (Yoast, Arc).
function resolveReferences(value: unknown, byId: Map<string, JsonObject>): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveReferences(item, byId));
  if (value === null || typeof value !== 'object') return value;
  const id = (value as JsonObject)['@id'];
  const isBareReference = typeof id === 'string' && Object.keys(value).length === 1;
  return isBareReference ? (byId.get(id) ?? value) : value;
}

function parseJsonQuietly(text: string): unknown {
  try {
    // Some CMSs leave HTML comments or CDATA markers around the JSON.
    return JSON.parse(text.replace(/^\s*(<!--|\/\/<!\[CDATA\[)|(-->|\/\/\]\]>)\s*$/gu, ''));
  } catch {
    return undefined;
  }
}

function collectObjects(value: unknown, into: JsonObject[], depth: number): void {
  if (depth > 4 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) collectObjects(item, into, depth + 1);
    return;
  }
  const object = value as JsonObject;
  into.push(object);
  collectObjects(object['@graph'], into, depth + 1);
  collectObjects(object['mainEntity'], into, depth + 1);
}

/** Tells whether a JSON-LD object's @type (one or several) matches a pattern. */
export function hasType(object: JsonObject, pattern: RegExp): boolean {
  const type = object['@type'];
  const types = Array.isArray(type) ? type : [type];
  return types.some((item) => typeof item === 'string' && pattern.test(item));
}

function readString(value: unknown): string | undefined {
  if (Array.isArray(value)) return readString(value[0]);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function readNames(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  const names: string[] = [];
  for (const item of items) {
    const name = typeof item === 'string' ? item : item !== null && typeof item === 'object' ? (item as JsonObject)['name'] : undefined;
    const text = readString(name);
    if (text !== undefined && !/^https?:\/\//iu.test(text)) names.push(text);
  }
  return names;
}

function readImageUrl(value: unknown): string | undefined {
  if (Array.isArray(value)) return readImageUrl(value[0]);
  if (typeof value === 'string') return readString(value);
  if (value !== null && typeof value === 'object') {
    const object = value as JsonObject;
    return readString(object['url']) ?? readString(object['contentUrl']);
  }
  return undefined;
}
