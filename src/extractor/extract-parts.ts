import { Readability } from '@mozilla/readability';
import { ExtractError, describeError } from '../domain/errors.js';
import type { Article, CleanupRules } from '../domain/types.js';
import { sanitizeHtml } from '../sanitizer/index.js';
import { htmlToPlainText, truncateText } from '../util/html-text.js';
import { applyDropSelectors, compileDropPatterns } from './campaign-rules.js';
import { trimArticleEdges } from './article-edges.js';
import type { EdgeHints } from './article-edges.js';
import { isNamed, listElements, measureDepth, parseDocument } from './dom.js';
import type { DomDocument, DomElement } from './dom.js';
import { removeLearnedBoilerplate } from './boilerplate.js';
import { markFurniture, removeFurniture } from './furniture.js';
import { readJsonLdObjects } from './json-ld.js';
import { promoteLazyImages } from './lazy-images.js';
import { cleanByline, readPageMetadata } from './metadata.js';
import type { PageMetadata } from './metadata.js';
import { classifyContentShape, classifyThinPage, countServedPaywalledWords, readPageSignals } from './page-kind.js';
import type { PageSignals } from './page-kind.js';
import { chooseDeclaredBody } from './declared-body.js';
import { cleanBody } from './post-clean.js';
import { pruneInertMarkup } from './prune-markup.js';
import { unwrapStoryForms } from './story-forms.js';
import { countWords, readTextBlocks } from './text-blocks.js';

// Everything extraction does except choosing the article's language, which needs eld's data (about
// 150 MB per thread while it loads): extraction workers run this, and the language is chosen where
// the outcome arrives (settleLanguage in language.ts; extractArticle does both in one thread).

/** What extraction made of a page, the article's language still to choose from the languages the page declares. */
export type ExtractedParts =
  | { kind: 'article'; article: Article; blockFingerprints: string[]; declaredLanguages: (string | undefined)[] }
  | { kind: 'not-article'; reason: string };

/** What extraction needs besides the page: its URL (for links and images) and the campaign's cleanup rules. */
export interface ExtractOptions {
  url: string;
  rules: CleanupRules;
  /** Block fingerprints the source's history marks as boilerplate (see `selectBoilerplate`). */
  knownBoilerplate?: ReadonlySet<string>;
}

const MAX_EXCERPT_CHARS = 300;
// Readability's time grows much faster than linearly with nesting (1.6 s at 500 levels, 10 s at
// 1,000); real pages stay well under 100 levels, so deeper markup is refused rather than parsed.
const MAX_NESTING = 256;

/** Extracts the article of a page as sanitized HTML plus metadata (but its language), or says why the page is not an article. */
export function extractArticleParts(html: string, options: ExtractOptions): ExtractedParts {
  if (typeof html !== 'string') throw new ExtractError(`${options.url}: the page is not text (decode it before extracting)`);
  const dropPatterns = compileDropPatterns(options.rules.dropPatterns);
  try {
    return extractFromPage(html, options, dropPatterns);
  } catch (error) {
    if (error instanceof ExtractError) throw error;
    throw new ExtractError(`${options.url}: extraction failed: ${describeError(error)} (the page is kept; re-extract it once the cause is fixed)`, { cause: error });
  }
}

function extractFromPage(html: string, options: ExtractOptions, dropPatterns: RegExp[]): ExtractedParts {
  const document = parseDocument(pruneInertMarkup(html));
  const depth = measureDepth(document.documentElement);
  if (depth > MAX_NESTING) return { kind: 'not-article', reason: `markup nested too deeply: ${depth} levels (max ${MAX_NESTING})` };
  const original = listElements(document);
  const baseUrl = readBaseUrl(original, options.url);
  const elements = promoteLazyImages(document, original);
  const page = { elements, jsonLd: readJsonLdObjects(elements) };
  const metadata = readPageMetadata(document, baseUrl, page);
  const signals = readPageSignals(page);
  // Counted on the page as served, before anything is removed from it.
  const servedPaywalledWords = signals.isPaywalled ? countServedPaywalledWords(signals, document.documentElement) : 0;
  const furniture = markFurniture(document.documentElement, elements);
  applyDropSelectors(document, options.rules.dropSelectors);
  const readable = new Readability<DomElement>(document as never, { keepClasses: true, serializer: (node) => node as unknown as DomElement }).parse();
  const edges: EdgeHints = { titles: [metadata.title, readable?.title], byline: metadata.byline };
  const build = (html: string): Body => buildBody(html, baseUrl, dropPatterns, options.knownBoilerplate ?? new Set(), edges);
  const body = findBody(readable?.content ?? undefined, { furniture, signals, metadata, build });
  if (typeof body === 'string') return { kind: 'not-article', reason: body };
  if (body.blocks.length === 0) return { kind: 'not-article', reason: classifyThinPage(signals, 0, servedPaywalledWords) ?? 'no article content found' };
  const text = body.blocks.join('\n');
  const wordCount = countWords(text);
  const thinPage = classifyThinPage(signals, wordCount, servedPaywalledWords);
  if (thinPage !== undefined) return { kind: 'not-article', reason: thinPage };
  if (wordCount < options.rules.minWords) {
    return { kind: 'not-article', reason: `too short: ${wordCount} words (min ${options.rules.minWords})` };
  }
  const article = assembleArticle(metadata, readable ?? {}, { html: body.html, text, wordCount });
  const declaredLanguages = [...metadata.declaredLanguages, readable?.lang ?? undefined];
  return { kind: 'article', article, blockFingerprints: body.fingerprints, declaredLanguages };
}

interface BodySources {
  furniture: ReturnType<typeof markFurniture>;
  signals: PageSignals;
  metadata: PageMetadata;
  build: (html: string) => Body;
}

// The body from Readability's pick, or from the JSON-LD articleBody when that is clearly the
// story and the markup is not; a string says why the pick is not an article.
function findBody(content: DomElement | undefined, { furniture, signals, metadata, build }: BodySources): Body | string {
  if (content !== undefined) {
    removeFurniture(content, furniture);
    unwrapStoryForms(content);
    const shape = classifyContentShape(signals, content);
    if (shape !== undefined) return shape;
  }
  const body = content === undefined ? EMPTY_BODY : build(content.innerHTML);
  if (metadata.articleBody === undefined) return body;
  const declared = chooseDeclaredBody(metadata.articleBody, signals, countWords(body.blocks.join(' ')));
  return declared === undefined ? body : build(declared);
}

// <base href> changes what relative URLs mean; an unusable one is ignored as browsers do.
function readBaseUrl(elements: readonly DomElement[], url: string): string {
  const href = elements.find((element) => isNamed(element, 'base') && element.hasAttribute('href'))?.getAttribute('href');
  if (href === null || href === undefined) return url;
  try {
    return new URL(href, url).href;
  } catch {
    return url;
  }
}

interface Body {
  html: string;
  blocks: string[];
  fingerprints: string[];
}

const EMPTY_BODY: Body = { html: '', blocks: [], fingerprints: [] };

function buildBody(contentHtml: string, baseUrl: string, dropPatterns: RegExp[], knownBoilerplate: ReadonlySet<string>, edges: EdgeHints): Body {
  const sanitized = sanitizeHtml(contentHtml, { baseUrl });
  const document = parseDocument(`<!doctype html><html><body>${sanitized}</body></html>`);
  const root = document.body;
  if (root === null) return EMPTY_BODY;
  cleanBody(document, root, dropPatterns);
  trimArticleEdges(root, edges);
  const fingerprints = removeLearnedBoilerplate(root, knownBoilerplate);
  // Sanitize the cleaned DOM's serialization too: the output contract holds whatever the DOM did.
  // One top-level block per line keeps the stored body readable and diffable.
  const html = Array.from(root.children, (element) => element.outerHTML).join('\n');
  return { html: sanitizeHtml(html, { baseUrl }), blocks: readTextBlocks(root), fingerprints };
}

interface ReadabilityResult {
  title?: string | null;
  byline?: string | null;
  excerpt?: string | null;
  siteName?: string | null;
  lang?: string | null;
  publishedTime?: string | null;
}

function assembleArticle(metadata: PageMetadata, readable: ReadabilityResult, body: Pick<Article, 'html' | 'text' | 'wordCount'>): Article {
  const firstBlock = body.text.split('\n').find((line) => countWords(line) >= 8);
  const title = metadata.title ?? cleanTitle(readable.title) ?? firstBlock?.slice(0, 120) ?? '';
  const article: Article = { title, ...body };
  const byline = metadata.byline ?? cleanByline(readable.byline);
  const siteName = metadata.siteName ?? readable.siteName ?? undefined;
  const excerpt = truncateText(htmlToPlainText(metadata.description ?? readable.excerpt ?? firstBlock ?? ''), MAX_EXCERPT_CHARS);
  if (byline !== undefined) article.byline = byline;
  if (metadata.publishedAt !== undefined) article.publishedAt = metadata.publishedAt;
  if (metadata.modifiedAt !== undefined) article.modifiedAt = metadata.modifiedAt;
  if (metadata.leadImage !== undefined) article.leadImage = metadata.leadImage;
  if (siteName !== undefined && siteName.trim() !== '') article.siteName = siteName.trim();
  if (excerpt !== '') article.excerpt = excerpt;
  return article;
}

function cleanTitle(title: string | null | undefined): string | undefined {
  const trimmed = title?.replace(/\s+/gu, ' ').trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

