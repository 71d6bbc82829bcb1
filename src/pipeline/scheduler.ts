import { Cron } from 'croner';
import { describeError } from '../domain/errors.js';
import type { HealthCheck } from '../metrics/index.js';
import type { PipelineContext } from './context.js';
import { runCampaigns, type RunSummary } from './run.js';

/** A running schedule; stop it to let the process exit. */
export interface Schedule {
  stop(): Promise<void>;
  /** Resolves when the runs started so far have finished. */
  idle(): Promise<void>;
  /** Whether the schedule runs: when a run last finished, or why the last one failed. */
  health(): HealthCheck;
}

/**
 * Runs every campaign once now, then on its cron schedule. Runs never overlap: SQLite has one
 * writer, and a campaign still running when its next tick comes skips that tick.
 */
export function startSchedule(ctx: PipelineContext, onRun?: (campaignId: string, summary: RunSummary) => void): Schedule {
  let queue: Promise<void> = Promise.resolve();
  const pending = new Set<string>();
  let lastRun: { at: Date; problem?: string } | undefined;
  const enqueue = (campaignId: string) => {
    if (pending.has(campaignId)) return;
    pending.add(campaignId);
    queue = queue.then(async () => {
      try {
        const summary = await runCampaigns(ctx, { campaignIds: [campaignId], respectBackoff: true });
        lastRun = { at: ctx.now() };
        onRun?.(campaignId, summary);
      } catch (error) {
        const reason = describeError(error);
        lastRun = { at: ctx.now(), problem: `campaign ${campaignId}: ${reason}` };
        ctx.logger.error({ campaign: campaignId, reason }, 'campaign run failed');
      } finally {
        pending.delete(campaignId);
      }
    });
  };
  const jobs = ctx.config.campaigns.map(
    (campaign) => new Cron(campaign.schedule, { name: campaign.id, protect: true }, () => enqueue(campaign.id)),
  );
  for (const campaign of ctx.config.campaigns) enqueue(campaign.id);
  return {
    async stop() {
      for (const job of jobs) job.stop();
      await queue;
    },
    idle: () => queue,
    health() {
      if (!lastRun) return { ok: true, detail: pending.size > 0 ? 'first run in progress' : 'started' };
      if (lastRun.problem) return { ok: false, detail: `last run failed at ${lastRun.at.toISOString()}: ${lastRun.problem}` };
      return { ok: true, detail: `last run finished at ${lastRun.at.toISOString()}` };
    },
  };
}
