import { Counter, Histogram, Registry, collectDefaultMetrics, Gauge } from 'prom-client';
import type { Stage } from '../domain/types.js';

/** What a stage reported about one story, as metrics label it. */
export type StageOutcomeLabel = 'done' | 'skipped' | 'failed' | 'held' | 'waiting';

/** Counts of stories read from the database when metrics are scraped. */
export interface StoryCounts {
  /** Stories per campaign and state. */
  byState(): Promise<Record<string, Record<string, number>>>;
  /** Stories ready for each stage now (its queue depth). */
  readyByStage(): Promise<Partial<Record<Stage, number>>>;
}

/**
 * The metrics of one relais process, in Prometheus's text format (`render`). Stage durations,
 * engine requests and fetch errors are observed as they happen; stories by state and queue
 * depth are counted from the database at each scrape, so every process reports the same truth.
 */
export interface Metrics {
  readonly registry: Registry;
  /** One story through one stage. */
  observeStage(stage: Stage, outcome: StageOutcomeLabel, seconds: number): void;
  /** One request to a translation engine: how long it took, how many characters it carried, whether it answered. */
  observeEngine(engine: string, pair: string, seconds: number, characters: number, ok: boolean): void;
  /** A fetch that failed, by the kind of failure (FetchError codes, `feed` for unparsable feeds). */
  countFetchError(kind: string): void;
  /** Reads the database-backed gauges from this source from now on. */
  countStoriesWith(counts: StoryCounts): void;
  /** The exposition text and its content type. */
  render(): Promise<{ contentType: string; body: string }>;
}

// Stages take from a millisecond (publish) to minutes (a long article on a slow engine).
const STAGE_BUCKETS = [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 180];
const ENGINE_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** Creates the metrics of this process, with Node's own (memory, event loop lag, GC) prefixed `relais_`. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'relais_' });
  let counts: StoryCounts | undefined;
  const stageDuration = new Histogram({
    name: 'relais_stage_duration_seconds',
    help: 'Time one story spent in one stage, by stage and outcome.',
    labelNames: ['stage', 'outcome'] as const,
    buckets: STAGE_BUCKETS,
    registers: [registry],
  });
  const engineDuration = new Histogram({
    name: 'relais_engine_request_duration_seconds',
    help: 'Latency of requests to translation engines, by engine, language pair and outcome.',
    labelNames: ['engine', 'pair', 'outcome'] as const,
    buckets: ENGINE_BUCKETS,
    registers: [registry],
  });
  const engineCharacters = new Counter({
    name: 'relais_engine_characters_sent_total',
    help: 'Characters sent to translation engines (what paid engines bill), by engine and language pair.',
    labelNames: ['engine', 'pair'] as const,
    registers: [registry],
  });
  const fetchErrors = new Counter({
    name: 'relais_fetch_errors_total',
    help: 'Failed fetches of feeds and pages, by kind.',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'relais_stories',
    help: 'Stories in the database, by campaign and state.',
    labelNames: ['campaign', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      if (!counts) return;
      for (const [campaign, states] of Object.entries(await counts.byState())) {
        for (const [state, n] of Object.entries(states)) this.set({ campaign, state }, n);
      }
    },
  });
  new Gauge({
    name: 'relais_stage_queue_depth',
    help: 'Stories ready for each stage now (waiting for a worker to take them).',
    labelNames: ['stage'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      if (!counts) return;
      for (const [stage, n] of Object.entries(await counts.readyByStage())) this.set({ stage }, n);
    },
  });
  return {
    registry,
    observeStage: (stage, outcome, seconds) => stageDuration.observe({ stage, outcome }, seconds),
    observeEngine(engine, pair, seconds, characters, ok) {
      engineDuration.observe({ engine, pair, outcome: ok ? 'ok' : 'error' }, seconds);
      engineCharacters.inc({ engine, pair }, characters);
    },
    countFetchError: (kind) => fetchErrors.inc({ kind }),
    countStoriesWith(source) {
      counts = source;
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
