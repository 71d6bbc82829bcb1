import { serve, type ServerType } from '@hono/node-server';
import type { Config } from '../../config/index.js';
import { createMetrics } from '../../metrics/index.js';
import { databaseFile, enginesInUse, startSchedule, openPipeline } from '../../pipeline/index.js';
import { createSiteReader, openDatabase, type Db } from '../../storage/index.js';
import { createSiteApp } from '../../web/index.js';
import { createLogger } from '../logger.js';
import { startAdminServer } from './admin-server.js';
import { formatSummary } from './run.js';

/** A running server; close it to stop listening. */
export interface RunningSite {
  url: string;
  close(): Promise<void>;
}

/** Serves the public site from the database, and metrics and health on the admin port when one is configured. */
export async function serveSite(config: Readonly<Config>, options: { port?: number } = {}): Promise<RunningSite> {
  const database = await openDatabase(databaseFile(config));
  const site = await serveSiteFrom(database.db, config, options);
  const admin = await startAdminServer(config, { metrics: createMetrics(), db: database.db }, createLogger());
  return {
    url: site.url,
    async close() {
      await admin?.close();
      await site.close();
      await database.close();
    },
  };
}

async function serveSiteFrom(db: Db, config: Readonly<Config>, options: { port?: number }): Promise<RunningSite> {
  const app = createSiteApp({
    reader: createSiteReader(db, config.site.language),
    site: {
      title: config.site.title,
      language: config.site.language,
      pageSize: config.site.page_size,
      ...(config.site.base_url ? { baseUrl: config.site.base_url } : {}),
      ...(config.site.notice ? { notice: config.site.notice } : {}),
    },
  });
  const port = options.port ?? config.site.port;
  const server = await listen(app.fetch, config.site.host, port);
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${config.site.host}:${actualPort}`;
  return {
    url,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Starts an HTTP server for a fetch handler; resolves once it listens. */
export function listen(fetch: (request: Request) => Response | Promise<Response>, hostname: string, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname, port }, () => resolve(server));
    server.once('error', reject);
  });
}

/**
 * The main job, until the process is told to stop: the site, each source polled when it is due and
 * the stories flowing as they are ready (scheduler.ts), and the admin port when configured.
 */
export async function startRelais(config: Readonly<Config>, options: { port?: number } = {}): Promise<void> {
  const logger = createLogger();
  const metrics = createMetrics();
  const pipeline = await openPipeline(config, { logger, metrics });
  // The site reads through a connection of its own: SQLite's WAL lets it read while the pipeline writes.
  const siteDatabase = await openDatabase(databaseFile(config));
  const site = await serveSiteFrom(siteDatabase.db, config, options);
  logger.info({ url: site.url }, `site listening on ${site.url}`);
  const schedule = startSchedule(pipeline.ctx, {
    onCaughtUp: (summary) => logger.info(summary, `caught up: ${formatSummary(summary)}`),
  });
  const engines = enginesInUse(pipeline.ctx, config.campaigns);
  const admin = await startAdminServer(config, { metrics, db: pipeline.ctx.db, scheduler: () => schedule.health(), engines }, logger);
  await waitForSignal();
  logger.info('stopping: finishing the polls and stories in flight');
  await schedule.stop();
  await admin?.close();
  await site.close();
  await siteDatabase.close();
  await pipeline.close();
}

/** Resolves on SIGINT or SIGTERM. */
export function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
