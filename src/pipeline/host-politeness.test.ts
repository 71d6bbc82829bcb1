import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/index.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { openPipeline } from './open.js';

// Two pipelines on one SQLite file, as two worker processes would run, fetching from one loopback
// host: the host sees its requests spaced by fetch.per_host_delay_ms across both.

const temp = makeTempDir();
afterAll(() => temp.remove());

describe('per-host politeness across pipelines', () => {
  it('spaces the requests of two pipelines on one database to the same host', async () => {
    const arrivals: number[] = [];
    const server = createServer((_request, response) => {
      arrivals.push(Date.now());
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    const delayMs = 300;
    const config = parseConfig({
      data_dir: join(temp.dir, 'data'),
      fetch: { allow_hosts: [host], per_host_delay_ms: delayMs, per_host_concurrency: 4 },
      campaigns: [],
    });
    const logger = pino({ level: 'silent' });
    const pipelines = [await openPipeline(config, { logger }), await openPipeline(config, { logger })];
    try {
      await Promise.all(
        pipelines.flatMap((pipeline, p) =>
          Array.from({ length: 3 }, (_, i) => pipeline.ctx.fetcher.fetchUrl(`http://${host}/page-${p}-${i}`)),
        ),
      );
    } finally {
      await Promise.all(pipelines.map((pipeline) => pipeline.close()));
      await new Promise((resolve) => server.close(resolve));
    }
    expect(arrivals).toHaveLength(6);
    const gaps = arrivals.slice(1).map((at, i) => at - arrivals[i]!);
    // Each pipeline alone would space its own three and send them alongside the other's (gaps
    // near 0, the six within 2 delays). Shared turns put all six one delay apart; arrivals are
    // stamped on a busy event loop, so each gap gets slack, and the whole span half a delay (still
    // far above the two delays the six would span without shared turns).
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(delayMs / 2);
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThanOrEqual(5 * delayMs - delayMs / 2);
  });
});
