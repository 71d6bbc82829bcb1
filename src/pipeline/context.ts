import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import type { Stage, TranslationEngine, TranslationEngineId, TranslationMemory } from '../domain/types.js';
import type { Fetcher } from '../fetcher/index.js';
import type { Metrics } from '../metrics/index.js';
import type { Db } from '../storage/index.js';
import type { SiteBuilder } from '../web/site-build.js';
import type { PageExtractor } from './extract-pool.js';
import type { RobotsGate } from './robots.js';

/**
 * What a stage reported about one story; `waiting` means it was left as it was because its engine
 * is stopped for its language pair (see engine-stops.ts).
 */
export type StoryOutcome = 'done' | 'skipped' | 'failed' | 'held' | 'waiting';

/** Receives progress as the pipeline works; the CLI draws it, tests may ignore it. */
export interface ProgressReporter {
  stageStarted(campaignId: string, stage: Stage, total: number): void;
  storyFinished(campaignId: string, stage: Stage, outcome: StoryOutcome): void;
  stageFinished(campaignId: string, stage: Stage): void;
}

/** Everything the pipeline needs from the outside world, passed in once. */
export interface PipelineContext {
  config: Readonly<Config>;
  db: Db;
  fetcher: Fetcher;
  /** robots.txt of the sources' hosts, checked before each request of a campaign that respects it. */
  robots: RobotsGate;
  memory: TranslationMemory;
  /** Extracts pages in the pool of worker threads. */
  extractor: PageExtractor;
  logger: Logger;
  /** Returns the engine for an id, creating it on first use. */
  engine(id: TranslationEngineId): TranslationEngine;
  progress: ProgressReporter;
  /** Renders the site's stored pages again after publications change. */
  site: SiteBuilder;
  /** This process's metrics: stage durations, engine requests, fetch errors. */
  metrics: Metrics;
  now(): Date;
}

/** A reporter that reports nothing. */
export const silentProgress: ProgressReporter = {
  stageStarted() {},
  storyFinished() {},
  stageFinished() {},
};

/** How often and how long a failed story is retried. */
export const retryPolicy = {
  maxAttempts: 5,
  /** Translation failures that may pass (engine down, timeouts, 5xx): retried for days. */
  maxEngineAttempts: 50,
  /** First retry after this many ms; each further attempt waits twice as long. */
  baseDelayMs: 5 * 60_000,
  maxDelayMs: 6 * 60 * 60_000,
};

/** The instant of the next attempt after `attempts` failures, or the server's Retry-After. */
export function nextAttemptAt(now: Date, attempts: number, retryAfterMs?: number): string {
  const backoff = Math.min(retryPolicy.baseDelayMs * 2 ** attempts, retryPolicy.maxDelayMs);
  return new Date(now.getTime() + Math.max(backoff, retryAfterMs ?? 0)).toISOString();
}
