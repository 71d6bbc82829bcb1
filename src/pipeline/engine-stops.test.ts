import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { serveNewsSite, type NewsSiteServer } from '../cli/demo/news-server.js';
import { parseConfig, type Config } from '../config/index.js';
import type { TranslationEngine, TranslationEngineId } from '../domain/types.js';
import { countStoriesByCampaign, listEngineProblems, listStories, type Db } from '../storage/index.js';
import { createDeeplEngine, createLibreTranslateEngine } from '../translator/index.js';
import type { Fault, FakeHttpService } from '../../test/support/fake-http-service.js';
import { startFakeDeepl, startFakeLibreTranslate } from '../../test/support/fake-translation-services.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { nextAttemptAt } from './context.js';
import { describeEngineStop, readEngineProblems } from './engine-stops.js';
import { openPipeline, type OpenPipeline } from './open.js';
import { runCampaigns } from './run.js';
import { freshDatabaseLocation } from '../../test/support/test-database.js';
import { OPEN_GATES } from '../../test/support/open-gates.js';

// What the pipeline does when a translation engine fails, with real engines talking to loopback
// fakes of LibreTranslate and DeepL, the fixture news site on loopback and SQLite on disk.
// Two campaigns share LibreTranslate en→fr, a third translates with DeepL.

const fixtureDir = fileURLToPath(new URL('../../test/fixtures/news-site', import.meta.url));
const DEEPL_KEY = 'deepl-test-key:fx';
// The fakes upper-case text, which the language gate would rightly hold.
const T0 = new Date('2026-11-27T12:00:00.000Z');
// The feed's five articles; its sixth story, a video page, is skipped at extraction.
const ARTICLES = 5;
const DONE = { published: ARTICLES, skipped: 1 };

describe('a failing translation engine in a run', { timeout: 120_000 }, () => {
  let news: NewsSiteServer;
  let libre: FakeHttpService;
  let deepl: FakeHttpService;
  let temp: ReturnType<typeof makeTempDir>;
  let pipeline: OpenPipeline | undefined;
  let fakes: FakeHttpService[] = [];
  let clock = T0;

  beforeAll(async () => {
    news = await serveNewsSite(fixtureDir);
    temp = makeTempDir();
  });
  afterAll(async () => {
    await news.stop();
    temp.remove();
  });
  afterEach(async () => {
    await pipeline?.close();
    pipeline = undefined;
    await Promise.all(fakes.map((fake) => fake.close()));
    fakes = [];
  });

  function configFor(name: string): Config {
    const campaign = (id: string, engine: TranslationEngineId) => ({
      id,
      sources: [`${news.baseUrl}/feed.xml`],
      to: 'fr',
      category: 'Monde',
      engine,
      quality: OPEN_GATES,
    });
    return parseConfig({
      data_dir: join(temp.dir, name),
      database: freshDatabaseLocation(join(temp.dir, name)),
      fetch: { allow_private_addresses: true },
      // Three campaigns relay one feed into French on purpose here: each must publish its own copy.
      duplicates: { enabled: false },
      campaigns: [campaign('world-libre', 'libretranslate'), campaign('world-libre-again', 'libretranslate'), campaign('world-deepl', 'deepl')],
    });
  }

  // The real engines, without waiting between their own retries.
  async function open(name: string): Promise<{ run: () => ReturnType<typeof runCampaigns>; db: Db }> {
    [libre, deepl] = await Promise.all([startFakeLibreTranslate(), startFakeDeepl({ apiKey: DEEPL_KEY })]);
    fakes = [libre, deepl];
    const noWait = { sleep: async () => undefined };
    const engines: Partial<Record<TranslationEngineId, TranslationEngine>> = {
      libretranslate: createLibreTranslateEngine({ url: libre.url, http: libre.http, apiKeyEnv: 'LT_KEY', env: {}, timeoutMs: 5_000, retry: noWait }),
      deepl: createDeeplEngine({ url: deepl.url, http: deepl.http, apiKeyEnv: 'DEEPL_KEY', env: { DEEPL_KEY }, timeoutMs: 5_000, formality: 'default', retry: noWait }),
    };
    clock = T0;
    pipeline = await openPipeline(configFor(name), { logger: pino({ level: 'silent' }), now: () => clock });
    const ctx = { ...pipeline.ctx, engine: (id: TranslationEngineId) => engines[id]! };
    return { run: () => runCampaigns(ctx), db: pipeline.database.db };
  }

  const translateCalls = (fake: FakeHttpService, path: string) => fake.requests.filter((request) => request.path === path).length;
  const storiesOf = async (db: Db, campaignId: string) =>
    (await listStories(db)).filter((story) => story.campaign_id === campaignId && story.state !== 'skipped');

  it.each([
    ['libretranslate', 'a refused key', { kind: 'status', status: 403, message: 'Invalid API key' }, /HTTP 403: Invalid API key\); this server needs a key; set LT_KEY/],
    ['deepl', 'a spent quota', { kind: 'status', status: 456, message: 'Quota exceeded' }, /HTTP 456: Quota exceeded\); the character quota of this billing period is spent/],
  ] as const)('%s answering %s is asked once, its stories wait untouched, the rest publishes; once it recovers, all is translated', async (engine, _what, fault, reason) => {
    const { run, db } = await open(`stop-${engine}`);
    const [stopped, working] = engine === 'libretranslate' ? [libre, deepl] : [deepl, libre];
    const [stoppedPath, workingPath] = engine === 'libretranslate' ? ['/translate', '/v2/translate'] : ['/v2/translate', '/translate'];
    const stoppedCampaigns = engine === 'libretranslate' ? ['world-libre', 'world-libre-again'] : ['world-deepl'];
    const workingCampaigns = engine === 'libretranslate' ? ['world-deepl'] : ['world-libre', 'world-libre-again'];
    stopped.persistentFault = fault as Fault;

    const summary = await run();
    expect(translateCalls(stopped, stoppedPath)).toBe(1);
    expect(summary.enginesStopped).toEqual([
      { engine, from: 'en', to: 'fr', reason: expect.stringMatching(reason), waiting: ARTICLES * stoppedCampaigns.length },
    ]);
    for (const id of stoppedCampaigns) {
      const stories = await storiesOf(db, id);
      expect(stories.map(({ state, attempts, reason: why, failed_stage }) => ({ state, attempts, reason: why, failed_stage }))).toEqual(
        Array.from({ length: ARTICLES }, () => ({ state: 'extracted', attempts: 0, reason: null, failed_stage: null })),
      );
    }
    const counts = await countStoriesByCampaign(db);
    for (const id of workingCampaigns) expect(counts[id]).toEqual(DONE);
    expect(summary).toMatchObject({ published: ARTICLES * workingCampaigns.length, failed: 0 });
    const [problem] = await listEngineProblems(db);
    expect(problem).toMatchObject({ engine, from: 'en', to: 'fr', reason: expect.stringMatching(reason) });
    expect(describeEngineStop(summary.enginesStopped[0]!)).toMatch(new RegExp(`^engine ${engine} en→fr stopped: .*; ${ARTICLES * stoppedCampaigns.length} stories wait$`));

    // The next run asks again, once; the problem is seen again, not added twice.
    clock = new Date(T0.getTime() + 60_000);
    await run();
    expect(translateCalls(stopped, stoppedPath)).toBe(2);
    expect(await readEngineProblems(db, pipeline!.ctx.config.campaigns)).toEqual([
      expect.objectContaining({ engine, firstSeenAt: problem!.firstSeenAt, waiting: ARTICLES * stoppedCampaigns.length }),
    ]);

    stopped.persistentFault = undefined;
    const recovered = await run();
    expect(recovered).toMatchObject({ translated: ARTICLES * stoppedCampaigns.length, published: ARTICLES * stoppedCampaigns.length, failed: 0, enginesStopped: [] });
    expect(await listEngineProblems(db)).toEqual([]);
    expect(Object.values(await countStoriesByCampaign(db))).toEqual([DONE, DONE, DONE]);
    expect(translateCalls(working, workingPath)).toBeGreaterThan(0);
    expect(stopped.violations).toEqual([]);
  });

  it('an engine that is down fails each story with the stage backoff and counts the attempt; the rest publishes', async () => {
    const { run, db } = await open('down');
    libre.persistentFault = { kind: 'status', status: 503, message: 'Service Unavailable' };

    const summary = await run();
    expect(summary).toMatchObject({ failed: 2 * ARTICLES, published: ARTICLES, enginesStopped: [] });
    for (const id of ['world-libre', 'world-libre-again']) {
      for (const story of await storiesOf(db, id)) {
        expect(story).toMatchObject({ state: 'failed', failed_stage: 'translate', attempts: 1, next_attempt_at: nextAttemptAt(T0, 0) });
        expect(story.reason).toMatch(/^translate: libretranslate: .*\/translate failed after 4 attempts \(HTTP 503\)$/);
      }
    }
    expect(await listEngineProblems(db)).toEqual([]);

    // Not due yet: the stories are left alone, the engine is not asked.
    const calls = translateCalls(libre, '/translate');
    clock = new Date(Date.parse(nextAttemptAt(T0, 0)) - 1_000);
    expect(await run()).toMatchObject({ failed: 0, translated: 0 });
    expect(translateCalls(libre, '/translate')).toBe(calls);

    // Due, still down: the second attempt waits twice as long.
    clock = new Date(nextAttemptAt(T0, 0));
    expect(await run()).toMatchObject({ failed: 2 * ARTICLES });
    const [again] = await storiesOf(db, 'world-libre');
    expect(again).toMatchObject({ state: 'failed', attempts: 2, next_attempt_at: nextAttemptAt(clock, 1) });

    libre.persistentFault = undefined;
    clock = new Date(nextAttemptAt(clock, 1));
    expect(await run()).toMatchObject({ translated: 2 * ARTICLES, published: 2 * ARTICLES, failed: 0 });
  });

  it('opus-mt without its model stops for the pair, saying which command fetches it', async () => {
    const config = parseConfig({
      data_dir: join(temp.dir, 'no-model'),
      database: freshDatabaseLocation(join(temp.dir, 'no-model')),
      fetch: { allow_private_addresses: true },
      engines: { 'opus-mt': { models_dir: join(temp.dir, 'no-models-here') } },
      campaigns: [{ id: 'world', sources: [`${news.baseUrl}/feed.xml`], to: 'fr', category: 'Monde', engine: 'opus-mt' }],
    });
    pipeline = await openPipeline(config, { logger: pino({ level: 'silent' }) });
    const summary = await runCampaigns(pipeline.ctx);
    const models = join(temp.dir, 'no-models-here');
    expect(summary.enginesStopped).toEqual([
      {
        engine: 'opus-mt',
        from: 'en',
        to: 'fr',
        reason: `no model for en→fr in ${models} (missing ${models}/Xenova/opus-mt-en-fr/onnx/encoder_model_quantized.onnx; run: relais models pull opus-mt en-fr)`,
        waiting: ARTICLES,
      },
    ]);
    expect(summary).toMatchObject({ extracted: ARTICLES, translated: 0, failed: 0 });
    expect((await storiesOf(pipeline.database.db, 'world')).every((story) => story.state === 'extracted' && story.attempts === 0)).toBe(true);
  });
});
