import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import type { TranslationEngine, TranslationEngineId } from '../domain/types.js';
import { describeError } from '../domain/errors.js';
import { createFetcher, type Fetcher } from '../fetcher/index.js';
import { createMetrics, instrumentEngine, type Metrics } from '../metrics/index.js';
import { createSiteBuilder, describeRenderError } from '../web/site-build.js';
import { siteOptionsFromConfig } from '../web/render.js';
import { createTranslationMemory, openDatabase, recordEngineUsage, takeHostTurn, type DatabaseHandle, type Db } from '../storage/index.js';
import { createEngine } from '../translator/index.js';
import { silentProgress, type PipelineContext, type ProgressReporter } from './context.js';
import { createExtractorPool } from './extract-pool.js';
import { createEngineClient, openWebSub, readFetcherOptions } from './http-clients.js';
import { createRobotsGate } from './robots.js';

// How often a running publisher renders with nothing published, for the news sitemap's 48 hours.
const NEWS_SITEMAP_REFRESH_MS = 15 * 60 * 1000;

/** A pipeline context with the resources it opened; close it when done. */
export interface OpenPipeline {
  ctx: PipelineContext;
  database: DatabaseHandle;
  close(): Promise<void>;
}

/**
 * Where relais's database lives: RELAIS_DATABASE_URL, else the configuration's `database:` (a
 * SQLite file or a postgres:// URL), else relais.db under data_dir.
 */
export function databaseFile(config: Readonly<Config>, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.RELAIS_DATABASE_URL?.trim();
  if (fromEnv) return fromEnv;
  return config.database ?? join(config.data_dir, 'relais.db');
}

/**
 * Builds the fetcher for sources: fetch.allow_hosts are the only private origins it reaches. Given
 * a database, its requests to one host are spaced by fetch.per_host_delay_ms (or the host's
 * Crawl-delay) across every process on that database, through its host turns.
 */
export function createConfiguredFetcher(config: Readonly<Config>, db?: Db): Fetcher {
  const options = readFetcherOptions(config, config.fetch.allow_hosts);
  if (!db) return createFetcher(options);
  return createFetcher({ ...options, sharedHostTurn: (host, spacingMs) => takeHostTurn(db, host, spacingMs, Date.now()) });
}

/** Opens the database, the source fetcher, the engines' HTTP client and (lazily) the engines a configuration names. */
export async function openPipeline(
  config: Readonly<Config>,
  options: { logger: Logger; progress?: ProgressReporter; now?: () => Date; metrics?: Metrics },
): Promise<OpenPipeline> {
  const database = await openDatabase(databaseFile(config));
  const metrics = options.metrics ?? createMetrics();
  const fetcher = createConfiguredFetcher(config, database.db);
  const http = createEngineClient(config, config.campaigns.map((campaign) => campaign.engine));
  const engines = new Map<TranslationEngineId, TranslationEngine>();
  const now = options.now ?? (() => new Date());
  const extractor = createExtractorPool({
    ...(config.extract.workers ? { threads: config.extract.workers } : {}),
    timeoutMs: config.extract.timeout_ms,
    maxOldGenerationSizeMb: config.extract.worker_memory_mb,
    logger: options.logger,
  });
  const hub = openWebSub(config, options.logger);
  const site = createSiteBuilder({
    db: database.db,
    site: siteOptionsFromConfig(config),
    now,
    refreshMs: NEWS_SITEMAP_REFRESH_MS,
    ...(hub ? { websub: hub.websub } : {}),
    onRender: (report) => options.logger.debug({ ...report }, `site rendered: ${report.rendered} pages (${report.kind}), ${report.removed} removed`),
    onError: (error) => options.logger.error({ reason: describeRenderError(error) }, describeRenderError(error)),
  });
  const ctx: PipelineContext = {
    config,
    site,
    db: database.db,
    fetcher,
    robots: createRobotsGate({ fetcher, db: database.db, now, logger: options.logger }),
    memory: createTranslationMemory(database.db),
    extractor,
    logger: options.logger,
    progress: options.progress ?? silentProgress,
    metrics,
    now,
    engine(id) {
      let engine = engines.get(id);
      if (!engine) {
        const logger = options.logger;
        const recordUsage = (characters: number) =>
          // Usage is bookkeeping: a failed write is logged, the translation goes on.
          recordEngineUsage(database.db, id, characters).catch((error: unknown) => logger.warn({ engine: id, reason: describeError(error) }, 'could not record the engine usage'));
        engine = instrumentEngine(createEngine(id, config, { http }), metrics, recordUsage);
        engines.set(id, engine);
      }
      return engine;
    },
  };
  return {
    ctx,
    database,
    async close() {
      await site.close();
      await hub?.close();
      await Promise.allSettled([...engines.values()].map((engine) => engine.close()));
      await extractor.close();
      await fetcher.close();
      await http.close();
      await database.close();
    },
  };
}
