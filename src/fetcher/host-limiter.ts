// Politeness: at most N requests in flight per host; the rest wait their turn in order; and
// starts spaced by a minimum interval: the configured per-host delay, or the host's robots.txt
// Crawl-delay when longer. With a shared gate (the database's host turns), the spacing holds
// across every process that uses it; without one, within this limiter.

/** Runs tasks with at most `perHost` of them in flight for the same host key. */
export interface HostLimiter {
  run<T>(host: string, task: () => Promise<T>): Promise<T>;
  /** Spaces the starts of tasks for `host` by at least `ms` from now on (0 removes it; the configured delay stays). */
  setMinInterval(host: string, ms: number): void;
}

/**
 * Reserves the next start for `host`, `spacingMs` after the previous one wherever it was taken,
 * and resolves to how many milliseconds to wait for it (see storage/host-turns.ts).
 */
export type SharedHostTurn = (host: string, spacingMs: number) => Promise<number>;

/** How a limiter spaces the starts of requests to one host. */
export interface HostSpacing {
  /** Least time between two starts to one host (fetch.per_host_delay_ms); 0 by default. */
  delayMs?: number;
  /** The gate shared with other processes; the spacing is kept in this limiter without one. */
  sharedTurn?: SharedHostTurn;
}

interface HostSlots {
  active: number;
  waiting: (() => void)[];
}

/** Creates a per-host limiter; its queues live in the returned handle, not in the module. */
export function createHostLimiter(perHost: number, spacing: HostSpacing = {}): HostLimiter {
  if (!Number.isInteger(perHost) || perHost < 1) throw new TypeError(`perHostConcurrency must be a positive integer, got ${perHost}`);
  const hosts = new Map<string, HostSlots>();
  const crawlDelays = new Map<string, number>();
  const nextStarts = new Map<string, number>();

  // Each start books the next slot at once, so tasks in flight together are still spaced.
  const waitForTurn = async (host: string): Promise<void> => {
    const ms = Math.max(spacing.delayMs ?? 0, crawlDelays.get(host) ?? 0);
    if (ms <= 0) return;
    if (spacing.sharedTurn) {
      // The wait counts from when the turn was asked for: the time the database took to answer
      // is already part of it, so a slow answer does not push this start closer to the next.
      const askedAt = Date.now();
      const waitMs = await spacing.sharedTurn(host, ms);
      return sleep(askedAt + waitMs - Date.now());
    }
    const now = Date.now();
    const startAt = Math.max(now, nextStarts.get(host) ?? 0);
    nextStarts.set(host, startAt + ms);
    return sleep(startAt - now);
  };

  const acquire = async (host: string): Promise<void> => {
    const slots = hosts.get(host) ?? { active: 0, waiting: [] };
    hosts.set(host, slots);
    if (slots.active < perHost) {
      slots.active += 1;
      return;
    }
    // The releasing task hands its slot over directly, so `active` stays counted.
    await new Promise<void>((resolve) => slots.waiting.push(resolve));
  };

  const release = (host: string): void => {
    const slots = hosts.get(host);
    if (!slots) return;
    const next = slots.waiting.shift();
    if (next) return next();
    slots.active -= 1;
    if (slots.active === 0) hosts.delete(host);
  };

  return {
    async run(host, task) {
      await acquire(host);
      try {
        await waitForTurn(host);
        return await task();
      } finally {
        release(host);
      }
    },
    setMinInterval(host, ms) {
      if (ms <= 0) crawlDelays.delete(host);
      else crawlDelays.set(host, ms);
    },
  };
}

async function sleep(ms: number): Promise<void> {
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
}
