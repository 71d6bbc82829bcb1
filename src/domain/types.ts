// The shared vocabulary of relais. This module imports nothing: every stage speaks in these types.

/** A language tag such as `en`, `fr`, `ar` (ISO 639-1 where one exists). */
export type LanguageCode = string;

/** A source and target language. */
export interface LanguagePair {
  from: LanguageCode;
  to: LanguageCode;
}

// ── poll ────────────────────────────────────────────────────────────────────

/** One entry of a feed, normalized across RSS 0.9x/1.0/2.0, Atom and JSON Feed. */
export interface FeedItem {
  /** The item's id (RSS guid, Atom id, JSON Feed id) when the feed gives one. */
  guid?: string;
  /** Absolute http(s) URL of the story, resolved against the feed URL. */
  url: string;
  title?: string;
  /** Plain-text summary (markup stripped). */
  summary?: string;
  /** ISO 8601 instant. */
  publishedAt?: string;
  author?: string;
  imageUrl?: string;
  categories?: string[];
}

/** A parsed feed. */
export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  title?: string;
  /** The site the feed belongs to (its `link`). */
  siteUrl?: string;
  language?: LanguageCode;
  items: FeedItem[];
}

// ── fetch ───────────────────────────────────────────────────────────────────

/** HTTP validators kept between polls for conditional GET. */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

/** What a fetch of one URL gave; failures are thrown as `FetchError`. */
export type FetchOutcome =
  | {
      kind: 'fresh';
      /** The final URL after redirects. */
      url: string;
      status: number;
      contentType: string;
      body: Uint8Array;
      validators: Validators;
    }
  | { kind: 'not-modified'; url: string };

/** Limits of one HTTP request, in ms; absent ones are the client's. */
export interface HttpTimeouts {
  /** Longest wait for the response headers, and the longest stall while the body comes. */
  responseMs?: number;
  /** Longest time for the whole exchange: every redirect hop and the body. */
  totalMs?: number;
  /** The configuration key that sets these limits, named in timeout messages. */
  setting?: string;
}

/**
 * One request through relais's hardened HTTP client (http/https only, addresses checked at
 * connect time, redirects followed hop by hop). The connect timeout is the client's: a
 * connection serves many requests.
 */
export interface HttpRequest {
  url: string;
  /** Default GET. */
  method?: string;
  headers?: Readonly<Record<string, string>>;
  body?: string | Uint8Array;
  timeouts?: HttpTimeouts;
  /** Cap on decompressed body bytes: the client's for `request`, none for `stream` unless set. */
  maxBytes?: number;
}

/** What a server answered, whatever the status, after redirects. */
export interface HttpAnswer {
  /** The final URL after redirects. */
  url: string;
  status: number;
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Readonly<Record<string, string>>;
  /** The wait a Retry-After header asks for, when there is one that can be read. */
  retryAfterMs: number | undefined;
}

/** An answer with its whole body. */
export interface HttpResponse extends HttpAnswer {
  body: Uint8Array;
}

/** An answer whose body is read as it comes; read it to the end or cancel it. */
export interface HttpStream extends HttpAnswer {
  /** Decompressed chunks; a stall, the total timeout or the byte cap end it with a FetchError. */
  body: AsyncIterable<Uint8Array>;
  /** Drops the body unread and releases the connection. */
  cancel(): void;
}

/**
 * The one HTTP client relais sends through. Failures (bad URL, refused address, DNS, connect,
 * timeouts, the byte cap, too many redirects) are thrown as FetchError; any status is an answer.
 */
export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
  /** Like `request`, for bodies too big to hold (model files). */
  stream(request: HttpRequest): Promise<HttpStream>;
  /** Closes pooled connections; only the client's owner calls it. */
  close(): Promise<void>;
}

// ── extract ─────────────────────────────────────────────────────────────────

/** An image with an absolute http(s) URL. */
export interface ImageRef {
  url: string;
  alt?: string;
}

/** An extracted article: metadata plus the body as sanitized HTML. */
export interface Article {
  title: string;
  byline?: string;
  /** ISO 8601 instants. */
  publishedAt?: string;
  modifiedAt?: string;
  leadImage?: ImageRef;
  language?: LanguageCode;
  siteName?: string;
  /** Short plain-text summary (description or first paragraph). */
  excerpt?: string;
  /** Sanitized HTML body (allow-list). */
  html: string;
  /** Plain text of the body, block by block, newline-separated. */
  text: string;
  wordCount: number;
}

/** Per-campaign cleanup applied after extraction. */
export interface CleanupRules {
  /** CSS selectors whose elements are dropped from the body. */
  dropSelectors: string[];
  /** Regular expressions (source text); a block whose text matches one is dropped. */
  dropPatterns: string[];
  /** A story whose body has fewer words is skipped. */
  minWords: number;
}

/** What extraction gave: an article, or a reason it is not one. */
export type ExtractOutcome =
  | {
      kind: 'article';
      article: Article;
      /** Fingerprints of the body's blocks before learned boilerplate was removed (for the source's history). */
      blockFingerprints?: string[];
    }
  | { kind: 'not-article'; reason: string };

// ── translate ───────────────────────────────────────────────────────────────

/** The translation engines relais knows: the values of a campaign's `engine` key. */
export const translationEngineIds = ['opus-mt', 'apertium', 'libretranslate', 'deepl', 'google', 'openai'] as const;

/** The id of one of the translation engines relais knows. */
export type TranslationEngineId = (typeof translationEngineIds)[number];

/** What an engine declares about itself. */
export interface EngineCapabilities {
  /** Most segments one `translate` call should carry. */
  maxBatch: number;
  /** Whether the engine keeps inline HTML markup it is given. */
  acceptsMarkup: boolean;
}

/** A translation engine: segments in, the same number of segments out, in order. */
export interface TranslationEngine {
  readonly id: string;
  readonly capabilities: EngineCapabilities;
  /** Translates each segment; the result has exactly one entry per input segment. */
  translate(segments: readonly string[], pair: LanguagePair): Promise<string[]>;
  /** Checks the engine can serve the pair; resolves to a problem description or null. */
  check(pair: LanguagePair): Promise<string | null>;
  /** Releases sessions, sockets or child processes. */
  close(): Promise<void>;
}

/** Who translated a segment: an engine, or an editor. */
export type TranslationOrigin = 'machine' | 'human';

/** A translation the memory knows, and who made it. */
export interface MemoryMatch {
  target: string;
  origin: TranslationOrigin;
}

/** A store of earlier translations, keyed by engine, pair and normalized segment. */
export interface TranslationMemory {
  /**
   * Returns the known translations of the given segments (missing ones are absent): an editor's
   * translation of a segment wins over any engine's, otherwise the engine's own.
   */
  lookup(engine: string, pair: LanguagePair, segments: readonly string[]): Promise<Map<string, MemoryMatch>>;
  /** Remembers translations (source segment → target segment). */
  remember(engine: string, pair: LanguagePair, entries: ReadonlyMap<string, string>): Promise<void>;
}

/** Counters of one translation. */
export interface TranslationStats {
  segments: number;
  fromMemory: number;
  sentToEngine: number;
}

/** The translatable parts of a story. */
export interface TranslatableText {
  title: string;
  summary: string;
  html: string;
}

/** A translated story. */
export interface TranslatedText extends TranslatableText {
  stats: TranslationStats;
}

/** One sentence of a translated story, source beside translation, in canonical form (placeholders `<xN>`). */
export interface TranslatedSegment {
  source: string;
  translation: string;
  /** The texts of the segment's atom placeholders (`<xN/>`: names, URLs, code) by id: what a reader sees in their place. */
  atoms: Readonly<Record<number, string>>;
  origin: TranslationOrigin;
  /** The engine of a machine translation; null for an editor's. */
  engine: string | null;
}

/** What a story's text was cut into segments with: the same settings cut it the same way again. */
export interface SegmentationSettings {
  /** The source language the story was translated from. */
  from: LanguageCode;
  protectedTerms: readonly string[];
  glossary: Readonly<Record<string, string>>;
}

// ── store and publish ───────────────────────────────────────────────────────

/** Where a story stands in the pipeline. */
export type StoryState =
  | 'discovered'
  | 'fetched'
  | 'extracted'
  | 'translated'
  | 'published'
  | 'skipped'
  | 'failed'
  | 'held'
  /** Taken down after publication: its page answers 410 Gone; it is never published again. */
  | 'unpublished';

/** The pipeline stages, in order. */
export type Stage = 'poll' | 'fetch' | 'extract' | 'translate' | 'classify' | 'publish';

/** A category of the public site. */
export interface Category {
  name: string;
  slug: string;
}

/** A published article as a list shows it. */
export interface ArticleSummary {
  slug: string;
  language: LanguageCode;
  title: string;
  summary: string;
  category: Category;
  /** ISO 8601 instant. */
  publishedAt: string;
  /** ISO 8601 instant the text last followed a change at the source, when it did. */
  updatedAt?: string;
  leadImage?: ImageRef;
}

/** A published article as its page shows it. */
export interface PublishedArticle extends ArticleSummary {
  /** Sanitized, translated HTML body. */
  html: string;
  byline?: string;
  /** The original story. */
  sourceUrl: string;
  /** The original's publisher as readers know it ("CNN"). */
  sourceName: string;
  sourceLanguage: LanguageCode;
  /** ISO 8601 instant of the original's publication, when known. */
  originalPublishedAt?: string;
  /** Other sources of the same story (copies skipped in its favour), with their original URLs. */
  alsoReportedBy?: { name: string; url: string }[];
}

/** One page of a list. */
export interface ListPage<T> {
  items: T[];
  total: number;
}

/** What the public site reads; implemented by storage. Never exposes campaign ids. */
export interface SiteReader {
  listLatest(range: { limit: number; offset: number }): Promise<ListPage<ArticleSummary>>;
  listByCategory(
    categorySlug: string,
    range: { limit: number; offset: number },
  ): Promise<(ListPage<ArticleSummary> & { category: Category }) | undefined>;
  getArticle(slug: string): Promise<PublishedArticle | undefined>;
  /** The articles published just before this one in its category, newest first. */
  listRelated(article: ArticleSummary, limit: number): Promise<ArticleSummary[]>;
  /** Slugs of the articles published just after a point in a category: the pages whose related list shows it. */
  listFollowing(categorySlug: string, after: { publishedAt: string; slug: string }, limit: number): Promise<string[]>;
  /** Every published article's slug. */
  listSlugs(): Promise<string[]>;
  /** The slugs of articles taken down: their pages answer 410. */
  listRemovedSlugs(): Promise<string[]>;
  listCategories(): Promise<Category[]>;
  // What the sitemaps list. A story's modification is its update, or its publication when never updated.
  /** The months (`2026-12`) that have published articles, oldest first, with their count and latest modification. */
  listSitemapMonths(): Promise<SitemapMonth[]>;
  /** One month's articles in order of publication, with their modification. */
  listSitemapArticles(month: string, range: { limit: number; offset: number }): Promise<SitemapEntry[]>;
  /** The latest modification of each category with articles. */
  listCategoryModifications(): Promise<SitemapEntry[]>;
  /** The articles published at or after `since`, newest first: the news sitemap's. */
  listPublishedSince(since: string, limit: number): Promise<ArticleSummary[]>;
}

/** A month of publication in the sitemaps. */
export interface SitemapMonth {
  month: string;
  count: number;
  /** ISO 8601 instant. */
  lastModified: string;
}

/** An article's or a category's slug and its latest modification (ISO 8601). */
export interface SitemapEntry {
  slug: string;
  lastModified: string;
}
