import { FeedError, FetchError } from '../domain/errors.js';
import type { TranslationEngine } from '../domain/types.js';
import type { Metrics } from './metrics.js';

/**
 * The engine, with each request's latency, characters and outcome observed; `onSent` hears the
 * characters of every request, answered or not (the engine's usage per day is kept from it).
 */
export function instrumentEngine(engine: TranslationEngine, metrics: Metrics, onSent?: (characters: number) => Promise<void>): TranslationEngine {
  return {
    id: engine.id,
    capabilities: engine.capabilities,
    async translate(segments, pair) {
      const characters = segments.reduce((sum, segment) => sum + segment.length, 0);
      const started = process.hrtime.bigint();
      const label = `${pair.from}-${pair.to}`;
      const sent = onSent?.(characters);
      try {
        const translated = await engine.translate(segments, pair);
        metrics.observeEngine(engine.id, label, secondsSince(started), characters, true);
        return translated;
      } catch (error) {
        metrics.observeEngine(engine.id, label, secondsSince(started), characters, false);
        throw error;
      } finally {
        await sent;
      }
    },
    check: (pair) => engine.check(pair),
    close: () => engine.close(),
  };
}

/** The kind a failed fetch is counted under; an HTTP status by its class, so 404s and 503s are told apart without a label per status. */
export function fetchErrorKind(error: unknown): string {
  if (error instanceof FeedError) return 'feed';
  if (!(error instanceof FetchError)) return 'other';
  if (error.code !== 'http-status' || error.status === undefined) return error.code;
  return `http-${Math.floor(error.status / 100)}xx`;
}

/** Seconds since a `process.hrtime.bigint()` reading. */
export function secondsSince(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}
