import type { CampaignConfig } from '../config/index.js';
import type { Article } from '../domain/types.js';
import { decodeText } from '../fetcher/index.js';
import { extractArticle } from '../extractor/index.js';
import { sanitizeHtml } from '../sanitizer/index.js';
import { translateArticle } from '../translator/index.js';
import { categorySlug, slugifyTitle } from '../publisher/index.js';
import {
  readArticle,
  readPage,
  readTranslation,
  recordExtracted,
  recordFetched,
  recordPublished,
  recordSkipped,
  recordTranslated,
  type StoryRecord,
} from '../storage/index.js';
import type { PipelineContext, StoryOutcome } from './context.js';

const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.1';

/** Fetches a story's page and keeps it; anything but HTML is skipped with the content type. */
export async function fetchStory(ctx: PipelineContext, _campaign: CampaignConfig, story: StoryRecord): Promise<StoryOutcome> {
  const outcome = await ctx.fetcher.fetchUrl(story.original_url, { accept: PAGE_ACCEPT });
  if (outcome.kind === 'not-modified') throw new Error(`unexpected 304 for ${story.original_url} (no validators were sent)`);
  if (!isHtml(outcome.contentType)) {
    await recordSkipped(ctx.db, story.id, 'fetch', `not an HTML page: ${outcome.contentType || 'no content type'}`);
    return 'skipped';
  }
  await recordFetched(ctx.db, story.id, { finalUrl: outcome.url, contentType: outcome.contentType, body: outcome.body });
  return 'done';
}

/** Extracts the article from the stored page; too little text or not an article is skipped. */
export async function extractStory(ctx: PipelineContext, campaign: CampaignConfig, story: StoryRecord): Promise<StoryOutcome> {
  const page = await readPage(ctx.db, story.id);
  if (!page) throw new Error(`story ${story.id} has no stored page; it will be fetched again`);
  const { text } = decodeText(page.body, page.contentType);
  const outcome = extractArticle(text, {
    url: page.finalUrl,
    rules: {
      dropSelectors: campaign.cleanup.drop_selectors,
      dropPatterns: campaign.cleanup.drop_patterns,
      minWords: campaign.cleanup.min_words,
    },
  });
  if (outcome.kind === 'not-article') {
    await recordSkipped(ctx.db, story.id, 'extract', outcome.reason);
    return 'skipped';
  }
  await recordExtracted(ctx.db, story.id, withFeedFallbacks(outcome.article, story));
  return 'done';
}

/** Translates title, summary and body into the campaign's target language. */
export async function translateStory(ctx: PipelineContext, campaign: CampaignConfig, story: StoryRecord): Promise<StoryOutcome> {
  const article = await readArticle(ctx.db, story.id);
  if (!article) throw new Error(`story ${story.id} has no extracted article; it will be extracted again`);
  const engine = ctx.engine(campaign.engine);
  const pair = { from: campaign.from, to: campaign.to };
  const translated = await translateArticle(
    { title: article.title, summary: article.excerpt ?? story.feed_summary ?? '', html: article.html },
    { engine, pair, memory: ctx.memory },
  );
  // Sanitize after translation too: an engine can hand markup back.
  const html = sanitizeHtml(translated.html, { baseUrl: story.original_url });
  await recordTranslated(ctx.db, story.id, {
    language: campaign.to,
    engine: engine.id,
    title: translated.title,
    summary: translated.summary,
    html,
  });
  ctx.logger.debug({ campaign: campaign.id, story: story.id, ...translated.stats }, 'story translated');
  return 'done';
}

/** Files the story under the campaign's category and makes it visible on the site, once. */
export async function publishStory(ctx: PipelineContext, campaign: CampaignConfig, story: StoryRecord): Promise<StoryOutcome> {
  const translation = await readTranslation(ctx.db, story.id, campaign.to);
  const article = await readArticle(ctx.db, story.id);
  if (!translation || !article) throw new Error(`story ${story.id} has no translation into ${campaign.to}; it will be translated again`);
  await recordPublished(ctx.db, story.id, {
    language: campaign.to,
    slug: slugifyTitle(translation.title, campaign.to),
    categoryName: campaign.category,
    categorySlug: categorySlug(campaign.category),
    sourceName: campaign.source_name ?? article.siteName ?? hostName(story.original_url),
    publishedAt: ctx.now().toISOString(),
  });
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

function hostName(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}
