import type { Config } from '../../config/index.js';
import { ConfigError, findDatabaseUnreachable } from '../../domain/errors.js';
import { createMetrics } from '../../metrics/index.js';
import {
  emptySummary,
  flowStories,
  leaseOwnerId,
  openPipeline,
  retryWhileUnreachable,
  selectCampaigns,
  type OpenPipeline,
  type StoryStage,
} from '../../pipeline/index.js';
import { createLogger } from '../logger.js';
import { formatSummary } from './run.js';

/** The stages a worker may take, in pipeline order. */
export const WORKER_STAGES: readonly StoryStage[] = ['fetch', 'extract', 'translate', 'publish'];

/** Options of `relais worker`. */
export interface WorkerOptions {
  stages?: readonly string[];
  campaign?: string[];
}

/**
 * Claims and processes stories of the given stages until SIGINT or SIGTERM, then finishes or
 * releases what it holds and prints what it did. Several workers, on one machine or many, share
 * one database: each story is leased to one of them at a time (storage/leases.ts).
 */
export async function runWorker(config: Readonly<Config>, options: WorkerOptions = {}): Promise<void> {
  const stages = parseStages(options.stages);
  const logger = createLogger();
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const owner = leaseOwnerId();
  let pipeline: OpenPipeline | undefined;
  try {
    // A worker started before its database server waits for it, as it does when the server goes away later (flow.ts).
    const open = () => openPipeline(config, { logger, metrics: createMetrics() });
    pipeline = await retryWhileUnreachable(logger, open, { signal: stop.signal }).catch((error: unknown) => {
      // Stopped while it waited: it had nothing to finish.
      if (stop.signal.aborted && findDatabaseUnreachable(error)) return undefined;
      throw error;
    });
    if (!pipeline) return;
    const campaigns = selectCampaigns(pipeline.ctx, options.campaign);
    const state = { summary: emptySummary(), engines: new Map() };
    logger.info({ owner, stages, campaigns: campaigns.map((campaign) => campaign.id) }, 'worker started');
    await flowStories(pipeline.ctx, state, { campaigns, stages, owner, signal: stop.signal });
    process.stdout.write(`${formatSummary(state.summary)}\n`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await pipeline?.close();
  }
}

function parseStages(names: readonly string[] | undefined): StoryStage[] {
  if (!names || names.length === 0) return [...WORKER_STAGES];
  const wanted = names.flatMap((name) => name.split(',')).map((name) => name.trim()).filter(Boolean);
  const unknown = wanted.filter((name) => !WORKER_STAGES.includes(name as StoryStage));
  if (unknown.length > 0) {
    throw new ConfigError(`unknown stage ${unknown.join(', ')} for --stages (stages: ${WORKER_STAGES.join(', ')})`);
  }
  return WORKER_STAGES.filter((stage) => wanted.includes(stage));
}
