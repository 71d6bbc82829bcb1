import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHostLimiter } from './host-limiter.js';

/** A task that runs until the test lets it finish, recording its start. */
function createGate(started: string[], name: string) {
  let open = (): void => {};
  const task = () =>
    new Promise<string>((resolve) => {
      started.push(name);
      open = () => resolve(name);
    });
  return { task, finish: () => open() };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('createHostLimiter', () => {
  it('starts at most N tasks per host and the next one when a slot frees, in order', async () => {
    const limiter = createHostLimiter(2);
    const started: string[] = [];
    const gates = ['a', 'b', 'c', 'd'].map((name) => createGate(started, name));
    const results = gates.map((gate) => limiter.run('example.com', gate.task));
    await settle();
    expect(started).toEqual(['a', 'b']);
    gates[1]?.finish();
    await settle();
    expect(started).toEqual(['a', 'b', 'c']);
    gates[0]?.finish();
    gates[2]?.finish();
    await settle();
    gates[3]?.finish();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('does not let one host hold up another', async () => {
    const limiter = createHostLimiter(1);
    const started: string[] = [];
    const slow = createGate(started, 'slow');
    const other = createGate(started, 'other');
    const pending = limiter.run('slow.example', slow.task);
    const done = limiter.run('other.example', other.task);
    await settle();
    expect(started).toEqual(['slow', 'other']);
    other.finish();
    slow.finish();
    expect(await Promise.all([pending, done])).toEqual(['slow', 'other']);
  });

  it('frees the slot when a task fails', async () => {
    const limiter = createHostLimiter(1);
    await expect(limiter.run('h', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limiter.run('h', () => Promise.resolve('next'))).toBe('next');
  });

  it.each([0, -1, 1.5])('rejects a limit of %s', (limit) => {
    expect(() => createHostLimiter(limit)).toThrow(/perHostConcurrency/);
  });

  describe('with a minimum interval (Crawl-delay)', () => {
    afterEach(() => vi.useRealTimers());

    it('spaces the starts on that host, even with free slots, and leaves other hosts alone', async () => {
      vi.useFakeTimers({ now: 0 });
      const limiter = createHostLimiter(2);
      limiter.setMinInterval('slow.example', 1_000);
      const starts: [string, number][] = [];
      const task = (name: string) => async () => void starts.push([name, Date.now()]);
      const done = Promise.all([
        limiter.run('slow.example', task('a')),
        limiter.run('slow.example', task('b')),
        limiter.run('slow.example', task('c')),
        limiter.run('fast.example', task('x')),
      ]);
      await vi.runAllTimersAsync();
      await done;
      expect(starts.filter(([name]) => name !== 'x')).toEqual([['a', 0], ['b', 1_000], ['c', 2_000]]);
      expect(starts).toContainEqual(['x', 0]);
    });

    it('stops spacing once the interval is set to 0', async () => {
      vi.useFakeTimers({ now: 0 });
      const limiter = createHostLimiter(2);
      limiter.setMinInterval('h', 5_000);
      limiter.setMinInterval('h', 0);
      const starts: number[] = [];
      await Promise.all([1, 2].map(() => limiter.run('h', async () => void starts.push(Date.now()))));
      expect(starts).toEqual([0, 0]);
    });
  });
});
