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
  /** CSS selectors the page's paywall markup gives for the parts not free to read (hasPart.cssSelector). */
  paywalledSelectors: string[];
}

// Story types, except a live blog: a live blog is an article type that relais skips.
const ARTICLE_TYPE = /^(Article|NewsArticle|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BackgroundNewsArticle|BlogPosting|Report|ScholarlyArticle|TechArticle)$/u;
const GALLERY_TYPE = /^(ImageGallery|MediaGallery|VideoGallery)$/u;
const LISTING_TYPE = /^(CollectionPage|ItemList|SearchResultsPage)$/u;
// What a page declares or how its content looks (a video page, a live blog, a gallery, a
// listing, a paywall) never skips it on its own: the text actually there must be all but absent
// too. Over the development parts of eleven extraction benchmarks, every page skipped on a
// declaration alone, or as a gallery or paywall stub with 50–200 words, had a human-written story
// that readers of the benchmark kept (docs/extraction.md); a campaign's min_words still skips
// stories too short to relay, with that reason.
export const SHORT_TEXT_WORDS = 50;
// A paywalled part that is in the markup with this many words means the story was served whole.
const MIN_SERVED_PART_WORDS = 30;
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
    paywalledSelectors: objects.flatMap(listPaywalledSelectors),
  };
}

/**
 * Says what a page declares itself to be when that is not an article (video page, live blog,
 * gallery, listing); undefined when it does not. Only a page whose text is short as well is skipped.
 */
function classifyDeclaredKind(signals: PageSignals): string | undefined {
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
  const declared = describeShortDeclared(signals, words);
  if (declared !== undefined) return declared;
  const images = content.querySelectorAll('img').length;
  if (images >= MIN_GALLERY_IMAGES && words < MAX_GALLERY_WORDS_PER_IMAGE * images && words < SHORT_TEXT_WORDS) {
    return `gallery: ${images} pictures and ${words} words`;
  }
  const links = Array.from(content.querySelectorAll('a[href]')).filter((link) => countWords(readText(link)) >= MIN_HEADLINE_WORDS);
  const linkedText = links.map((link) => readText(link));
  const linked = linkedText.reduce((sum, linkText) => sum + linkText.length, 0);
  // Headlines with little text of their own between them; a story that links a lot keeps its prose.
  const unlinkedWords = words - linkedText.reduce((sum, linkText) => sum + countWords(linkText), 0);
  if (links.length >= MIN_LISTING_LINKS && linked >= MIN_LISTING_LINK_SHARE * text.length && unlinkedWords < SHORT_TEXT_WORDS) {
    return `listing page: ${links.length} headline links make up most of the text`;
  }
  return undefined;
}

/**
 * Says why a page with little text is not an article (what it declares, a video's page, a
 * paywall stub); undefined otherwise. `servedPaywalledWords` counts the words of the parts the
 * paywall markup names that are in the page anyway: then the story was served whole.
 */
export function classifyThinPage(signals: PageSignals, words: number, servedPaywalledWords = 0): string | undefined {
  if (words >= SHORT_TEXT_WORDS) return undefined;
  const declared = describeShortDeclared(signals, words);
  if (declared !== undefined) return declared;
  const hasArticleType = [...signals.types].some((type) => ARTICLE_TYPE.test(type));
  if (signals.types.has('VideoObject') && !hasArticleType && signals.ogType !== 'article') {
    return `video page: JSON-LD VideoObject and ${words} words of text`;
  }
  if (signals.isPaywalled && servedPaywalledWords < MIN_SERVED_PART_WORDS) {
    return `paywall stub: isAccessibleForFree is false and only ${words} words are free`;
  }
  return undefined;
}

// A declared kind, as a reason, when the text is short as well.
function describeShortDeclared(signals: PageSignals, words: number): string | undefined {
  const declared = words < SHORT_TEXT_WORDS ? classifyDeclaredKind(signals) : undefined;
  return declared === undefined ? undefined : `${declared}, and ${words} words of text`;
}

/** Counts the words in the parts of the page its paywall markup names (hasPart.cssSelector). */
export function countServedPaywalledWords(signals: PageSignals, root: DomElement): number {
  let words = 0;
  for (const selector of signals.paywalledSelectors) {
    try {
      for (const element of root.querySelectorAll(selector)) words += countWords(readText(element));
    } catch {
      // A selector the DOM cannot parse names nothing we can count.
    }
  }
  return words;
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

function listPaywalledSelectors(object: JsonObject): string[] {
  const parts = Array.isArray(object['hasPart']) ? object['hasPart'] : [object['hasPart']];
  return parts.flatMap((part) => {
    if (part === null || typeof part !== 'object' || !isFalse((part as JsonObject)['isAccessibleForFree'])) return [];
    const selector = (part as JsonObject)['cssSelector'];
    return typeof selector === 'string' && selector.trim() !== '' ? [selector.trim()] : [];
  });
}

function isFalse(value: unknown): boolean {
  return value === false || (typeof value === 'string' && value.trim().toLowerCase() === 'false');
}
