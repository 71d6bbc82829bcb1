import { createServer, type RequestListener, type Server } from 'node:http';
import { getRequestListener, serve, type ServerType } from '@hono/node-server';
import type { Config } from '../../config/index.js';
import { createMetrics } from '../../metrics/index.js';
import { databaseFile, enginesInUse, openWebSub, startSchedule, openPipeline } from '../../pipeline/index.js';
import { createSiteReader, openDatabase, type Db } from '../../storage/index.js';
import { createSiteBuilder, createSiteServer, describeRenderError, siteOptionsFromConfig } from '../../web/index.js';
import { createAdminArea } from '../../web/admin/admin-area.js';
import { createSourceEditor } from './sources.js';
import { describeError } from '../../domain/errors.js';
import { createLogger } from '../logger.js';
import { startAdminServer } from './admin-server.js';
import { formatSummary } from './run.js';

/** How to serve: `configFile` is the configuration the admin area adds sources to and removes them from. */
export interface ServeOptions {
  port?: number;
  configFile?: string;
}

/** A running server; close it to stop listening. */
export interface RunningSite {
  url: string;
  close(): Promise<void>;
}

/** Serves the public site from the database, and metrics and health on the admin port when one is configured. */
export async function serveSite(given: Readonly<Config>, options: ServeOptions = {}): Promise<RunningSite> {
  const config = withPort(given, options.port);
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

/**
 * Serves the stored pages of the site. The pages are brought up to date first (all of them when
 * the settings or templates changed since they were rendered), then whoever publishes renders
 * what changes; this server only reads, and notices new pages within a second.
 */
async function serveSiteFrom(db: Db, config: Readonly<Config>, options: ServeOptions): Promise<RunningSite> {
  const logger = createLogger();
  const site = siteOptionsFromConfig(config);
  const builder = createSiteBuilder({ db, site });
  try {
    await builder.render();
  } catch (error) {
    // An old page is better than none: serve what the store has and say why it may be stale.
    logger.error({ reason: describeRenderError(error) }, describeRenderError(error));
  }
  await builder.close();
  const server = createSiteServer({
    db,
    site,
    reportError: (error, path) => logger.error({ path, reason: describeError(error) }, `site: ${path} failed: ${describeError(error)}`),
  });
  await server.refresh().catch(() => undefined);
  const renderSite = async () => {
    // What the admin area changed (a takedown, an edit) reaches the feeds' hub too.
    const hub = openWebSub(config, logger);
    const changes = createSiteBuilder({ db, site, ...(hub ? { websub: hub.websub } : {}) });
    await changes
      .render()
      .finally(() => changes.close())
      .finally(() => hub?.close());
    await server.refresh();
  };
  const sources = options.configFile ? createSourceEditor(config, options.configFile) : undefined;
  const admin = getRequestListener(createAdminArea({ db, config, renderSite, ...(sources ? { sources } : {}) }).fetch);
  // /admin and /api go to the admin area; everything else is the stored site.
  const listener: RequestListener = (request, response) => (/^\/(admin|api)(\/|\?|$)/.test(request.url ?? '') ? admin(request, response) : server.listener(request, response));
  const port = options.port ?? config.site.port;
  const http = await listenNode(listener, config.site.host, port);
  const address = http.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${config.site.host}:${actualPort}`;
  return {
    url,
    async close() {
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      await closed;
    },
  };
}

function listenNode(listener: RequestListener, hostname: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer({ keepAliveTimeout: 5000 }, listener);
    server.once('error', reject);
    server.listen(port, hostname, () => resolve(server));
  });
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
export async function startRelais(given: Readonly<Config>, options: ServeOptions = {}): Promise<void> {
  const config = withPort(given, options.port);
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

// --port overrides site.port everywhere, so pages rendered by the pipeline and by the site link alike.
function withPort(config: Readonly<Config>, port: number | undefined): Readonly<Config> {
  return port === undefined ? config : { ...config, site: { ...config.site, port } };
}

/** Resolves on SIGINT or SIGTERM. */
export function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
