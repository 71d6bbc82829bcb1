import type { CampaignConfig } from '../config/index.js';
import { decodeSignature, encodeSignature, estimateSimilarity, fingerprintText } from '../duplicates/index.js';
import type { Article } from '../domain/types.js';
import {
  findStoryWithUrl,
  isPublished,
  recordExtractedFingerprint,
  recordExtractedUnlessDuplicate,
  recordSkipped,
  type DuplicateMatch,
  type FingerprintCandidate,
  type StoryBlocks,
  type StoryRecord,
} from '../storage/index.js';
import type { PipelineContext, StoryOutcome } from './context.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Stores an extracted story unless it is the same story as one from another site that any
 * campaign publishing into the same language extracted within `duplicates.window_days`: that copy is skipped with
 * `same story as <id> (similarity 0.93)` and its source shows as "also reported by" on the other.
 * A story extracted again once published only has its fingerprint renewed.
 */
export async function recordExtractedStory(
  ctx: PipelineContext,
  campaign: CampaignConfig,
  story: StoryRecord,
  article: Article,
  blocks: StoryBlocks,
  sourceName: string,
): Promise<StoryOutcome> {
  // The body only: each outlet writes its own headline.
  const computed = fingerprintText(article.text);
  // Stories of one site share a template and, for formula copy, most of their wording: they are
  // never each other's copies (one URL twice is caught before fetching, skipIfUrlKnown).
  const fingerprint = { language: campaign.to, site: blocks.source, signature: encodeSignature(computed.signature), bands: computed.bands };
  if (await isPublished(ctx.db, story.id)) {
    await recordExtractedFingerprint(ctx.db, story.id, article, blocks, fingerprint, ctx.now());
    return 'done';
  }
  const { enabled, threshold, window_days: windowDays } = ctx.config.duplicates;
  const outcome = await recordExtractedUnlessDuplicate(ctx.db, story.id, article, blocks, {
    fingerprint,
    since: new Date(ctx.now().getTime() - windowDays * DAY_MS).toISOString(),
    choose: (candidates) => (enabled ? chooseOriginal(computed.signature, candidates, threshold) : undefined),
    describe: describeDuplicate,
    copy: { sourceName, originalUrl: story.original_url },
  }, ctx.now());
  if (outcome.kind === 'extracted') return 'done';
  // The story it copies shows one more "also reported by" once its page is rendered again.
  ctx.site.schedule();
  ctx.logger.info({ campaign: campaign.id, story: story.id, url: story.original_url, reason: describeDuplicate(outcome) }, 'story skipped');
  return 'skipped';
}

/**
 * Skips a story whose URL an earlier story of another campaign into the same language already
 * has (before fetching it again): one URL is published once per language.
 */
export async function skipIfUrlKnown(ctx: PipelineContext, campaign: CampaignConfig, story: StoryRecord): Promise<boolean> {
  if (!ctx.config.duplicates.enabled || (await isPublished(ctx.db, story.id))) return false;
  const campaigns = ctx.config.campaigns.filter((other) => other.to === campaign.to && other.id !== campaign.id).map((other) => other.id);
  const earlier = await findStoryWithUrl(ctx.db, story.url, campaigns, story.id);
  if (earlier === undefined) return false;
  const reason = `same story as ${earlier} (same URL)`;
  await recordSkipped(ctx.db, story.id, 'fetch', reason);
  ctx.logger.info({ campaign: campaign.id, story: story.id, url: story.original_url, reason }, 'story skipped');
  return true;
}

/** The most similar candidate at or above the threshold; the earliest story wins a tie. */
export function chooseOriginal(signature: Uint32Array, candidates: readonly FingerprintCandidate[], threshold: number): DuplicateMatch | undefined {
  let best: DuplicateMatch | undefined;
  for (const candidate of candidates) {
    const similarity = estimateSimilarity(signature, decodeSignature(candidate.signature));
    if (similarity >= threshold && (!best || similarity > best.similarity)) best = { storyId: candidate.storyId, similarity };
  }
  return best;
}

/** The reason a copy is skipped with: `same story as 12 (similarity 0.93)`. */
export function describeDuplicate(match: DuplicateMatch): string {
  return `same story as ${match.storyId} (similarity ${match.similarity.toFixed(2)})`;
}
