import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { HealthReport } from '../metrics/health.js';
import type { Metrics } from '../metrics/metrics.js';

/** What the admin app serves. */
export interface AdminAppOptions {
  metrics: Metrics;
  health: () => Promise<HealthReport>;
  /** When set, `/metrics` answers only `Authorization: Bearer <token>`. */
  token?: string;
}

/**
 * The admin endpoints, on a port of their own (admin.port): `/metrics` in Prometheus's text
 * format and `/healthz` as JSON (200 when every part is healthy, 503 naming the part that is not).
 */
export function createAdminApp(options: AdminAppOptions): Hono {
  const app = new Hono();
  app.get('/metrics', async (c) => {
    if (options.token !== undefined && !hasToken(c.req.header('authorization'), options.token)) {
      return c.text('metrics need Authorization: Bearer <admin.token>\n', 401, { 'WWW-Authenticate': 'Bearer', 'Cache-Control': 'no-store' });
    }
    const { contentType, body } = await options.metrics.render();
    return c.body(body, 200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  });
  app.get('/healthz', async (c) => {
    const report = await options.health();
    return c.json(report, report.ok ? 200 : 503, { 'Cache-Control': 'no-store' });
  });
  return app;
}

function hasToken(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer\s+/i, '') ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
