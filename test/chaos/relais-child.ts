import { spawn } from 'node:child_process';
import { relaisBin } from '../support/run-relais.js';

/** Where a `relais run` process was: before its first stage, or in one of the stages it reports. */
export const chaosStages = ['startup', 'poll', 'fetch', 'extract', 'translate', 'publish'] as const;
export type ChaosStage = (typeof chaosStages)[number];

/** When one stage started and ended, in ms after the process was spawned. */
export interface StageWindow {
  startMs: number;
  endMs: number;
}

/** How one child process ended. */
export type ChildEnd =
  | { kind: 'killed'; stage: ChaosStage; atMs: number }
  | { kind: 'exited'; code: number | null; stdout: string; stderr: string; windows: Partial<Record<ChaosStage, StageWindow>> }
  | { kind: 'hung'; stage: ChaosStage };

/** When to send SIGKILL: `fraction` of the way into `stage` (its length taken from a calibration run). */
export interface KillPlan {
  stage: ChaosStage;
  fraction: number;
  windows: Partial<Record<ChaosStage, StageWindow>>;
}

// The line reporter (stderr, not a terminal) prints "<campaign>: <stage> <n>" when a stage
// starts with work and "<campaign>: <stage> done …" when it ends.
const startedLine = /^[^\s:]+: (poll|fetch|extract|translate|publish) \d+$/;
const finishedLine = /^[^\s:]+: (poll|fetch|extract|translate|publish) done /;

/**
 * Runs `relais run --config FILE`; with a plan, kills it with SIGKILL at the planned moment. The
 * stage of the kill is read from everything the process wrote before it died (stderr is written
 * synchronously, so nothing it reported is lost), never from the plan.
 */
export function runRelaisChild(configFile: string, plan: KillPlan | null, options: { timeoutMs: number }): Promise<ChildEnd> {
  const child = spawn(process.execPath, [relaisBin, 'run', '--config', configFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RELAIS_LOG_LEVEL: 'warn' },
  });
  const spawnedAt = performance.now();
  let stdout = '';
  let stderr = '';
  let pending = '';
  let current: ChaosStage = 'startup';
  let killedAtMs = -1;
  let hung = false;
  let timer: NodeJS.Timeout | undefined;
  const windows: Partial<Record<ChaosStage, StageWindow>> = {};
  const elapsed = (): number => performance.now() - spawnedAt;
  const kill = (): void => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    killedAtMs = elapsed();
    child.kill('SIGKILL');
  };
  const killLater = (stage: ChaosStage): void => {
    if (!plan || timer) return;
    const window = plan.windows[stage];
    const length = window ? Math.max(1, window.endMs - window.startMs) : 50;
    timer = setTimeout(kill, plan.fraction * length);
  };
  const onLine = (line: string): void => {
    const started = startedLine.exec(line);
    if (started) {
      current = started[1] as ChaosStage;
      windows[current] = { startMs: elapsed(), endMs: elapsed() };
      // A planned stage with nothing to do never starts: the kill then lands in the next one that does.
      if (plan && chaosStages.indexOf(current) >= chaosStages.indexOf(plan.stage)) killLater(current);
      return;
    }
    const finished = finishedLine.exec(line);
    const window = finished ? windows[finished[1] as ChaosStage] : undefined;
    if (window) window.endMs = elapsed();
  };
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    lines.forEach(onLine);
  });
  if (plan?.stage === 'startup') killLater('startup');
  const watchdog = setTimeout(() => {
    hung = true;
    kill();
  }, options.timeoutMs);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(watchdog);
      if (pending) onLine(pending);
      if (signal === 'SIGKILL' && killedAtMs >= 0) {
        // The stage is the last one the process reported starting before it died.
        resolve(hung ? { kind: 'hung', stage: current } : { kind: 'killed', stage: current, atMs: killedAtMs });
        return;
      }
      resolve({ kind: 'exited', code, stdout, stderr, windows });
    });
  });
}
