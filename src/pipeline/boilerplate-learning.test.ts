import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { pino } from 'pino';
import { buildCnnLikePages, type CnnLikePage } from '../../test/support/cnn-like-pages.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { parseConfig, type CampaignConfig } from '../config/index.js';
import {
  ensureSource,
  insertDiscoveredStories,
  listStories,
  readArticle,
  readBlockCounts,
  recordFetched,
  type StoryRecord,
} from '../storage/index.js';
import { openPipeline, type OpenPipeline } from './open.js';
import { extractStory } from './stages.js';
import { freshDatabaseLocation } from '../../test/support/test-database.js';

// The extract stage learns a source's boilerplate from the stories it has extracted, through the
// real storage: early stories teach it, later ones (and re-extracted early ones) come out clean.

describe('extract stage with boilerplate learned per source', () => {
  const pages = buildCnnLikePages('https://edition.cnn.example');
  let temp: ReturnType<typeof makeTempDir>;
  let pipeline: OpenPipeline;
  let campaign: CampaignConfig;

  beforeEach(async () => {
    temp = makeTempDir();
    const config = parseConfig({
      data_dir: join(temp.dir, 'data'),
      database: freshDatabaseLocation(join(temp.dir, 'data')),
      campaigns: [{ id: 'cnn-en2fr', sources: ['https://edition.cnn.example/feed.xml'], from: 'en', to: 'fr', category: 'Monde', engine: 'apertium' }],
    });
    campaign = config.campaigns[0]!;
    pipeline = await openPipeline(config, { logger: pino({ level: 'silent' }) });
    const db = pipeline.ctx.db;
    const source = await ensureSource(db, campaign.id, campaign.sources[0]!);
    await insertDiscoveredStories(db, campaign.id, source.id, pages.map((page) => ({ url: page.url, originalUrl: page.url })));
    for (const story of await listStories(db)) {
      const page = pages.find((candidate) => candidate.url === story.url)!;
      await recordFetched(db, story.id, { finalUrl: page.url, contentType: 'text/html; charset=utf-8', body: Buffer.from(page.html) });
    }
  });
  afterEach(async () => {
    await pipeline.close();
    temp.remove();
  });

  async function extractInOrder(): Promise<{ story: StoryRecord; page: CnnLikePage; text: string }[]> {
    const stories = (await listStories(pipeline.ctx.db)).sort((a, b) => a.id - b.id);
    const results = [];
    for (const story of stories) {
      expect(await extractStory(pipeline.ctx, campaign, story)).toBe('done');
      const article = await readArticle(pipeline.ctx.db, story.id);
      results.push({ story, page: pages.find((page) => page.url === story.url)!, text: article!.text });
    }
    return results;
  }

  it('drops junk once the source has taught it, keeps real paragraphs, and never counts a story twice', async () => {
    const first = await extractInOrder();
    const junkLeft = (run: typeof first) => run.flatMap(({ page, text }) => page.junk.filter((junk) => text.includes(junk)));
    // The first stories come before any history: their template junk is still there.
    expect(junkLeft(first.slice(0, 2)).length).toBeGreaterThan(0);
    // Each kind of junk has been seen in three stories by then (desk codes rotate every four stories).
    expect(junkLeft(first.slice(16))).toEqual([]);

    const second = await extractInOrder();
    expect(junkLeft(second)).toEqual([]);
    for (const { page, text } of second) for (const paragraph of page.keep) expect(text).toContain(paragraph);
    const history = await readBlockCounts(pipeline.ctx.db, 'edition.cnn.example', 1);
    expect(history.sourceStories).toBe(pages.length);
    expect(Math.max(...history.counts.map((count) => count.stories))).toBeLessThanOrEqual(pages.length);
  });
});
