import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { parseConfig, type Config } from '../config/index.js';
import { createSiteReader, listStories, readTranslation, releaseHeldStory } from '../storage/index.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { openPipeline } from './open.js';
import { runCampaigns } from './run.js';
import { freshDatabaseLocation } from '../../test/support/test-database.js';

// A real engine whose output must not be published: the tiny opus-mt model translates into
// looping gibberish that its language identifier reads as English.

const tinyModels = fileURLToPath(new URL('../../test/fixtures/tiny-marian', import.meta.url));
const paragraph = (n: number) =>
  `<p>Paragraph ${n} tells how the council met on Tuesday to discuss the new bridge, the budget for schools and the plan for the river banks, which residents have asked about for years.</p>`;
const page = `<!doctype html><html lang="en"><head><title>Council approves the new bridge</title></head><body><article><h1>Council approves the new bridge</h1>${[1, 2, 3, 4].map(paragraph).join('')}</article></body></html>`;

function startSite(): Promise<{ base: string; server: Server }> {
  const server = createServer((request, response) => {
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    if (request.url === '/feed.xml') {
      response.writeHead(200, { 'content-type': 'application/rss+xml' });
      response.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Town</title><link>${base}/</link><item><title>Bridge</title><link>${base}/a/bridge.html</link></item></channel></rss>`);
      return;
    }
    if (request.url === '/a/bridge.html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(page);
      return;
    }
    response.writeHead(404).end();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ base: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server })),
  );
}

const LANGUAGE_ONLY = { max_repetition: 10_000, min_length_ratio: 0.01, max_length_ratio: 1000, max_untranslated_share: 1 };

describe('quality gates in the pipeline', { timeout: 120_000 }, () => {
  let site: { base: string; server: Server };
  let temp: ReturnType<typeof makeTempDir>;

  beforeAll(async () => {
    site = await startSite();
    temp = makeTempDir();
  });
  afterAll(async () => {
    await new Promise((resolve) => site.server.close(resolve));
    temp.remove();
  });

  function configFor(name: string, quality: Record<string, unknown> | undefined): Config {
    return parseConfig({
      data_dir: join(temp.dir, name),
      database: freshDatabaseLocation(join(temp.dir, name)),
      fetch: { allow_hosts: [new URL(site.base).host] },
      engines: { 'opus-mt': { models_dir: tinyModels, dtype: 'fp32' } },
      campaigns: [
        {
          id: 'town-en2fr',
          sources: [`${site.base}/feed.xml`],
          to: 'fr',
          category: 'Ville',
          engine: 'opus-mt',
          cleanup: { min_words: 20 },
          ...(quality ? { quality } : {}),
        },
      ],
    });
  }

  it.each([
    ['default thresholds', undefined, 'repetition'],
    ['only the language gate', { ...LANGUAGE_ONLY, check_language: true }, 'language'],
  ])('holds a story whose translation fails a gate (%s), keeps its translation, publishes nothing', async (name, quality, gate) => {
    const config = configFor(name.replace(/\W+/g, '-'), quality);
    const pipeline = await openPipeline(config, { logger: pino({ level: 'silent' }) });
    try {
      const summary = await runCampaigns(pipeline.ctx);
      expect(summary).toMatchObject({ discovered: 1, translated: 0, held: 1, published: 0 });
      const [story] = await listStories(pipeline.database.db, { state: 'held' });
      expect(story).toMatchObject({ failed_stage: 'translate' });
      expect(story?.reason).toMatch(new RegExp(`^quality gate ${gate}: `));
      const stored = await readTranslation(pipeline.database.db, story!.id, 'fr');
      expect(stored?.html).toMatch(/<p>/);
      expect((await createSiteReader(pipeline.database.db, 'fr').listLatest({ limit: 10, offset: 0 })).total).toBe(0);
      // Held is a decision, not a failure: the next run leaves it alone.
      expect(await runCampaigns(pipeline.ctx)).toMatchObject({ translated: 0, held: 0, published: 0 });
    } finally {
      await pipeline.close();
    }
  });

  it('publishes a held story once a reviewer releases it, without translating it again', async () => {
    const config = configFor('released', undefined);
    const pipeline = await openPipeline(config, { logger: pino({ level: 'silent' }) });
    try {
      await runCampaigns(pipeline.ctx);
      const [story] = await listStories(pipeline.database.db, { state: 'held' });
      const held = await readTranslation(pipeline.database.db, story!.id, 'fr');
      expect(await releaseHeldStory(pipeline.database.db, story!.id)).toEqual({ kind: 'released', state: 'translated' });
      expect(await runCampaigns(pipeline.ctx)).toMatchObject({ translated: 0, published: 1 });
      const [published] = (await createSiteReader(pipeline.database.db, 'fr').listLatest({ limit: 10, offset: 0 })).items;
      expect(published?.title).toBe(held?.title);
    } finally {
      await pipeline.close();
    }
  });

  it('publishes the same story when the campaign turns the gates off', async () => {
    const config = configFor('gates-off', { ...LANGUAGE_ONLY, check_language: false });
    const pipeline = await openPipeline(config, { logger: pino({ level: 'silent' }) });
    try {
      expect(await runCampaigns(pipeline.ctx)).toMatchObject({ translated: 1, held: 0, published: 1 });
    } finally {
      await pipeline.close();
    }
  });
});
