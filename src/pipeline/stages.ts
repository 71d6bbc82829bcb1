import type { CampaignConfig } from '../config/index.js';
import { FetchError, StorageError } from '../domain/errors.js';
import type { Article, CleanupRules, LanguagePair, TranslatableText, TranslatedSegment, Validators } from '../domain/types.js';
import type { Fetcher, FetchUrlOptions } from '../fetcher/index.js';
// The boilerplate module alone: the extractor itself (and its language detector) loads in the extraction workers.
import { DEFAULT_BOILERPLATE_THRESHOLDS, selectBoilerplate } from '../extractor/boilerplate.js';
import { sanitizeHtml } from '../sanitizer/index.js';
import {
  assessTranslation,
  translateArticle,
  type ArticleTranslation,
  type ArticleTranslationStats,
  type QualityThresholds,
  type QualityVerdict,
  type TranslateArticleContext,
} from '../translator/index.js';
import { categorySlug, slugifyTitle } from '../publisher/index.js';
import {
  isPublished,
  isSameText,
  keepPublishedArticle,
  readLatestRevision,
  readPublishedAt,
  readArticle,
  readBlockCounts,
  readPage,
  readTranslation,
  recordFailed,
  recordFetched,
  recordPublished,
  recordSkipped,
  recordTranslated,
  recordTranslationHeld,
  type StoryRecord,
} from '../storage/index.js';
import type { PipelineContext, StoryOutcome } from './context.js';
import { resolveQualityThresholds } from './quality-thresholds.js';
import { nextRecheckAt } from './recheck-schedule.js';
import type { ArticlePage } from './extract-page.js';
import { robotsCheckFor } from './robots.js';
import { recordExtractedStory, skipIfUrlKnown } from './duplicates.js';
import { decideSourceLanguage, type SourceLanguageDecision } from './source-language.js';

export type { ArticlePage } from './extract-page.js';

const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.1';


/** What fetching an article's page gave: the page and its validators, or why there is nothing to extract from it. */
export type ArticlePageOutcome = ({ kind: 'page'; validators: Validators } & ArticlePage) | { kind: 'not-html'; reason: string };

/**
 * Fetches an article's page; a response that is not HTML comes back as `not-html` naming its
 * content type. With the validators of an earlier fetch, a 304 comes back as `not-modified`.
 */
export function fetchArticlePage(
  fetcher: Fetcher,
  url: string,
  options: Pick<FetchUrlOptions, 'checkHop'> & { validators: Validators },
): Promise<ArticlePageOutcome | { kind: 'not-modified' }>;
export function fetchArticlePage(fetcher: Fetcher, url: string, options?: Pick<FetchUrlOptions, 'checkHop'>): Promise<ArticlePageOutcome>;
export async function fetchArticlePage(
  fetcher: Fetcher,
  url: string,
  options: Pick<FetchUrlOptions, 'checkHop' | 'validators'> = {},
): Promise<ArticlePageOutcome | { kind: 'not-modified' }> {
  const outcome = await fetcher.fetchUrl(url, { accept: PAGE_ACCEPT, ...options });
  if (outcome.kind === 'not-modified') {
    if (options.validators?.etag || options.validators?.lastModified) return { kind: 'not-modified' };
    throw new FetchError('http-status', url, 'answered 304 Not Modified although no validators were sent', { status: 304 });
  }
  if (!isHtml(outcome.contentType)) return { kind: 'not-html', reason: `not an HTML page: ${outcome.contentType || 'no content type'}` };
  return { kind: 'page', url: outcome.url, contentType: outcome.contentType, body: outcome.body, validators: outcome.validators };
}

/** How to translate a story: the translator's context, the page links resolve against, and the quality gates. */
export interface StoryTranslationOptions extends TranslateArticleContext {
  /** The story's page: relative links in the translation resolve against it. */
  baseUrl: string;
  thresholds: QualityThresholds;
}

/** A story's translation, sanitized, with the quality gates' verdict on it. */
export interface StoryTranslation {
  translation: TranslatableText;
  verdict: QualityVerdict;
  stats: ArticleTranslationStats;
  segments: TranslatedSegment[];
}

/** Translates a story's title, summary and body, sanitizes the result and runs the quality gates on it. */
export async function translateStoryText(source: TranslatableText, options: StoryTranslationOptions): Promise<StoryTranslation> {
  const { baseUrl, thresholds, ...context } = options;
  const translated = await translateSanitized(source, context, baseUrl);
  const translation = { title: translated.title, summary: translated.summary, html: translated.html };
  return { translation, verdict: await assessTranslation(source, translation, context.pair, thresholds), stats: translated.stats, segments: translated.segments };
}

/** Translates a story's text and sanitizes the body again, resolving its links against `baseUrl`. */
export async function translateSanitized(source: TranslatableText, context: TranslateArticleContext, baseUrl: string): Promise<ArticleTranslation> {
  const translated = await translateArticle(source, context);
  // Sanitize after translation too: an engine can hand markup back.
  return { ...translated, html: sanitizeHtml(translated.html, { baseUrl }) };
}

/** The text of a story the translate stage translates: its article's title and body, and a summary. */
export function storySourceText(article: Article, story: StoryRecord): TranslatableText {
  return { title: article.title, summary: article.excerpt ?? story.feed_summary ?? '', html: article.html };
}

/** Why a campaign that publishes after review holds each translated story. */
export const REVIEW_REASON = 'waiting for review';

/** Fetches a story's page and keeps it with its validators; anything but HTML is skipped with the content type. */
export async function fetchStory(ctx: PipelineContext, campaign: CampaignConfig, story: StoryRecord): Promise<StoryOutcome> {
  if (await skipIfUrlKnown(ctx, campaign, story)) return 'skipped';
  let outcome: ArticlePageOutcome;
  try {
    outcome = await fetchArticlePage(ctx.fetcher, story.original_url, robotsCheckFor(ctx.robots, campaign));
  } catch (error) {
    if (!(error instanceof FetchError && error.code === 'robots-disallowed')) throw error;
    // The site asks relais not to fetch it: the story is not relayed, never retried.
    await recordSkipped(ctx.db, story.id, 'fetch', error.reason);
    ctx.logger.info({ campaign: campaign.id, story: story.id, url: error.url, reason: error.reason }, 'story skipped');
    return 'skipped';
  }
  if (outcome.kind === 'not-html') {
    await recordSkipped(ctx.db, story.id, 'fetch', outcome.reason);
    return 'skipped';
  }
  await recordFetched(ctx.db, story.id, { finalUrl: outcome.url, contentType: outcome.contentType, body: outcome.body, validators: outcome.validators });
  return 'done';
}

/** Extracts the article from the stored page; too little text or not an article is skipped. */
export async function extractStory(ctx: PipelineContext, campaign: CampaignConfig, story: StoryRecord): Promise<StoryOutcome> {
  const page = await readPage(ctx.db, story.id);
  if (!page) throw new StorageError(`story ${story.id} is fetched but its page is not in the database (was the database changed outside relais?)`);
  const source = siteHost(page.finalUrl);
  const history = await readBlockCounts(ctx.db, source, DEFAULT_BOILERPLATE_THRESHOLDS.minStories, { exceptStory: story.id });
  const known = selectBoilerplate(history.counts, history.sourceStories);
  const outcome = await ctx.extractor.extract({ url: page.finalUrl, contentType: page.contentType, body: page.body }, cleanupRulesOf(campaign), known);
  if (outcome.kind === 'not-article') {
    if (await isPublished(ctx.db, story.id)) {
      // Extracted again after boilerplate was learned, and nothing is left: the site keeps the story as it was.
      await keepPublishedArticle(ctx.db, story.id, known);
      ctx.logger.warn({ campaign: campaign.id, story: story.id, url: story.original_url, reason: outcome.reason }, 'published story kept as it was');
      return 'skipped';
    }
    await recordSkipped(ctx.db, story.id, 'extract', outcome.reason);
    return 'skipped';
  }
  if ((await isPublished(ctx.db, story.id)) && isSameText(await readLatestRevision(ctx.db, story.id), outcome.article)) {
    // Fetched or extracted again and its text is what the site shows: nothing to translate again.
    await keepPublishedArticle(ctx.db, story.id, known);
    ctx.logger.debug({ campaign: campaign.id, story: story.id, url: story.original_url }, 'published story unchanged');
    return 'done';
  }
  // The article, the blocks it teaches and its near-duplicate fingerprint are stored together:
  // a crash leaves all or none.
  const blocks = { source, fingerprints: outcome.blockFingerprints ?? [], known };
  const article = withFeedFallbacks(outcome.article, story);
  return recordExtractedStory(ctx, campaign, story, article, blocks, sourceNameOf(campaign, article, story));
}

/** How the site names a story's source: the campaign's `source_name`, the page's site name, or its host. */
export function sourceNameOf(campaign: CampaignConfig, article: Article, story: StoryRecord): string {
  return campaign.source_name ?? article.siteName ?? siteHost(story.original_url);
}

/** The extractor's cleanup rules from a campaign's `cleanup` settings. */
export function cleanupRulesOf(campaign: CampaignConfig): CleanupRules {
  return {
    dropSelectors: campaign.cleanup.drop_selectors,
    dropPatterns: campaign.cleanup.drop_patterns,
    minWords: campaign.cleanup.min_words,
  };
}

/**
 * Translates title, summary and body into the campaign's target language, then runs the
 * quality gates: a failed gate stores the translation and holds the story with its reason.
 * A story whose language does not fit the campaign is skipped (or failed, when unknown under
 * `from: auto`) before any engine is asked.
 */
export async function translateStory(ctx: PipelineContext, campaign: CampaignConfig, story: StoryRecord): Promise<StoryOutcome> {
  const article = await readStoredArticle(ctx, story);
  // Judged before any engine is asked: a story in the wrong language costs nothing.
  const decision = decideSourceLanguage(campaign, article.language);
  if (decision.kind !== 'translate') return recordLanguageDecision(ctx, campaign, story, decision);
  const engine = ctx.engine(campaign.engine);
  const source = storySourceText(article, story);
  const { translation, verdict, stats, segments } = await translateStoryText(source, {
    engine,
    pair: decision.pair,
    memory: ctx.memory,
    protectedTerms: campaign.protected_terms,
    glossary: campaign.glossary,
    ...(article.byline ? { byline: article.byline } : {}),
    baseUrl: story.original_url,
    thresholds: resolveQualityThresholds(ctx.config.quality, campaign),
  });
  const segmentedWith = { from: decision.pair.from, protectedTerms: campaign.protected_terms, glossary: campaign.glossary };
  const stored = { language: campaign.to, engine: engine.id, ...translation, segments, segmentedWith };
  if (verdict.kind === 'fail') {
    const reason = `quality gate ${verdict.gate}: ${verdict.reason}`;
    await recordTranslationHeld(ctx.db, story.id, stored, reason);
    ctx.logger.warn({ campaign: campaign.id, story: story.id, url: story.original_url, gate: verdict.gate, reason }, 'story held');
    return 'held';
  }
  if (campaign.publish === 'review') {
    await recordTranslationHeld(ctx.db, story.id, stored, REVIEW_REASON);
    ctx.logger.info({ campaign: campaign.id, story: story.id, url: story.original_url, reason: REVIEW_REASON }, 'story held');
    return 'held';
  }
  await recordTranslated(ctx.db, story.id, stored);
  ctx.logger.debug({ campaign: campaign.id, story: story.id, ...stats }, 'story translated');
  return 'done';
}

/** The language pair the translate stage would use for a story, or undefined when its language means it is not translated. */
export async function readTranslationPair(ctx: PipelineContext, campaign: CampaignConfig, story: StoryRecord): Promise<LanguagePair | undefined> {
  const decision = decideSourceLanguage(campaign, (await readStoredArticle(ctx, story)).language);
  return decision.kind === 'translate' ? decision.pair : undefined;
}

async function readStoredArticle(ctx: PipelineContext, story: StoryRecord): Promise<Article> {
  const article = await readArticle(ctx.db, story.id);
  if (!article) throw new StorageError(`story ${story.id} is extracted but its article is not in the database (was the database changed outside relais?)`);
  return article;
}

// A story not translated for its language: skipped for good, or failed for good when its language is unknown.
async function recordLanguageDecision(
  ctx: PipelineContext,
  campaign: CampaignConfig,
  story: StoryRecord,
  decision: Exclude<SourceLanguageDecision, { kind: 'translate' }>,
): Promise<StoryOutcome> {
  const fields = { campaign: campaign.id, story: story.id, url: story.original_url, reason: decision.reason };
  if (decision.kind === 'skip') {
    await recordSkipped(ctx.db, story.id, 'translate', decision.reason);
    ctx.logger.info(fields, 'story skipped');
    return 'skipped';
  }
  await recordFailed(ctx.db, story.id, 'translate', decision.reason, null);
  ctx.logger.warn(fields, 'story failed');
  return 'failed';
}

/** Files the story under the campaign's category and makes it visible on the site, once. */
export async function publishStory(ctx: PipelineContext, campaign: CampaignConfig, story: StoryRecord): Promise<StoryOutcome> {
  const translation = await readTranslation(ctx.db, story.id, campaign.to);
  const article = await readArticle(ctx.db, story.id);
  if (!translation || !article) {
    const missing = translation ? 'its article' : `a translation into ${campaign.to} (did the campaign's "to" change since?)`;
    throw new StorageError(`story ${story.id} is translated but the database holds no ${missing}`);
  }
  const now = ctx.now();
  const publishedAt = await readPublishedAt(ctx.db, story.id, campaign.to);
  // A story published again after its source changed shows when: its latest revision's extraction.
  const revision = publishedAt === undefined ? undefined : await readLatestRevision(ctx.db, story.id);
  await recordPublished(ctx.db, story.id, {
    language: campaign.to,
    slug: slugifyTitle(translation.title, campaign.to),
    categoryName: campaign.category,
    categorySlug: categorySlug(campaign.category),
    sourceName: sourceNameOf(campaign, article, story),
    publishedAt: now.toISOString(),
    ...(revision && revision.n > 1 ? { updatedAt: revision.extractedAt } : {}),
    recheckAt: nextRecheckAt(publishedAt ?? now.toISOString(), now, campaign.recheck_after_hours),
  });
  ctx.site.schedule();
  return 'done';
}

function isHtml(contentType: string): boolean {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'text/html' || type === 'application/xhtml+xml' || type === '';
}

function withFeedFallbacks(article: Article, story: StoryRecord): Article {
  const filled = { ...article };
  if (!filled.publishedAt && story.feed_published_at) filled.publishedAt = story.feed_published_at;
  if (!filled.leadImage && story.feed_image_url) filled.leadImage = { url: story.feed_image_url };
  if (!filled.excerpt && story.feed_summary) filled.excerpt = story.feed_summary;
  return filled;
}

/**
 * The site a URL belongs to, as a source is named: its host name without `www.`. Boilerplate is
 * learned per site, not per feed: a campaign reads several feeds of one site (world, business…)
 * whose pages share one template, and per-feed counts would learn it once per feed.
 */
export function siteHost(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}
