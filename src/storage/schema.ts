import type { ColumnType, Generated } from 'kysely';

// Table shapes as Kysely sees them. Times are ISO 8601 strings (UTC); booleans are 0/1.

/** A feed a campaign polls. */
export interface SourcesTable {
  id: Generated<number>;
  campaign_id: string;
  url: string;
  title: string | null;
  site_url: string | null;
  etag: string | null;
  last_modified: string | null;
  last_polled_at: string | null;
  last_error: string | null;
  error_count: Generated<number>;
  next_poll_at: string | null;
  /** Set while an admin has paused the source: it is not polled. */
  paused_at: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One source article in one campaign. */
export interface StoriesTable {
  id: Generated<number>;
  campaign_id: string;
  source_id: number;
  url: string;
  guid: string | null;
  original_url: string;
  feed_title: string | null;
  feed_summary: string | null;
  feed_published_at: string | null;
  feed_image_url: string | null;
  state: string;
  failed_stage: string | null;
  reason: string | null;
  attempts: Generated<number>;
  next_attempt_at: string | null;
  discovered_at: string;
  updated_at: string;
  /** The worker working on the story (host:pid:random), while its lease runs; null when none is. */
  lease_owner: ColumnType<string | null, string | null | undefined, string | null>;
  lease_expires_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** When a published story's page is fetched again to follow changes at the source; null: not any more. */
  recheck_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** A hash of the story's feed item as last polled: a change sends a published story to be checked again. */
  feed_hash: ColumnType<string | null, string | null | undefined, string | null>;
}

/** The raw page of a story, gzip-compressed, so it can be re-extracted without refetching. */
export interface PagesTable {
  story_id: number;
  final_url: string;
  content_type: string;
  body_gzip: Buffer;
  fetched_at: string;
  /** Validators of the page, sent as If-None-Match / If-Modified-Since when it is fetched again. */
  etag: ColumnType<string | null, string | null | undefined, string | null>;
  last_modified: ColumnType<string | null, string | null | undefined, string | null>;
}

/** The extracted article of a story. */
export interface ArticlesTable {
  story_id: number;
  title: string;
  byline: string | null;
  published_at: string | null;
  modified_at: string | null;
  lead_image_url: string | null;
  lead_image_alt: string | null;
  language: string | null;
  site_name: string | null;
  excerpt: string | null;
  html: string;
  text: string;
  word_count: number;
}

/** A story's text in one target language. */
export interface TranslationsTable {
  story_id: number;
  language: string;
  engine: string;
  title: string;
  summary: string;
  html: string;
  created_at: string;
  /** The SegmentationSettings the text was segmented with, JSON; null before migration 013 or without segments. */
  segmented_with: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A story's translation sentence by sentence, in order (see migration 013-segments-human-memory). */
export interface TranslationSegmentsTable {
  story_id: number;
  language: string;
  /** 1, 2, 3…: the segment's place among the story's title, summary and body segments. */
  n: number;
  /** Canonical source segment: the translation memory's key. */
  source: string;
  translation: string;
  /** JSON object: atom placeholder id → its text. */
  atoms: string;
  /** machine or human. */
  origin: string;
  engine: string | null;
}

/** A story visible on the public site; one row per story and language, never two. */
export interface PublicationsTable {
  story_id: number;
  language: string;
  slug: string;
  category_name: string;
  category_slug: string;
  source_name: string;
  published_at: string;
  /** The text as published: what the site shows, whatever a later translation holds. */
  title: string;
  summary: string;
  html: string;
  /** Set when the story was taken down: its page answers 410 and its slug stays taken. */
  unpublished_at: string | null;
  unpublish_reason: string | null;
  /** When the published text last followed a change of the source (a new revision); null when never. */
  updated_at: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One version of a story's source text, as extracted from its page (see migration 012-story-revisions). */
export interface StoryRevisionsTable {
  story_id: number;
  n: number;
  title: string;
  html: string;
  text: string;
  fetched_at: string;
  extracted_at: string;
}

/** Earlier translations, keyed by engine, pair and normalized segment. */
export interface TranslationMemoryTable {
  engine: string;
  source_language: string;
  target_language: string;
  source: string;
  target: string;
  created_at: string;
  hits: ColumnType<number, number | undefined, number>;
}

/** Lookups of the translation memory per engine and pair: segments found and not found. */
export interface TranslationMemoryStatsTable {
  engine: string;
  source_language: string;
  target_language: string;
  hits: ColumnType<number, number | undefined, number>;
  misses: ColumnType<number, number | undefined, number>;
  updated_at: string;
}

/** Body block fingerprints per source and story, from which boilerplate is learned. */
export interface BoilerplateBlocksTable {
  source: string;
  fingerprint: string;
  story_id: number;
  /** 1 when the fingerprint was the source's known boilerplate at the story's last extraction. */
  known: Generated<number>;
}

/** An engine that cannot translate a pair until someone acts (key, quota, model); cleared when the pair translates again. */
export interface EngineProblemsTable {
  engine: string;
  source_language: string;
  target_language: string;
  reason: string;
  first_seen_at: string;
  last_seen_at: string;
}

/** What each origin's robots.txt said, until it expires. */
export interface RobotsTxtTable {
  origin: string;
  kind: string;
  status: number;
  body: string;
  fetched_at: string;
  expires_at: string;
}

/** The whole database. */
/** The next instant (ms since the epoch) a request to a host may start, across processes. */
export interface HostTurnsTable {
  host: string;
  next_at: number;
}

/** A public page or feed as it is served (see migration 009-site-pages). */
export interface SitePagesTable {
  path: string;
  status: number;
  content_type: string;
  cache_control: string;
  body: Uint8Array;
  body_gzip: Uint8Array;
  etag: string;
  generation: number;
}

/** A publication that changed since the site's pages were last rendered. */
export interface SiteChangesTable {
  id: Generated<number>;
  language: string;
  slug: string;
  category_slug: string;
  published_at: string;
}

/** The one row saying what the stored pages were rendered from, and who renders now. */
export interface SiteStateTable {
  id: number;
  signature: string | null;
  categories: string | null;
  generation: number;
  render_owner: string | null;
  render_until: string | null;
}

/** An account of the admin area. */
export interface AdminUsersTable {
  name: string;
  password_hash: string;
  password_salt: string;
  created_at: string;
}

/** A signed-in browser, keyed by the SHA-256 of its cookie. */
export interface AdminSessionsTable {
  id_hash: string;
  user_name: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

/** A bearer token of the API, stored as its SHA-256. */
export interface ApiTokensTable {
  id: Generated<number>;
  user_name: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
}

/** A failed sign-in, counted per user and per address. */
export interface LoginFailuresTable {
  id: Generated<number>;
  user_name: string;
  address: string;
  failed_at: string;
}

/** Characters and requests sent to an engine on one UTC day (`YYYY-MM-DD`). */
export interface EngineUsageTable {
  engine: string;
  day: string;
  characters: ColumnType<number, number | undefined, number>;
  requests: ColumnType<number, number | undefined, number>;
}

/** Who did what, when (migration 010). */
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  story_id: number | null;
  detail: string | null;
}

/** A story's near-duplicate signature (see migration 014-story-fingerprints). */
export interface StoryFingerprintsTable {
  story_id: number;
  /** The language the story is published in: its campaign's target. */
  language: string;
  /** The site the story comes from (host without www.). */
  site: string;
  signature: string;
  extracted_at: string;
}

/** One LSH band key of a story's signature. */
export interface StoryFingerprintBandsTable {
  language: string;
  band: string;
  story_id: number;
  extracted_at: string;
}

/** A story skipped as a copy of another: what "also reported by" shows on the other's page. */
export interface StoryDuplicatesTable {
  story_id: number;
  duplicate_of: number;
  similarity: number;
  source_name: string;
  original_url: string;
  recorded_at: string;
}

export interface DatabaseSchema {
  sources: SourcesTable;
  stories: StoriesTable;
  pages: PagesTable;
  articles: ArticlesTable;
  translations: TranslationsTable;
  publications: PublicationsTable;
  translation_memory: TranslationMemoryTable;
  translation_memory_stats: TranslationMemoryStatsTable;
  boilerplate_blocks: BoilerplateBlocksTable;
  engine_problems: EngineProblemsTable;
  robots_txt: RobotsTxtTable;
  host_turns: HostTurnsTable;
  site_pages: SitePagesTable;
  site_changes: SiteChangesTable;
  site_state: SiteStateTable;
  admin_users: AdminUsersTable;
  admin_sessions: AdminSessionsTable;
  api_tokens: ApiTokensTable;
  login_failures: LoginFailuresTable;
  engine_usage: EngineUsageTable;
  audit_log: AuditLogTable;
  translation_segments: TranslationSegmentsTable;
  story_revisions: StoryRevisionsTable;
  story_fingerprints: StoryFingerprintsTable;
  story_fingerprint_bands: StoryFingerprintBandsTable;
  story_duplicates: StoryDuplicatesTable;
}
