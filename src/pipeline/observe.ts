import type { CampaignConfig } from '../config/index.js';
import type { Stage } from '../domain/types.js';
import type { EngineInUse, StoryCounts } from '../metrics/index.js';
import { countStoriesByCampaign, countStoriesReady, type Db } from '../storage/index.js';
import { retryPolicy, type PipelineContext } from './context.js';
import { AUTO_SOURCE } from './source-language.js';

const QUEUED_STAGES: readonly Stage[] = ['fetch', 'extract', 'translate', 'publish'];

/** The database-backed counts metrics report: stories by campaign and state, and what each stage has ready. */
export function storyCountsOf(db: Db, now: () => Date = () => new Date()): StoryCounts {
  return {
    byState: () => countStoriesByCampaign(db),
    async readyByStage() {
      const counts = await Promise.all(
        QUEUED_STAGES.map(async (stage) => {
          const maxAttempts = stage === 'translate' ? retryPolicy.maxEngineAttempts : retryPolicy.maxAttempts;
          return [stage, await countStoriesReady(db, stage, { maxAttempts, now: now() })] as const;
        }),
      );
      return Object.fromEntries(counts);
    },
  };
}

/**
 * The engines the campaigns use, once per engine and pair, for the health check. A `from: auto`
 * campaign has no pair until a story's language is known, so its engine is not probed.
 */
export function enginesInUse(ctx: PipelineContext, campaigns: readonly CampaignConfig[]): EngineInUse[] {
  const seen = new Map<string, EngineInUse>();
  for (const campaign of campaigns) {
    if (campaign.from === AUTO_SOURCE) continue;
    const key = `${campaign.engine} ${campaign.from}-${campaign.to}`;
    if (!seen.has(key)) seen.set(key, { engine: () => ctx.engine(campaign.engine), pair: { from: campaign.from, to: campaign.to } });
  }
  return [...seen.values()];
}
