import cliProgress from 'cli-progress';
import type { Stage } from '../domain/types.js';
import type { ProgressReporter, StoryOutcome } from '../pipeline/index.js';

/**
 * A progress bar per stage on a terminal; plain lines otherwise (logs and CI stay readable).
 * Writes to stderr so stdout carries only the summary.
 */
export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  return stream.isTTY ? createBarReporter(stream) : createLineReporter(stream);
}

// Stages run side by side as stories flow: a bar per campaign and stage, its total raised when
// more stories reach the stage than were waiting when it started.
function createBarReporter(stream: NodeJS.WriteStream): ProgressReporter {
  let bars: cliProgress.MultiBar | undefined;
  const byStage = new Map<string, cliProgress.SingleBar>();
  const key = (campaignId: string, stage: Stage) => `${campaignId} ${stage}`;
  return {
    stageStarted(campaignId, stage, total) {
      bars ??= new cliProgress.MultiBar(
        { stream, format: '{campaign} {stage} {bar} {value}/{total} {outcomes}', hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
      byStage.set(key(campaignId, stage), bars.create(total, 0, { campaign: campaignId, stage: stage.padEnd(9), outcomes: '' }));
    },
    storyFinished(campaignId, stage, outcome) {
      const bar = byStage.get(key(campaignId, stage));
      if (!bar) return;
      if (bar.getProgress() >= 1) bar.setTotal(bar.getTotal() + 1);
      bar.increment(1, { outcomes: outcome === 'done' ? '' : outcome });
    },
    stageFinished(campaignId, stage) {
      byStage.delete(key(campaignId, stage));
      if (byStage.size === 0) {
        bars?.stop();
        bars = undefined;
      }
    },
  };
}

function createLineReporter(stream: NodeJS.WriteStream): ProgressReporter {
  const counts = new Map<string, Record<StoryOutcome, number>>();
  const key = (campaignId: string, stage: Stage) => `${campaignId} ${stage}`;
  return {
    stageStarted(campaignId, stage, total) {
      counts.set(key(campaignId, stage), { done: 0, skipped: 0, failed: 0, held: 0, waiting: 0 });
      if (total > 0) stream.write(`${campaignId}: ${stage} ${total}\n`);
    },
    storyFinished(campaignId, stage, outcome) {
      const entry = counts.get(key(campaignId, stage));
      if (entry) entry[outcome] += 1;
    },
    stageFinished(campaignId, stage) {
      const entry = counts.get(key(campaignId, stage));
      if (!entry) return;
      const total = entry.done + entry.skipped + entry.failed + entry.held + entry.waiting;
      if (total > 0) {
        const waiting = entry.waiting > 0 ? `, waiting for the engine ${entry.waiting}` : '';
        stream.write(
          `${campaignId}: ${stage} done ${entry.done}, skipped ${entry.skipped}, failed ${entry.failed}, held ${entry.held}${waiting}\n`,
        );
      }
    },
  };
}
