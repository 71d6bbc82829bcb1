import { resolveAllowedUrl, IMAGE_SCHEMES } from '../sanitizer/index.js';
import { hasAncestorNamed, isNamed, readText } from './dom.js';
import type { DomDocument, DomElement } from './dom.js';
import { readJsonLd } from './json-ld.js';
import type { JsonLdArticle, JsonObject } from './json-ld.js';
import { isPlaceholderSrc } from './lazy-images.js';
import { toIsoInstant } from './dates.js';
import { listSiteNames, chooseTitle } from './title.js';
import type { ImageRef } from '../domain/types.js';

/** Metadata read from the page around the article (before Readability rewrites it). */
export interface PageMetadata {
  title?: string;
  byline?: string;
  publishedAt?: string;
  modifiedAt?: string;
  leadImage?: ImageRef;
  declaredLanguages: (string | undefined)[];
  siteName?: string;
  description?: string;
  /** JSON-LD articleBody, when the page declares one. */
  articleBody?: string;
}

const PUBLISHED_META = [
  'article:published_time', 'og:article:published_time', 'datepublished', 'pubdate', 'publishdate', 'publish-date',
  'publish_date', 'parsely-pub-date', 'sailthru.date', 'dc.date.issued', 'dc.date', 'dcterms.created', 'date',
];
const MODIFIED_META = ['article:modified_time', 'og:updated_time', 'datemodified', 'dcterms.modified', 'last-modified'];

/** A page read once: its elements in document order (see `listElements`) and its JSON-LD objects. */
export interface PageParts {
  elements: readonly DomElement[];
  jsonLd: readonly JsonObject[];
}

/** Reads title, byline, dates, lead image, language hints, site name and description from a page. */
export function readPageMetadata(document: DomDocument, url: string, page: PageParts): PageMetadata {
  const { elements } = page;
  const meta = readMetaTags(elements);
  const jsonLd = readJsonLd(page.jsonLd);
  const siteName = meta.get('og:site_name') ?? jsonLd.publisherName ?? meta.get('application-name');
  const siteNames = listSiteNames([siteName, jsonLd.publisherName], url);
  const h1 = findFirst(elements, 'h1', 'article') ?? findFirst(elements, 'h1');
  const title = findFirst(elements, 'title');
  return {
    title: chooseTitle(
      [meta.get('og:title'), jsonLd.headline, h1 === undefined ? undefined : readText(h1), meta.get('twitter:title'), title === undefined ? undefined : readText(title)],
      siteNames,
    ),
    byline: chooseByline(jsonLd, meta, elements),
    publishedAt: firstInstant([jsonLd.datePublished, ...PUBLISHED_META.map((name) => meta.get(name)), readItemprop(elements, 'datePublished'), readTimeElement(elements)]),
    modifiedAt: firstInstant([jsonLd.dateModified, ...MODIFIED_META.map((name) => meta.get(name)), readItemprop(elements, 'dateModified')]),
    leadImage: chooseLeadImage(elements, url, jsonLd, meta),
    declaredLanguages: [document.documentElement.getAttribute('lang') ?? undefined, meta.get('og:locale'), meta.get('content-language'), jsonLd.inLanguage],
    siteName,
    description: meta.get('description') ?? meta.get('og:description') ?? jsonLd.description ?? meta.get('twitter:description'),
    articleBody: jsonLd.articleBody,
  };
}

// The first element with this tag name (inside an element named `within`, when given), as
// `querySelector('within name')` finds it.
function findFirst(elements: readonly DomElement[], name: string, within?: string): DomElement | undefined {
  return elements.find((element) => isNamed(element, name) && (within === undefined || hasAncestorNamed(element, within)));
}

// <meta name|property|itemprop|http-equiv="…" content="…">, keys lower-cased, first value wins.
function readMetaTags(elements: readonly DomElement[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const element of elements) {
    if (!isNamed(element, 'meta') || !element.hasAttribute('content')) continue;
    const content = (element.getAttribute('content') ?? '').trim();
    if (content === '') continue;
    for (const attribute of ['property', 'name', 'itemprop', 'http-equiv']) {
      const key = element.getAttribute(attribute)?.trim().toLowerCase();
      if (key !== undefined && key !== '' && !values.has(key)) values.set(key, content);
    }
  }
  return values;
}

function chooseByline(jsonLd: JsonLdArticle, meta: Map<string, string>, elements: readonly DomElement[]): string | undefined {
  const candidates = [
    jsonLd.authors.join(', '), readMicrodataAuthors(elements), meta.get('author'), meta.get('article:author'), meta.get('byl'),
    meta.get('parsely-author'), meta.get('sailthru.author'), meta.get('dc.creator'), readRelAuthors(elements),
  ];
  for (const candidate of candidates) {
    const byline = cleanByline(candidate);
    if (byline !== undefined) return byline;
  }
  return undefined;
}

// A whitespace-separated list that holds "author", as the selector [attribute~="author"] reads it.
const AUTHOR_TOKEN = /(?:^|\s)author(?:$|\s)/u;
// rel is one of the attributes whose selector matching ignores case in HTML.
const AUTHOR_TOKEN_ANY_CASE = /(?:^|\s)author(?:$|\s)/iu;

// Schema.org microdata: <span itemprop="author" itemscope><span itemprop="name">…</span></span>.
function readMicrodataAuthors(elements: readonly DomElement[]): string | undefined {
  const authors = elements.filter((element) => AUTHOR_TOKEN.test(element.getAttribute('itemprop') ?? ''));
  const names = authors.map((author) => {
    const name = author.querySelector('[itemprop~="name"]') ?? author;
    return name.getAttribute('content') ?? readText(name);
  }).filter((name) => name !== '');
  return names.length === 0 ? undefined : [...new Set(names)].join(', ');
}

// <a rel="author">: the HTML way to name an author, used by blog and CMS templates.
function readRelAuthors(elements: readonly DomElement[]): string | undefined {
  const links = elements.filter((element) => isNamed(element, 'a') && AUTHOR_TOKEN_ANY_CASE.test(element.getAttribute('rel') ?? ''));
  const names = links.map((link) => readText(link)).filter((name) => name !== '');
  return names.length === 0 ? undefined : [...new Set(names)].join(', ');
}

// "By", and its equivalents in the languages relais reads most, open a byline; they are not names.
const BYLINE_PREFIX = /^(by|story by|written by|words by|reporting by|par|von|por|door|av|af)\s+/iu;

/** Normalizes a byline: no "By "/"Par "/"Von " prefix, no URL, no runaway text. */
export function cleanByline(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const byline = value.replace(/\s+/gu, ' ').trim().replace(BYLINE_PREFIX, '');
  if (byline === '' || byline.length > 200 || /^https?:\/\//iu.test(byline)) return undefined;
  return byline;
}

function firstInstant(values: (string | null | undefined)[]): string | undefined {
  for (const value of values) {
    const instant = toIsoInstant(value);
    if (instant !== undefined) return instant;
  }
  return undefined;
}

function readItemprop(elements: readonly DomElement[], name: string): string | undefined {
  const element = elements.find((candidate) => candidate.getAttribute('itemprop') === name);
  return element?.getAttribute('datetime') ?? element?.getAttribute('content') ?? undefined;
}

function readTimeElement(elements: readonly DomElement[]): string | undefined {
  const times = elements.filter((element) => isNamed(element, 'time') && element.hasAttribute('datetime'));
  const time = times.find((element) => hasAncestorNamed(element, 'article')) ?? times[0];
  return time?.getAttribute('datetime') ?? undefined;
}

function chooseLeadImage(elements: readonly DomElement[], url: string, jsonLd: JsonLdArticle, meta: Map<string, string>): ImageRef | undefined {
  const imageSrc = elements.find((element) => isNamed(element, 'link') && element.getAttribute('rel')?.toLowerCase() === 'image_src');
  const declared = [meta.get('og:image:secure_url'), meta.get('og:image'), meta.get('og:image:url'), jsonLd.imageUrl, meta.get('twitter:image'), meta.get('twitter:image:src'), imageSrc?.getAttribute('href')];
  const alt = meta.get('og:image:alt') ?? meta.get('twitter:image:alt');
  for (const candidate of declared) {
    const resolved = resolveAllowedUrl(candidate ?? undefined, url, IMAGE_SCHEMES);
    if (resolved !== undefined) return alt === undefined ? { url: resolved } : { url: resolved, alt };
  }
  // 'article figure img, article img, figure img': an image inside an article or a figure.
  const image = elements.find((element) => isNamed(element, 'img') && (hasAncestorNamed(element, 'article') || hasAncestorNamed(element, 'figure'))) ?? null;
  const src = pickWidestCandidate(image?.getAttribute('srcset')) ?? image?.getAttribute('src');
  const resolved = image === null || isPlaceholderSrc(src ?? null) ? undefined : resolveAllowedUrl(src ?? undefined, url, IMAGE_SCHEMES);
  if (resolved === undefined) return undefined;
  const imageAlt = image?.getAttribute('alt')?.trim();
  return imageAlt === undefined || imageAlt === '' ? { url: resolved } : { url: resolved, alt: imageAlt };
}

// The lead image is republished large: from a srcset, take the widest candidate ("1200w", "2x").
function pickWidestCandidate(srcset: string | null | undefined): string | undefined {
  let best: { url: string; size: number } | undefined;
  for (const entry of (srcset ?? '').split(/,\s+/u)) {
    const [url, descriptor = '1x'] = entry.trim().split(/\s+/u);
    if (url === undefined || url === '' || isPlaceholderSrc(url)) continue;
    const size = Number.parseFloat(descriptor) * (descriptor.endsWith('x') ? 1000 : 1);
    if (best === undefined || (Number.isFinite(size) && size > best.size)) best = { url, size: Number.isFinite(size) ? size : 0 };
  }
  return best?.url;
}
