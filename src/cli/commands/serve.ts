import { serve, type ServerType } from '@hono/node-server';
import type { Config } from '../../config/index.js';
import { databaseFile, startSchedule, openPipeline } from '../../pipeline/index.js';
import { createSiteReader, openDatabase } from '../../storage/index.js';
import { createSiteApp } from '../../web/index.js';
import { createLogger } from '../logger.js';
import { formatSummary } from './run.js';

/** A running site; close it to stop listening. */
export interface RunningSite {
  url: string;
  close(): Promise<void>;
}

/** Serves the public site from the database. */
export async function serveSite(config: Readonly<Config>, options: { port?: number } = {}): Promise<RunningSite> {
  const database = await openDatabase(databaseFile(config));
  const app = createSiteApp({
    reader: createSiteReader(database.db, config.site.language),
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
      await database.close();
    },
  };
}

function listen(fetch: (request: Request) => Response | Promise<Response>, hostname: string, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname, port }, () => resolve(server));
    server.once('error', reject);
  });
}

/** The main job: the site plus the scheduler, until the process is told to stop. */
export async function startRelais(config: Readonly<Config>, options: { port?: number } = {}): Promise<void> {
  const logger = createLogger();
  const site = await serveSite(config, options);
  logger.info({ url: site.url }, `site listening on ${site.url}`);
  const pipeline = await openPipeline(config, { logger });
  const schedule = startSchedule(pipeline.ctx, (campaignId, summary) =>
    logger.info({ campaign: campaignId, ...summary }, `run finished: ${formatSummary(summary)}`),
  );
  await waitForSignal();
  logger.info('stopping: finishing the current run');
  await schedule.stop();
  await pipeline.close();
  await site.close();
}

/** Resolves on SIGINT or SIGTERM. */
export function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
