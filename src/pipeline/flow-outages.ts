import { findDatabaseUnreachable } from '../domain/errors.js';
import { pingDatabase, releaseLeases } from '../storage/index.js';
import type { PipelineContext } from './context.js';
import { retryWhileUnreachable, RUN_DATABASE_WAIT_MS } from './database-wait.js';

// A flow (flow.ts) whose database goes away claims nothing until it answers again: one wait at a
// time, however many of its tasks meet the outage, logged once (database-wait.ts). The stories
// it was working on are left as they were; their leases are given back once the database
// answers, or run out if the flow ends first.

/** What a flow does about its database going away. */
export interface FlowOutages {
  /** The wait for the database in progress, if any. */
  readonly current: Promise<void> | undefined;
  /** When `error` says the database is unreachable, starts waiting for it unless a wait is on or the flow ends; throws any other error. */
  wait(error: unknown): void;
  /** Gives a story's lease back now, or once the database answers when it is away. */
  giveBack(storyId: number): Promise<void>;
  /** Keeps a story's lease to give back with the others (once the database answers, or at the end). */
  keep(storyId: number): void;
  /** Runs work that needs the database, again after each wait; ends without it when the flow does. */
  whileReachable(work: () => Promise<void>): Promise<void>;
  /** Gives back the leases still held as the flow ends, and those kept; with the database away they run out. */
  releaseAtEnd(held: readonly number[]): Promise<void>;
}

/** What the flow tells the outages and hears from them. */
export interface FlowOutageOptions {
  owner: string;
  /** The flow's signal: given, it waits as long as it takes; absent, RUN_DATABASE_WAIT_MS at most. */
  signal?: AbortSignal;
  /** The wait was given up on: the flow fails with this error. */
  onGiveUp(error: unknown): void;
  /** A wait is over (the database answers, or the flow ends). */
  onOver(): void;
}

/** The outage handling of one flow. */
export function createFlowOutages(ctx: PipelineContext, options: FlowOutageOptions): FlowOutages {
  const { owner, signal } = options;
  const unreleased = new Set<number>();
  let current: Promise<void> | undefined;
  let gaveUp: { error: unknown } | undefined;

  // Each try gives back the leases kept, if any: it asks the database something either way.
  const probe = async () => {
    const ids = [...unreleased];
    if (ids.length === 0) return pingDatabase(ctx.db);
    await releaseLeases(ctx.db, owner, ids);
    for (const id of ids) unreleased.delete(id);
  };

  const wait = (error: unknown) => {
    const unreachable = findDatabaseUnreachable(error);
    if (!unreachable) throw error;
    // A flow that is ending waits for nothing.
    if (current || signal?.aborted || gaveUp) return;
    const bound = signal ? { signal } : { giveUpAfterMs: RUN_DATABASE_WAIT_MS };
    current = retryWhileUnreachable(ctx.logger, probe, { ...bound, failed: unreachable })
      .then(
        () => undefined,
        (failure: unknown) => {
          if (signal?.aborted) return;
          gaveUp = { error: failure };
          options.onGiveUp(failure);
        },
      )
      .finally(() => {
        current = undefined;
        options.onOver();
      });
  };

  return {
    get current() {
      return current;
    },
    wait,
    async giveBack(storyId) {
      if (!current) {
        try {
          await releaseLeases(ctx.db, owner, [storyId]);
          return;
        } catch (error) {
          wait(error);
        }
      }
      unreleased.add(storyId);
    },
    keep(storyId) {
      unreleased.add(storyId);
    },
    async whileReachable(work) {
      for (;;) {
        try {
          return await work();
        } catch (error) {
          wait(error);
          await current;
          if (gaveUp) throw gaveUp.error;
          if (signal?.aborted) return;
        }
      }
    },
    async releaseAtEnd(held) {
      const ids = [...held, ...unreleased];
      try {
        await releaseLeases(ctx.db, owner, ids);
      } catch (error) {
        if (!findDatabaseUnreachable(error)) throw error;
        ctx.logger.warn({ owner, stories: ids, reason: String(error) }, 'leases not given back (the database is unreachable); they run out instead');
      }
    },
  };
}
