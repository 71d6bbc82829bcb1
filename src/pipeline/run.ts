import type { CampaignConfig } from '../config/index.js';
import { ConfigError } from '../domain/errors.js';
import type { Stage } from '../domain/types.js';
import type { PipelineContext } from './context.js';
import { retryWhileUnreachable, RUN_DATABASE_WAIT_MS } from './database-wait.js';
import { listRunStops, type EngineStop } from './engine-stops.js';
import { flowStories, leaseOwnerId, stagesUntil, type FlowState } from './flow.js';
import { pollCampaign } from './poll.js';

/** Counts of one run, by what happened, and the engines it stopped. */
export interface RunSummary {
  discovered: number;
  fetched: number;
  extracted: number;
  translated: number;
  published: number;
  skipped: number;
  failed: number;
  held: number;
  sourcesFailed: number;
  /** Engines stopped for a language pair in this run; their stories wait, untouched, for the next run. */
  enginesStopped: EngineStop[];
}

/** Options of one run. */
export interface RunOptions {
  /** Only these campaigns (all when absent). */
  campaignIds?: readonly string[];
  /** Stop after this stage (the rest waits in the database for the next run). */
  until?: Stage;
}

/**
 * Runs the campaigns once: polls their sources, then flows their stories through the stages
 * (flow.ts) until none is ready; stories waiting for a retry later are left for a later run.
 */
export async function runCampaigns(ctx: PipelineContext, options: RunOptions = {}): Promise<RunSummary> {
  const run: FlowState = { summary: emptySummary(), engines: new Map() };
  const campaigns = selectCampaigns(ctx, options.campaignIds);
  for (const campaign of campaigns) {
    // Polling again is harmless: a story already discovered is not discovered twice.
    const polled = await retryWhileUnreachable(ctx.logger, () => pollCampaign(ctx, campaign), { giveUpAfterMs: RUN_DATABASE_WAIT_MS });
    run.summary.discovered += polled.discovered;
    run.summary.sourcesFailed += polled.sourcesFailed;
  }
  if (options.until !== 'poll') {
    await flowStories(ctx, run, { campaigns, stages: stagesUntil(options.until), owner: leaseOwnerId() });
  }
  run.summary.enginesStopped = await listRunStops(ctx, run.engines);
  return run.summary;
}

/** The configured campaigns with these ids (all when none is given); an unknown id is a ConfigError naming the known ones. */
export function selectCampaigns(ctx: PipelineContext, ids: readonly string[] | undefined): CampaignConfig[] {
  if (!ids || ids.length === 0) return [...ctx.config.campaigns];
  const unknown = ids.filter((id) => !ctx.config.campaigns.some((campaign) => campaign.id === id));
  if (unknown.length > 0) {
    const known = ctx.config.campaigns.map((campaign) => campaign.id).join(', ') || 'none';
    throw new ConfigError(`no campaign ${unknown.join(', ')} (campaigns: ${known}; see campaigns[].id in the configuration)`);
  }
  return ctx.config.campaigns.filter((campaign) => ids.includes(campaign.id));
}

/** A summary with every count at zero. */
export function emptySummary(): RunSummary {
  return {
    discovered: 0,
    fetched: 0,
    extracted: 0,
    translated: 0,
    published: 0,
    skipped: 0,
    failed: 0,
    held: 0,
    sourcesFailed: 0,
    enginesStopped: [],
  };
}
