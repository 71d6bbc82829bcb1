import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { CampaignConfig } from '../config/index.js';
import { findDatabaseUnreachable, LeaseLostError } from '../domain/errors.js';
import type { Stage } from '../domain/types.js';
import {
  claimStories,
  countStoriesAwaiting,
  findSourceReady,
  listLeaseOwners,
  releaseLeasesOf,
  renewLeases,
  runFenced,
  type StoryRecord,
} from '../storage/index.js';
import { mapWithConcurrency } from '../util/concurrency.js';
import type { PipelineContext, StoryOutcome } from './context.js';
import { createFlowOutages, type FlowOutages } from './flow-outages.js';
import { isEngineStopped, isEngineWorking, type EngineStandings } from './engine-stops.js';
import type { RunSummary } from './run.js';
import { AUTO_SOURCE } from './source-language.js';
import { runStoryStage, storyStages, type StageStep, type StoryStage } from './story-stage.js';

// Stories flow: each moves to its next stage as soon as it is done with one, each stage works on
// a few stories at once (its concurrency), and the stages nearest to publication claim first.
// Nothing is listed ahead: a stage claims (leases.ts) only as many stories as it has free slots,
// so memory follows the concurrency, not the backlog. Extraction takes the fetched stories of one
// source together, so that they are compared with each other (batch-boilerplate.ts).
// A database that goes away stops the claiming until it answers again (flow-outages.ts); a story
// whose stage it interrupted is left as it was, its lease given back once it can be.

/** What a flow counts and the engines it found working or stopped. */
export interface FlowState {
  summary: RunSummary;
  engines: EngineStandings;
}

/** What to flow and until when. */
export interface FlowOptions {
  campaigns: readonly CampaignConfig[];
  stages: readonly StoryStage[];
  /** Who holds the leases of this flow (leaseOwnerId). */
  owner: string;
  /**
   * Given, the flow waits for work when none is ready, and for a database that went away as long
   * as it takes, and ends when it aborts; absent, it ends when nothing is ready, and waits for the
   * database RUN_DATABASE_WAIT_MS at most.
   */
  signal?: AbortSignal;
  /** With a signal: a `wake` event on it sends a waiting flow to look for ready stories at once (a poll found some). */
  wake?: EventTarget;
  /** With a signal: called each time the flow has nothing ready and nothing in flight, before it waits. */
  onIdle?: () => void;
}

// Most fetched stories of one source extracted as one group.
const EXTRACT_GROUP_LIMIT = 200;
// A continuous flow asks stopped engines again after this long.
const ENGINE_RETRY_MS = 15 * 60_000;

interface Lane {
  step: StageStep;
  /** Stories (groups, for extraction) in flight at once. */
  limit: number;
  active: number;
}

interface Flow {
  ctx: PipelineContext;
  state: FlowState;
  options: FlowOptions;
  campaigns: Map<string, CampaignConfig>;
  leaseMs: number;
  held: Set<number>;
  /** The database going away and coming back (flow-outages.ts). */
  outages: FlowOutages;
  /** Stories left as they were (their engine is stopped): not claimed again by this flow. */
  waiting: Set<number>;
  /** Engine pairs (or `from: auto` campaigns) whose first translation has finished, or is in flight alone. */
  probes: Map<string, 'probing' | 'done'>;
  tasks: Set<Promise<void>>;
  failure?: unknown;
  changed: boolean;
  wake?: () => void;
}

/** An owner id for this process's leases: host, pid and a random part. */
export function leaseOwnerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** The story stages up to and including `until` (all of them when it is absent or not a story stage). */
export function stagesUntil(until: Stage | undefined): StoryStage[] {
  const stages = storyStages.map((step) => step.stage);
  const last = stages.findIndex((stage) => stage === until);
  return last < 0 ? stages : stages.slice(0, last + 1);
}

/** Flows the campaigns' ready stories through the given stages (see FlowOptions for when it ends). */
export async function flowStories(ctx: PipelineContext, state: FlowState, options: FlowOptions): Promise<void> {
  const settings = ctx.config.pipeline;
  const flow: Flow = {
    ctx,
    state,
    options,
    campaigns: new Map(options.campaigns.map((campaign) => [campaign.id, campaign])),
    leaseMs: settings.lease_seconds * 1000,
    held: new Set(),
    outages: createFlowOutages(ctx, {
      owner: options.owner,
      ...(options.signal ? { signal: options.signal } : {}),
      onGiveUp: (error) => (flow.failure ??= error),
      onOver: () => {
        flow.changed = true;
        flow.wake?.();
      },
    }),
    waiting: new Set(),
    probes: new Map(),
    tasks: new Set(),
    changed: false,
  };
  // Later stages first: a translated story is published before new pages are fetched.
  const lanes: Lane[] = [...storyStages]
    .reverse()
    .filter((step) => options.stages.includes(step.stage))
    .map((step) => ({ step, limit: step.stage === 'extract' ? 1 : settings.concurrency[step.stage], active: 0 }));
  const renewal = setInterval(() => void renewHeld(flow), flow.leaseMs / 3);
  renewal.unref();
  const onAbort = () => flow.wake?.();
  const onWake = () => {
    flow.changed = true;
    flow.wake?.();
  };
  options.signal?.addEventListener('abort', onAbort);
  options.wake?.addEventListener('wake', onWake);
  try {
    await flow.outages.whileReachable(async () => {
      await releaseLeasesOfGoneProcesses(ctx);
      await reportStarted(flow);
    });
    await flowUntilDone(flow, lanes);
  } finally {
    await Promise.all([...flow.tasks]);
    clearInterval(renewal);
    options.signal?.removeEventListener('abort', onAbort);
    options.wake?.removeEventListener('wake', onWake);
    await flow.outages.releaseAtEnd([...flow.held]);
    for (const campaign of options.campaigns) for (const stage of options.stages) ctx.progress.stageFinished(campaign.id, stage);
  }
  // The pages of what was published are rendered before the flow says it is done.
  await ctx.site.idle();
  if (flow.failure !== undefined) throw flow.failure;
}

async function flowUntilDone(flow: Flow, lanes: readonly Lane[]): Promise<void> {
  const { signal } = flow.options;
  let standingsSince = Date.now();
  while (!signal?.aborted && flow.failure === undefined) {
    if (flow.outages.current) {
      await flow.outages.current;
      continue;
    }
    if (signal && Date.now() - standingsSince > ENGINE_RETRY_MS) {
      standingsSince = Date.now();
      forgetEngineStandings(flow);
    }
    flow.changed = false;
    let claimed: number;
    try {
      claimed = await claimIntoLanes(flow, lanes);
    } catch (error) {
      flow.outages.wait(error);
      continue;
    }
    // A task that finished while this sweep claimed may have readied stories for a lane it had passed.
    if (claimed === 0 && flow.tasks.size === 0 && !flow.changed) {
      if (!signal) return;
      flow.options.onIdle?.();
    }
    // Work for a stage appears when a story finishes the one before (or, continuously, when a source is polled).
    await waitForChange(flow, signal ? flow.ctx.config.pipeline.idle_check_seconds * 1000 : undefined);
  }
}

async function claimIntoLanes(flow: Flow, lanes: readonly Lane[]): Promise<number> {
  let claimed = 0;
  for (const lane of lanes) {
    if (lane.active >= lane.limit) continue;
    if (lane.step.stage === 'extract') claimed += await claimExtractGroup(flow, lane);
    else if (lane.step.stage === 'translate') claimed += await claimTranslations(flow, lane);
    else {
      const stories = await claim(flow, lane.step, [...flow.campaigns.keys()], lane.limit - lane.active);
      for (const story of stories) startTask(flow, lane, () => runOne(flow, lane.step, story));
      claimed += stories.length;
    }
  }
  return claimed;
}

// The fetched stories of one source whose stories are all fetched, extracted together after the
// group is compared (the stage's prepare); the stories of the group run at the stage's concurrency.
async function claimExtractGroup(flow: Flow, lane: Lane): Promise<number> {
  const { ctx, campaigns } = flow;
  const campaignIds = [...campaigns.keys()];
  const request = { stage: lane.step.stage, campaignIds, maxAttempts: lane.step.maxAttempts, now: ctx.now(), exceptIds: exceptedStories(flow) };
  const sourceId = await findSourceReady(ctx.db, request);
  if (sourceId === undefined) return 0;
  const group = await claim(flow, lane.step, campaignIds, EXTRACT_GROUP_LIMIT, sourceId);
  const campaign = group[0] && campaigns.get(group[0].campaign_id);
  if (!campaign) return 0;
  startTask(flow, lane, async () => {
    try {
      await lane.step.prepare?.(ctx, campaign, group);
    } catch (error) {
      // None of the group was started: all of it is given back.
      for (const story of group) if (flow.held.delete(story.id)) flow.outages.keep(story.id);
      throw error;
    }
    await mapWithConcurrency(group, ctx.config.pipeline.concurrency.extract ?? ctx.extractor.threads, (story) => runOne(flow, lane.step, story));
  });
  return group.length;
}

// An engine not yet seen translating gets one story of a campaign alone first: one that cannot
// translate the pair is then asked once, not once per story in flight. A campaign whose engine
// is stopped for its pair is not claimed from: its stories wait, untouched.
async function claimTranslations(flow: Flow, lane: Lane): Promise<number> {
  let claimed = 0;
  for (const campaign of flow.campaigns.values()) {
    const free = lane.limit - lane.active;
    if (free <= 0) break;
    const pair = campaign.from === AUTO_SOURCE ? undefined : { from: campaign.from, to: campaign.to };
    if (pair && isEngineStopped(flow.state.engines, campaign.engine, pair)) continue;
    // Campaigns on one engine and pair share their probe; under `from: auto` each story brings its own pair.
    const probeKey = pair ? `${campaign.engine} ${pair.from}→${pair.to}` : `${campaign.id} auto`;
    const probe = flow.probes.get(probeKey);
    const open = probe === 'done' || (pair !== undefined && isEngineWorking(flow.state.engines, campaign.engine, pair));
    if (!open && probe === 'probing') continue;
    const stories = await claim(flow, lane.step, [campaign.id], open ? free : 1);
    if (!open && stories.length > 0) flow.probes.set(probeKey, 'probing');
    for (const story of stories) {
      startTask(flow, lane, async () => {
        await runOne(flow, lane.step, story);
        if (!open) flow.probes.set(probeKey, 'done');
      });
    }
    claimed += stories.length;
  }
  return claimed;
}

async function claim(flow: Flow, step: StageStep, campaignIds: string[], limit: number, sourceId?: number): Promise<StoryRecord[]> {
  const { ctx, options } = flow;
  const stories = await claimStories(ctx.db, {
    owner: options.owner,
    stage: step.stage,
    campaignIds,
    maxAttempts: step.maxAttempts,
    limit,
    leaseMs: flow.leaseMs,
    now: ctx.now(),
    ...(sourceId !== undefined ? { sourceId } : {}),
    exceptIds: exceptedStories(flow),
  });
  for (const story of stories) flow.held.add(story.id);
  return stories;
}

// Stories not to claim: those left waiting, and those in flight here (a lease that ran out while
// the database was away must not bring a second task on the same story).
function exceptedStories(flow: Flow): number[] {
  return [...flow.waiting, ...flow.held];
}

// Runs a stage on a claimed story under its lease, then gives the lease up.
async function runOne(flow: Flow, step: StageStep, story: StoryRecord): Promise<void> {
  const { ctx, options, state } = flow;
  const campaign = flow.campaigns.get(story.campaign_id);
  try {
    // A story claimed but not started when the flow stops (or the database is away) is given back as it is.
    if (!campaign || options.signal?.aborted || flow.failure !== undefined || flow.outages.current) return;
    const outcome = await runFenced(options.owner, () => runStoryStage(ctx, campaign, step, story, state.engines));
    if (outcome === 'waiting') flow.waiting.add(story.id);
    countOutcome(state.summary, step.stage, outcome);
    ctx.progress.storyFinished(campaign.id, step.stage, outcome);
  } catch (error) {
    if (error instanceof LeaseLostError) {
      ctx.logger.warn({ campaign: story.campaign_id, story: story.id, stage: step.stage, owner: options.owner }, 'lease lost: story left to the worker that took it over');
      return;
    }
    // Nothing of this attempt is recorded: the story stays as it was, for this worker or another.
    flow.outages.wait(error);
  } finally {
    flow.held.delete(story.id);
    await flow.outages.giveBack(story.id);
  }
}

function startTask(flow: Flow, lane: Lane, work: () => Promise<void>): void {
  lane.active += 1;
  const task: Promise<void> = work()
    .catch((error: unknown) => {
      if (findDatabaseUnreachable(error)) flow.outages.wait(error);
      else flow.failure ??= error;
    })
    .finally(() => {
      lane.active -= 1;
      flow.tasks.delete(task);
      flow.changed = true;
      flow.wake?.();
    });
  flow.tasks.add(task);
}

// Resolves when a task finishes, the flow aborts or `timeoutMs` passes; at once when something changed already.
async function waitForChange(flow: Flow, timeoutMs: number | undefined): Promise<void> {
  if (flow.changed || flow.options.signal?.aborted) return;
  if (flow.tasks.size === 0 && timeoutMs === undefined) return;
  await new Promise<void>((resolve) => {
    const timer = timeoutMs === undefined ? undefined : setTimeout(resolve, timeoutMs);
    flow.wake = () => {
      if (timer) clearTimeout(timer);
      resolve();
    };
  });
  flow.wake = undefined;
}

async function renewHeld(flow: Flow): Promise<void> {
  const { ctx, options } = flow;
  const ids = [...flow.held];
  try {
    const kept = new Set(await renewLeases(ctx.db, options.owner, ids, flow.leaseMs, ctx.now()));
    const lost = ids.filter((id) => !kept.has(id) && flow.held.has(id));
    if (lost.length > 0) ctx.logger.warn({ owner: options.owner, stories: lost }, 'leases ran out before they were renewed; their stories go to whoever took them');
  } catch (error) {
    // An outage is logged once, by the wait for the database.
    if (!findDatabaseUnreachable(error)) ctx.logger.warn({ owner: options.owner, reason: String(error) }, 'could not renew leases; trying again');
  }
}

// A process of this host that is gone (killed, crashed) holds its leases no more: its stories are
// taken at once rather than when the leases run out. Those of other hosts wait for their expiry.
async function releaseLeasesOfGoneProcesses(ctx: PipelineContext): Promise<void> {
  for (const owner of await listLeaseOwners(ctx.db, ctx.now())) {
    const [host, pid] = owner.split(':');
    if (host !== hostname() || !pid || isProcessAlive(Number(pid))) continue;
    const released = await releaseLeasesOf(ctx.db, owner);
    if (released > 0) ctx.logger.info({ owner, stories: released }, 'leases of a process that is gone released');
  }
}

function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function forgetEngineStandings(flow: Flow): void {
  flow.state.engines.clear();
  flow.waiting.clear();
  flow.probes.clear();
}

// Each stage's bar counts the stories waiting for it or for a stage before it.
async function reportStarted(flow: Flow): Promise<void> {
  const { ctx, options } = flow;
  for (const campaign of options.campaigns) {
    let total = 0;
    for (const step of storyStages) {
      if (!options.stages.includes(step.stage)) continue;
      total += await countStoriesAwaiting(ctx.db, [campaign.id], step.stage, { maxAttempts: step.maxAttempts });
      ctx.progress.stageStarted(campaign.id, step.stage, total);
    }
  }
}

type Counter = Exclude<keyof RunSummary, 'enginesStopped'>;
const doneCounter: Record<StoryStage, Counter> = {
  fetch: 'fetched',
  extract: 'extracted',
  translate: 'translated',
  publish: 'published',
};

function countOutcome(summary: RunSummary, stage: StoryStage, outcome: StoryOutcome): void {
  // Waiting stories are counted per stopped engine at the end of the run (enginesStopped).
  if (outcome === 'waiting') return;
  if (outcome === 'done') summary[doneCounter[stage]] += 1;
  else summary[outcome] += 1;
}
