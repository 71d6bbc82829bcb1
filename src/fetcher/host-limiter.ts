// Politeness: at most N requests in flight per host; the rest wait their turn in order; and
// where a host asks for it (robots.txt Crawl-delay), starts spaced by a minimum interval.

/** Runs tasks with at most `perHost` of them in flight for the same host key. */
export interface HostLimiter {
  run<T>(host: string, task: () => Promise<T>): Promise<T>;
  /** Spaces the starts of tasks for `host` by at least `ms` from now on (0 removes the spacing). */
  setMinInterval(host: string, ms: number): void;
}

interface HostSlots {
  active: number;
  waiting: (() => void)[];
}

/** Creates a per-host limiter; its queues live in the returned handle, not in the module. */
export function createHostLimiter(perHost: number): HostLimiter {
  if (!Number.isInteger(perHost) || perHost < 1) throw new TypeError(`perHostConcurrency must be a positive integer, got ${perHost}`);
  const hosts = new Map<string, HostSlots>();
  const intervals = new Map<string, { ms: number; nextStartAt: number }>();

  // Each start books the next slot at once, so tasks in flight together are still spaced.
  const waitForTurn = async (host: string): Promise<void> => {
    const spacing = intervals.get(host);
    if (!spacing) return;
    const now = Date.now();
    const startAt = Math.max(now, spacing.nextStartAt);
    spacing.nextStartAt = startAt + spacing.ms;
    if (startAt > now) await new Promise((resolve) => setTimeout(resolve, startAt - now));
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
      if (ms <= 0) intervals.delete(host);
      else intervals.set(host, { ms, nextStartAt: intervals.get(host)?.nextStartAt ?? 0 });
    },
  };
}
