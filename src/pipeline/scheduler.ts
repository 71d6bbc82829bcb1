import { Cron } from 'croner';
import type { CampaignConfig } from '../config/index.js';
import { describeError, findDatabaseUnreachable } from '../domain/errors.js';
import type { HealthCheck } from '../metrics/index.js';
import { ensureSource, type SourceRecord } from '../storage/index.js';
import type { PipelineContext } from './context.js';
import { listRunStops } from './engine-stops.js';
import { flowStories, leaseOwnerId, stagesUntil, type FlowState } from './flow.js';
import { pollOneSource } from './poll.js';
import { emptySummary, type RunSummary } from './run.js';

// `relais start` runs two loops until it is stopped. The poller polls each source when it is due:
// its campaign's `poll_interval_seconds` after its last poll, or the next tick of its `schedule`,
// later when it failed (the retry backoff), at most `concurrency.poll` sources at once. The flow
// (flow.ts) works on the ready stories all the while, at each stage's concurrency, and is woken
// when a poll finds new stories. Due times live on the sources (next_poll_at), so a restart keeps
// each source's pace and backoff.

/** A running schedule; stop it to let the process exit. */
export interface Schedule {
  /** Stops polling and flowing; the polls and stories in flight finish and their leases are released. */
  stop(): Promise<void>;
  /** Whether polling and the flow work: when a source was last polled, or why polling or the flow failed. */
  health(): HealthCheck;
}

/** What the schedule tells its caller. */
export interface ScheduleHooks {
  /** The flow has caught up (nothing ready, nothing in flight); with what was done since the last call. */
  onCaughtUp?: (summary: RunSummary) => void;
}

interface DueSource {
  campaign: CampaignConfig;
  url: string;
  /** When it is to be polled (ms since the epoch); Infinity when its schedule has no tick left. */
  dueAt: number;
  polling: boolean;
  failing: boolean;
}

interface Problem {
  at: Date;
  reason: string;
}

interface Loops {
  ctx: PipelineContext;
  signal: AbortSignal;
  /** Dispatches `wake` when a poll found new stories. */
  wake: EventTarget;
  flow: FlowState;
  sources: DueSource[];
  lastPollAt?: Date;
  pollProblem?: Problem;
  flowProblem?: Problem;
  caughtUpAt?: Date;
}

/** Starts polling the configured campaigns' sources and flowing their stories, until stopped. */
export function startSchedule(ctx: PipelineContext, hooks: ScheduleHooks = {}): Schedule {
  const stopping = new AbortController();
  const loops: Loops = {
    ctx,
    signal: stopping.signal,
    wake: new EventTarget(),
    flow: { summary: emptySummary(), engines: new Map() },
    sources: [],
  };
  const reports = new Set<Promise<void>>();
  let reported = emptySummary();
  const onIdle = () => {
    loops.caughtUpAt = ctx.now();
    loops.flowProblem = undefined;
    const since = countsSince(loops.flow.summary, reported);
    if (!since) return;
    reported = { ...loops.flow.summary };
    const report: Promise<void> = listRunStops(ctx, loops.flow.engines)
      .then((enginesStopped) => hooks.onCaughtUp?.({ ...since, enginesStopped }))
      .catch((error: unknown) => ctx.logger.warn({ reason: describeError(error) }, 'could not report what the flow did'))
      .finally(() => reports.delete(report));
    reports.add(report);
  };
  const running = ctx.config.campaigns.length === 0 ? [] : [pollContinuously(loops), flowContinuously(loops, onIdle)];
  return {
    async stop() {
      stopping.abort();
      await Promise.all(running);
      await Promise.all([...reports]);
    },
    health: () => describeHealth(loops),
  };
}

async function pollContinuously(loops: Loops): Promise<void> {
  const { ctx, signal } = loops;
  const limit = ctx.config.pipeline.concurrency.poll;
  const retryMs = ctx.config.pipeline.idle_check_seconds * 1000;
  const schedules = new Map(ctx.config.campaigns.map((campaign) => [campaign.id, pollSchedule(campaign)]));
  const polls = new Set<Promise<void>>();
  let changed: (() => void) | undefined;
  while (!signal.aborted && loops.sources.length === 0) {
    try {
      loops.sources = await loadDueSources(ctx, schedules);
    } catch (error) {
      loops.pollProblem = { at: ctx.now(), reason: describeError(error) };
      ctx.logger.error({ reason: loops.pollProblem.reason }, `could not read the sources; trying again in ${retryMs / 1000} s`);
      await sleep(retryMs, signal);
    }
  }
  while (!signal.aborted) {
    const now = ctx.now().getTime();
    const due = loops.sources.filter((source) => !source.polling && source.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt);
    for (const source of due.slice(0, Math.max(0, limit - polls.size))) {
      source.polling = true;
      const poll: Promise<void> = pollDueSource(loops, source, schedules.get(source.campaign.id)!, retryMs).finally(() => {
        source.polling = false;
        polls.delete(poll);
        changed?.();
      });
      polls.add(poll);
    }
    const next = Math.min(...loops.sources.filter((source) => !source.polling).map((source) => source.dueAt));
    const waitMs = polls.size >= limit ? Infinity : next - ctx.now().getTime();
    await sleep(waitMs, signal, (wake) => (changed = wake));
    changed = undefined;
  }
  await Promise.all([...polls]);
}

async function pollDueSource(loops: Loops, source: DueSource, schedule: PollSchedule, retryMs: number): Promise<void> {
  const { ctx, flow } = loops;
  try {
    const record = await ensureSource(ctx.db, source.campaign.id, source.url);
    const polled = await pollOneSource(ctx, source.campaign, record, schedule.after(ctx.now()));
    source.dueAt = polled.nextPollAt === null ? Infinity : Date.parse(polled.nextPollAt);
    source.failing = !polled.ok;
    loops.lastPollAt = ctx.now();
    loops.pollProblem = undefined;
    if (!polled.ok) flow.summary.sourcesFailed += 1;
    else if (polled.discovered > 0) {
      flow.summary.discovered += polled.discovered;
      loops.wake.dispatchEvent(new Event('wake'));
    }
  } catch (error) {
    // The database, not the source: the source is tried again shortly.
    source.dueAt = ctx.now().getTime() + retryMs;
    loops.pollProblem = { at: ctx.now(), reason: `${source.url}: ${describeError(error)}` };
    // An unreachable database is logged once per outage, by the flow's wait for it (flow-outages.ts).
    const level = findDatabaseUnreachable(error) ? 'debug' : 'error';
    ctx.logger[level]({ campaign: source.campaign.id, source: source.url, reason: describeError(error) }, 'could not poll the source; trying again');
  }
}

async function flowContinuously(loops: Loops, onIdle: () => void): Promise<void> {
  const { ctx, signal } = loops;
  const options = { campaigns: ctx.config.campaigns, stages: stagesUntil(undefined), owner: leaseOwnerId(), signal, wake: loops.wake, onIdle };
  const retryMs = ctx.config.pipeline.idle_check_seconds * 1000;
  while (!signal.aborted) {
    try {
      await flowStories(ctx, loops.flow, options);
    } catch (error) {
      loops.flowProblem = { at: ctx.now(), reason: describeError(error) };
      ctx.logger.error({ reason: loops.flowProblem.reason }, `the flow of stories failed; starting it again in ${retryMs / 1000} s`);
      await sleep(retryMs, signal);
    }
  }
}

/** When a campaign's sources are due after a poll at a given instant (null: never again). */
interface PollSchedule {
  after(instant: Date): Date | undefined;
}

function pollSchedule(campaign: CampaignConfig): PollSchedule {
  const seconds = campaign.poll_interval_seconds;
  if (seconds !== undefined) return { after: (instant) => new Date(instant.getTime() + seconds * 1000) };
  const cron = new Cron(campaign.schedule, { paused: true });
  return { after: (instant) => cron.nextRun(instant) ?? undefined };
}

// A source is due at its stored next poll; one that has not failed is due sooner when its
// schedule changed to a shorter one since. A source never polled is due now.
async function loadDueSources(ctx: PipelineContext, schedules: Map<string, PollSchedule>): Promise<DueSource[]> {
  const sources: DueSource[] = [];
  const now = ctx.now().getTime();
  for (const campaign of ctx.config.campaigns) {
    for (const url of campaign.sources) {
      const record = await ensureSource(ctx.db, campaign.id, url);
      sources.push({ campaign, url, dueAt: storedDueAt(record, schedules.get(campaign.id)!, now), polling: false, failing: record.errorCount > 0 });
    }
  }
  return sources;
}

function storedDueAt(record: SourceRecord, schedule: PollSchedule, now: number): number {
  if (record.nextPollAt === null || record.lastPolledAt === null) return now;
  const stored = Date.parse(record.nextPollAt);
  if (record.errorCount > 0) return stored;
  const regular = schedule.after(new Date(record.lastPolledAt))?.getTime() ?? Infinity;
  return Math.min(stored, regular);
}

function describeHealth(loops: Loops): HealthCheck {
  const { flowProblem, pollProblem, lastPollAt } = loops;
  if (flowProblem) return { ok: false, detail: `the flow of stories failed at ${flowProblem.at.toISOString()}: ${flowProblem.reason}` };
  if (pollProblem) return { ok: false, detail: `polling failed at ${pollProblem.at.toISOString()}: ${pollProblem.reason}` };
  if (!lastPollAt) return { ok: true, detail: 'first polls in progress' };
  const failing = loops.sources.filter((source) => source.failing).length;
  const sources = failing > 0 ? `; ${failing} of ${loops.sources.length} sources failing (relais sources list says why)` : '';
  const flow = loops.caughtUpAt ? `; stories caught up at ${loops.caughtUpAt.toISOString()}` : '; stories flowing';
  return { ok: true, detail: `last poll at ${lastPollAt.toISOString()}${sources}${flow}` };
}

type Counter = Exclude<keyof RunSummary, 'enginesStopped'>;

// The counts of `now` less those of `before`, or undefined when none changed.
function countsSince(now: RunSummary, before: RunSummary): RunSummary | undefined {
  const since = emptySummary();
  let changed = false;
  for (const key of Object.keys(since) as (keyof RunSummary)[]) {
    if (key === 'enginesStopped') continue;
    const counter: Counter = key;
    since[counter] = now[counter] - before[counter];
    if (since[counter] !== 0) changed = true;
  }
  return changed ? since : undefined;
}

// Resolves after `ms` (never, for Infinity), when the signal aborts, or when the function handed to `wakeWith` is called.
function sleep(ms: number, signal: AbortSignal, wakeWith?: (wake: () => void) => void): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    // setTimeout's longest delay is 2^31-1 ms; a longer wait wakes early and looks again.
    const timer = Number.isFinite(ms) ? setTimeout(done, Math.min(Math.max(ms, 0), 2 ** 31 - 1)) : undefined;
    signal.addEventListener('abort', done);
    wakeWith?.(done);
  });
}
