import { isNamed, readText } from './dom.js';
import type { DomElement } from './dom.js';
import { hasType } from './json-ld.js';
import type { JsonObject } from './json-ld.js';
import type { PageParts } from './metadata.js';
import { countWords } from './text-blocks.js';

/** What a page says about its own kind, read before Readability rewrites it. */
export interface PageSignals {
  /** og:type, lower-cased ("article", "video.other", "website"). */
  ogType?: string;
  /** schema.org types of the page's JSON-LD objects. */
  types: Set<string>;
  /** Whether the page declares the content not free to read (isAccessibleForFree: false). */
  isPaywalled: boolean;
}

// Story types, except a live blog: a live blog is an article type that relais skips.
const ARTICLE_TYPE = /^(Article|NewsArticle|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BackgroundNewsArticle|BlogPosting|Report|ScholarlyArticle|TechArticle)$/u;
const GALLERY_TYPE = /^(ImageGallery|MediaGallery|VideoGallery)$/u;
const LISTING_TYPE = /^(CollectionPage|ItemList|SearchResultsPage)$/u;
// A stub behind a paywall shows a teaser paragraph or two; a full free article is longer.
const MAX_STUB_WORDS = 250;
// A video page carries a description, not a story; more text than this is an article with a video.
const MAX_VIDEO_PAGE_WORDS = 200;
const MIN_HEADLINE_WORDS = 4;
const MIN_LISTING_LINKS = 10;
const MIN_LISTING_LINK_SHARE = 0.6;
const MIN_GALLERY_IMAGES = 6;
const MAX_GALLERY_WORDS_PER_IMAGE = 20;

/** Reads og:type, JSON-LD types and the paywall flag of a page. */
export function readPageSignals(page: PageParts): PageSignals {
  const objects = page.jsonLd;
  const types = new Set<string>();
  for (const object of objects) for (const type of listTypes(object)) types.add(type);
  // meta[property="og:type" i]
  const ogMeta = page.elements.find((element) => isNamed(element, 'meta') && element.getAttribute('property')?.toLowerCase() === 'og:type');
  const ogType = ogMeta?.getAttribute('content')?.trim().toLowerCase();
  return {
    ...(ogType !== undefined && ogType !== '' ? { ogType } : {}),
    types,
    isPaywalled: objects.some(isDeclaredPaywalled),
  };
}

/** Says why a page is not an article from what it declares (video page, live blog, gallery, listing); undefined when it does not. */
export function classifyDeclaredKind(signals: PageSignals): string | undefined {
  const hasArticleType = [...signals.types].some((type) => ARTICLE_TYPE.test(type));
  if (signals.types.has('LiveBlogPosting')) return 'live blog: JSON-LD LiveBlogPosting (updates, not one story)';
  if (signals.ogType?.startsWith('video') === true && !hasArticleType) return `video page: og:type ${signals.ogType}`;
  const gallery = [...signals.types].find((type) => GALLERY_TYPE.test(type));
  if (gallery !== undefined && !hasArticleType) return `gallery: JSON-LD ${gallery}`;
  const listing = [...signals.types].find((type) => LISTING_TYPE.test(type));
  if (listing !== undefined && !hasArticleType) return `listing page: JSON-LD ${listing}`;
  return undefined;
}

/**
 * Says why the content Readability chose is not an article by its shape: headline links with
 * little else (a section page), or pictures with only captions (a gallery). Judged on the chosen
 * content, not the whole page: menus and rails around a real story say nothing about it.
 */
export function classifyContentShape(signals: PageSignals, content: DomElement): string | undefined {
  if ([...signals.types].some((type) => ARTICLE_TYPE.test(type))) return undefined;
  const text = readText(content);
  const words = countWords(text);
  const images = content.querySelectorAll('img').length;
  if (images >= MIN_GALLERY_IMAGES && words < MAX_GALLERY_WORDS_PER_IMAGE * images && words < MAX_VIDEO_PAGE_WORDS) {
    return `gallery: ${images} pictures and ${words} words`;
  }
  const links = Array.from(content.querySelectorAll('a[href]')).filter((link) => countWords(readText(link)) >= MIN_HEADLINE_WORDS);
  const linked = links.reduce((sum, link) => sum + readText(link).length, 0);
  if (links.length >= MIN_LISTING_LINKS && linked >= MIN_LISTING_LINK_SHARE * text.length) {
    return `listing page: ${links.length} headline links make up most of the text`;
  }
  return undefined;
}

/** Says why a page with little text is not an article (a video's page, a paywall stub); undefined otherwise. */
export function classifyThinPage(signals: PageSignals, words: number): string | undefined {
  const hasArticleType = [...signals.types].some((type) => ARTICLE_TYPE.test(type));
  if (signals.types.has('VideoObject') && !hasArticleType && signals.ogType !== 'article' && words < MAX_VIDEO_PAGE_WORDS) {
    return `video page: JSON-LD VideoObject and ${words} words of text`;
  }
  if (signals.isPaywalled && words < MAX_STUB_WORDS) return `paywall stub: isAccessibleForFree is false and only ${words} words are free`;
  return undefined;
}

function listTypes(object: JsonObject): string[] {
  const type = object['@type'];
  return (Array.isArray(type) ? type : [type]).filter((item): item is string => typeof item === 'string');
}

// schema.org's paywall markup: the article, or one of its parts, is not accessible for free.
function isDeclaredPaywalled(object: JsonObject): boolean {
  if (isFalse(object['isAccessibleForFree'])) return true;
  const parts = Array.isArray(object['hasPart']) ? object['hasPart'] : [object['hasPart']];
  return hasType(object, /./u) && parts.some((part) => part !== null && typeof part === 'object' && isFalse((part as JsonObject)['isAccessibleForFree']));
}

function isFalse(value: unknown): boolean {
  return value === false || (typeof value === 'string' && value.trim().toLowerCase() === 'false');
}
