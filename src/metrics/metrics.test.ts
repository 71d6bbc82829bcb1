import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { serveNewsSite, type NewsSiteServer } from '../cli/demo/news-server.js';
import { startAdminServer } from '../cli/commands/admin-server.js';
import { parseConfig, type Config } from '../config/index.js';
import { enginesInUse, openPipeline, runCampaigns, storyCountsOf, type OpenPipeline, type RunSummary } from '../pipeline/index.js';
import { countStoriesByCampaign } from '../storage/index.js';
import type { FakeHttpService } from '../../test/support/fake-http-service.js';
import { startFakeLibreTranslate } from '../../test/support/fake-translation-services.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { createMetrics, type Metrics } from './metrics.js';
import { freshDatabaseLocation } from '../../test/support/test-database.js';
import { OPEN_GATES } from '../../test/support/open-gates.js';

// Metrics and health of a real run: the fixture news site on loopback, one story that answers
// 404, LibreTranslate's loopback fake through the configured engine client, SQLite on disk.

const fixtureDir = fileURLToPath(new URL('../../test/fixtures/news-site', import.meta.url));
// The fake upper-cases text, which the language gate would rightly hold.
const TOKEN = 'admin-test-token';

/** The value of one sample of the exposition text, or undefined when it is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((pair) => [pair[1], pair[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

describe('metrics and health of a run', { timeout: 120_000 }, () => {
  let news: NewsSiteServer;
  let libre: FakeHttpService;
  let temp: ReturnType<typeof makeTempDir>;
  let pipeline: OpenPipeline;
  let metrics: Metrics;
  let config: Config;
  let summary: RunSummary;

  beforeAll(async () => {
    news = await serveNewsSite(fixtureDir);
    libre = await startFakeLibreTranslate();
    temp = makeTempDir();
    const feed = `${news.baseUrl}/feed.xml`;
    config = parseConfig({
      data_dir: join(temp.dir, 'data'),
      database: freshDatabaseLocation(join(temp.dir, 'data')),
      fetch: { allow_private_addresses: true },
      engines: { libretranslate: { url: libre.url } },
      admin: { port: 0, token_env: 'RELAIS_TEST_ADMIN_TOKEN' },
      campaigns: [
        { id: 'world', sources: [feed], to: 'fr', category: 'Monde', engine: 'libretranslate', quality: OPEN_GATES },
        // A second campaign whose only source is a feed that is not there.
        { id: 'gone', sources: [`${news.baseUrl}/no-such-feed.xml`], to: 'fr', category: 'Monde', engine: 'libretranslate' },
      ],
    });
    metrics = createMetrics();
    pipeline = await openPipeline(config, { logger: pino({ level: 'silent' }), metrics });
    summary = await runCampaigns(pipeline.ctx);
  });
  afterAll(async () => {
    await pipeline.close();
    await Promise.all([news.stop(), libre.close()]);
    temp.remove();
  });

  it('counts each story through each stage, the failed fetch by kind, and every character the engine was sent', async () => {
    expect(summary.published).toBeGreaterThan(0);
    const { body } = await metrics.render();
    expect(sample(body, 'relais_stage_duration_seconds_count', { stage: 'publish', outcome: 'done' })).toBe(summary.published);
    expect(sample(body, 'relais_stage_duration_seconds_count', { stage: 'fetch', outcome: 'done' })).toBe(summary.fetched);
    expect(sample(body, 'relais_stage_duration_seconds_count', { stage: 'poll', outcome: 'failed' })).toBe(1);
    expect(sample(body, 'relais_fetch_errors_total', { kind: 'http-4xx' })).toBe(1);
    const sent = libre.requests
      .filter((request) => request.path === '/translate')
      .flatMap((request) => [(request.body as { q: string | string[] }).q].flat())
      .reduce((sum, text) => sum + text.length, 0);
    expect(sent).toBeGreaterThan(0);
    expect(sample(body, 'relais_engine_characters_sent_total', { engine: 'libretranslate', pair: 'en-fr' })).toBe(sent);
    expect(sample(body, 'relais_engine_request_duration_seconds_count', { engine: 'libretranslate', pair: 'en-fr', outcome: 'ok' })).toBeGreaterThan(0);
    expect(sample(body, 'relais_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('reads stories by state and what each stage has ready from the database at each scrape', async () => {
    metrics.countStoriesWith(storyCountsOf(pipeline.ctx.db));
    const counts = await countStoriesByCampaign(pipeline.ctx.db);
    const { body } = await metrics.render();
    for (const [state, n] of Object.entries(counts.world ?? {})) expect(sample(body, 'relais_stories', { campaign: 'world', state })).toBe(n);
    expect(sample(body, 'relais_stage_queue_depth', { stage: 'fetch' })).toBe(0);
    // A story added now is ready to be fetched.
    await pipeline.ctx.db
      .insertInto('stories')
      .values({ campaign_id: 'world', source_id: 1, url: `${news.baseUrl}/later`, original_url: `${news.baseUrl}/later`, state: 'discovered', discovered_at: new Date().toISOString(), updated_at: new Date().toISOString() })
      .execute();
    expect(sample((await metrics.render()).body, 'relais_stage_queue_depth', { stage: 'fetch' })).toBe(1);
  });

  it('serves /metrics on the admin port only with the token, and /healthz naming the database and each engine', async () => {
    process.env.RELAIS_TEST_ADMIN_TOKEN = TOKEN;
    const admin = await startAdminServer(config, { metrics, db: pipeline.ctx.db, engines: enginesInUse(pipeline.ctx, config.campaigns) }, pino({ level: 'silent' }));
    try {
      expect(admin).toBeDefined();
      const refused = await fetch(`${admin!.url}/metrics`);
      expect(refused.status).toBe(401);
      expect(await fetch(`${admin!.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-xx' } }).then((r) => r.status)).toBe(401);
      const answered = await fetch(`${admin!.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(answered.status).toBe(200);
      expect(answered.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(sample(await answered.text(), 'relais_stories', { campaign: 'world', state: 'published' })).toBe(summary.published);

      const healthy = await fetch(`${admin!.url}/healthz`);
      expect(healthy.status).toBe(200);
      expect(await healthy.json()).toMatchObject({ ok: true, database: { ok: true }, engines: { 'libretranslate en-fr': { ok: true } } });
    } finally {
      await admin?.close();
      delete process.env.RELAIS_TEST_ADMIN_TOKEN;
    }
  });

  it('answers 503 on /healthz naming an engine that is down', async () => {
    const down = parseConfig({ ...JSON.parse(JSON.stringify(config)), admin: { port: 0 }, engines: { libretranslate: { url: 'http://127.0.0.1:9' } } });
    const downPipeline = await openPipeline(down, { logger: pino({ level: 'silent' }) });
    const admin = await startAdminServer(down, { metrics, db: downPipeline.ctx.db, engines: enginesInUse(downPipeline.ctx, down.campaigns) }, pino({ level: 'silent' }));
    try {
      const answer = await fetch(`${admin!.url}/healthz`);
      expect(answer.status).toBe(503);
      const report = (await answer.json()) as { ok: boolean; database: { ok: boolean }; engines: Record<string, { ok: boolean; detail: string }> };
      expect(report.database.ok).toBe(true);
      expect(report.engines['libretranslate en-fr']?.ok).toBe(false);
      expect(report.engines['libretranslate en-fr']?.detail).toMatch(/127\.0\.0\.1:9/);
    } finally {
      await admin?.close();
      await downPipeline.close();
    }
  });

  it('starts no admin server when no admin port is configured', async () => {
    const plain = parseConfig({ data_dir: join(temp.dir, 'plain') });
    expect(await startAdminServer(plain, { metrics, db: pipeline.ctx.db }, pino({ level: 'silent' }))).toBeUndefined();
  });
});
