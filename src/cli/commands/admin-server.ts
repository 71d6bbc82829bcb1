import type { Logger } from 'pino';
import type { Config } from '../../config/index.js';
import { ConfigError } from '../../domain/errors.js';
import { createHealthCheck, type EngineInUse, type HealthCheck, type Metrics } from '../../metrics/index.js';
import { storyCountsOf } from '../../pipeline/index.js';
import type { Db } from '../../storage/index.js';
import { createAdminApp } from '../../web/index.js';
import { listen, type RunningSite } from './serve.js';

/** What this process shows on its admin port. */
export interface AdminParts {
  metrics: Metrics;
  db: Db;
  scheduler?: () => HealthCheck;
  engines?: readonly EngineInUse[];
}

/** Starts `/metrics` and `/healthz` on admin.host:admin.port; nothing when no port is configured. */
export async function startAdminServer(config: Readonly<Config>, parts: AdminParts, logger: Logger): Promise<RunningSite | undefined> {
  const { port, host, token_env: tokenEnv } = config.admin;
  if (port === undefined) return undefined;
  const token = tokenEnv === undefined ? undefined : readToken(tokenEnv);
  parts.metrics.countStoriesWith(storyCountsOf(parts.db));
  const health = createHealthCheck({
    db: parts.db,
    ...(parts.scheduler ? { scheduler: parts.scheduler } : {}),
    ...(parts.engines ? { engines: parts.engines } : {}),
  });
  const app = createAdminApp({ metrics: parts.metrics, health, ...(token !== undefined ? { token } : {}) });
  const server = await listen(app.fetch, host, port);
  const address = server.address();
  const url = `http://${host}:${typeof address === 'object' && address ? address.port : port}`;
  logger.info({ url }, `metrics and health on ${url}/metrics and ${url}/healthz`);
  return {
    url,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function readToken(variable: string): string {
  const token = process.env[variable];
  if (!token) throw new ConfigError(`admin.token_env names ${variable}, but that environment variable is empty (set it, or remove admin.token_env to serve /metrics without a token)`);
  return token;
}
