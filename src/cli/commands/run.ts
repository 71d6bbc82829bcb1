import type { Config } from '../../config/index.js';
import type { Stage } from '../../domain/types.js';
import { describeEngineStop, openPipeline, type RunSummary, runCampaigns } from '../../pipeline/index.js';
import { createLogger } from '../logger.js';
import { createProgressReporter } from '../progress.js';

/** Options of `relais run`. */
export interface RunCommandOptions {
  campaign?: string[];
  until?: Stage;
}

/** One pass of every campaign; prints the summary and returns it. */
export async function runOnce(config: Readonly<Config>, options: RunCommandOptions): Promise<RunSummary> {
  const logger = createLogger();
  const pipeline = await openPipeline(config, { logger, progress: createProgressReporter() });
  try {
    const summary = await runCampaigns(pipeline.ctx, {
      ...(options.campaign ? { campaignIds: options.campaign } : {}),
      ...(options.until ? { until: options.until } : {}),
    });
    process.stdout.write(`${formatSummary(summary)}\n`);
    return summary;
  } finally {
    await pipeline.close();
  }
}

/** The summary of a run: a line per engine it stopped, then the counts on one line. */
export function formatSummary(summary: RunSummary): string {
  const stops = summary.enginesStopped.map((stop) => `${describeEngineStop(stop)}\n`).join('');
  return `${stops}${formatCounts(summary)}`;
}

function formatCounts(summary: RunSummary): string {
  const parts = [
    `discovered ${summary.discovered}`,
    `fetched ${summary.fetched}`,
    `extracted ${summary.extracted}`,
    `translated ${summary.translated}`,
    `published ${summary.published}`,
    `skipped ${summary.skipped}`,
    `failed ${summary.failed}`,
  ];
  if (summary.held > 0) parts.push(`held ${summary.held}`);
  if (summary.sourcesFailed > 0) parts.push(`sources failed ${summary.sourcesFailed}`);
  return `summary: ${parts.join(', ')}`;
}
