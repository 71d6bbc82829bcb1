import type { CampaignConfig } from '../config/index.js';
import type { StoryState } from '../domain/types.js';
import { DEFAULT_BOILERPLATE_THRESHOLDS, selectBoilerplate } from '../extractor/boilerplate.js';
import {
  listStoriesKeepingBlocks,
  readBlockCounts,
  readBlockSources,
  readPage,
  recordPageBlocks,
  reopenForExtraction,
  type StoryRecord,
} from '../storage/index.js';
import { mapWithConcurrency } from '../util/concurrency.js';
import type { PipelineContext } from './context.js';
import { cleanupRulesOf, siteHost } from './stages.js';

// Stories past extraction whose text a newly learned block can still change. A held story waits
// for its reviewer as it is; a failed one is extracted again when it is retried anyway.
const REOPENED_STATES: readonly StoryState[] = ['extracted', 'translated', 'published'];

/**
 * Prepares a batch of fetched stories for extraction. Each page not yet fingerprinted has its
 * blocks recorded first, so that the stories of the batch are compared with each other as well
 * as with the source's history; then the stories of those sources that kept a block which has
 * become boilerplate since are sent back to extraction. Only the database carries what this
 * learns, so a process killed here resumes with the same counts and the same stories reopened.
 */
export async function prepareExtractBatch(ctx: PipelineContext, campaign: CampaignConfig, stories: readonly StoryRecord[]): Promise<void> {
  const recorded = await readBlockSources(ctx.db, stories.map((story) => story.id));
  const sources = new Set(recorded.values());
  // As many pages at once as the extract stage works on: every extraction worker has one.
  const fresh = stories.filter((story) => !recorded.has(story.id));
  const found = await mapWithConcurrency(fresh, ctx.config.pipeline.concurrency.extract ?? ctx.extractor.threads, (story) =>
    recordStoryPageBlocks(ctx, campaign, story),
  );
  for (const source of found) if (source !== undefined) sources.add(source);
  for (const source of sources) await reopenStoriesBehind(ctx, campaign, source);
}

// Fingerprints are those of an extraction without known boilerplate: a block is fingerprinted
// before learned boilerplate is removed, so extracting the story later records the same ones.
async function recordStoryPageBlocks(ctx: PipelineContext, campaign: CampaignConfig, story: StoryRecord): Promise<string | undefined> {
  const page = await readPage(ctx.db, story.id);
  if (!page) return undefined;
  let outcome;
  try {
    outcome = await ctx.extractor.extract({ url: page.finalUrl, contentType: page.contentType, body: page.body }, cleanupRulesOf(campaign));
  } catch {
    // The extract stage meets the same problem and records it on the story.
    return undefined;
  }
  if (outcome.kind !== 'article') return undefined;
  const source = siteHost(page.finalUrl);
  await recordPageBlocks(ctx.db, story.id, { source, fingerprints: outcome.blockFingerprints ?? [] });
  return source;
}

async function reopenStoriesBehind(ctx: PipelineContext, campaign: CampaignConfig, source: string): Promise<void> {
  const { minStories } = DEFAULT_BOILERPLATE_THRESHOLDS;
  const { counts, sourceStories } = await readBlockCounts(ctx.db, source, minStories + 1);
  // Seen from a story that has the block, as its extraction sees the history: the block is in one
  // other story fewer, and the source has one other story fewer.
  const others = counts.map((count) => ({ fingerprint: count.fingerprint, stories: count.stories - 1 }));
  const known = selectBoilerplate(others, sourceStories - 1);
  if (known.size === 0) return;
  const behind = await listStoriesKeepingBlocks(ctx.db, source, [...known], REOPENED_STATES);
  const reopened = await reopenForExtraction(ctx.db, behind, REOPENED_STATES);
  if (reopened > 0) ctx.logger.info({ campaign: campaign.id, source, stories: reopened }, 'stories extracted again: boilerplate learned since');
}
