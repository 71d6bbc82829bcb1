// Test support: publishes stories through the real storage transitions, as the pipeline does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImageRef } from '../../src/domain/types.js';
import { categorySlug, slugifyTitle } from '../../src/publisher/index.js';
import {
  ensureSource,
  insertDiscoveredStories,
  listStoriesForStage,
  recordExtracted,
  recordPublished,
  recordTranslated,
  openDatabase,
  type Db,
} from '../../src/storage/index.js';
import { createSiteBuilder, createSiteServer, type SiteOptions, type SiteServer } from '../../src/web/index.js';
import { freshDatabaseLocation } from './test-database.js';

/** One story to publish; everything but the URL and title has a default. */
export interface StorySeed {
  url: string;
  title: string;
  summary?: string;
  html?: string;
  category?: string;
  publishedAt?: string;
  campaignId?: string;
  language?: string;
  sourceLanguage?: string;
  sourceName?: string;
  byline?: string;
  leadImage?: ImageRef;
}

/** Publishes the stories in order and answers their slugs. */
export async function publishStories(db: Db, seeds: readonly StorySeed[]): Promise<string[]> {
  const slugs: string[] = [];
  for (const seed of seeds) slugs.push(await publishStory(db, seed));
  return slugs;
}

async function publishStory(db: Db, seed: StorySeed): Promise<string> {
  const campaignId = seed.campaignId ?? 'test-campaign';
  const source = await ensureSource(db, campaignId, 'https://news.example/feed.xml');
  await insertDiscoveredStories(db, campaignId, source.id, [{ url: seed.url, originalUrl: seed.url }]);
  const pending = await listStoriesForStage(db, campaignId, 'fetch', { limit: 1000, maxAttempts: 3 });
  const story = pending.find((candidate) => candidate.url === seed.url);
  if (!story) throw new Error(`test seed: story ${seed.url} was not discovered (duplicate URL?)`);
  const html = seed.html ?? '<p>Original body.</p>';
  await recordExtracted(db, story.id, {
    title: seed.title,
    html,
    text: html.replace(/<[^>]+>/g, ''),
    wordCount: 2,
    language: seed.sourceLanguage ?? 'en',
    ...(seed.byline ? { byline: seed.byline } : {}),
    ...(seed.leadImage ? { leadImage: seed.leadImage } : {}),
  });
  const language = seed.language ?? 'fr';
  const summary = seed.summary ?? `Résumé de ${seed.title}`;
  await recordTranslated(db, story.id, { language, engine: 'apertium', title: seed.title, summary, html });
  const category = seed.category ?? 'Monde';
  return recordPublished(db, story.id, {
    language,
    slug: slugifyTitle(seed.title, language),
    categoryName: category,
    categorySlug: categorySlug(category),
    sourceName: seed.sourceName ?? 'CNN',
    ...(seed.publishedAt ? { publishedAt: seed.publishedAt } : {}),
  });
}

/** A site over a fresh temporary database; close it when done. */
export interface SeededSite {
  server: SiteServer;
  db: Db;
  slugs: string[];
  /** Renders what changed since (as the pipeline does after publishing) and lets the server see it. */
  render(): Promise<void>;
  close(): Promise<void>;
}

/** Test sites are reached at this origin unless a test says otherwise. */
export const TEST_ORIGIN = 'http://localhost';

/** Opens a temporary database, publishes the stories and serves them in `site.language`. */
export async function openSeededSite(seeds: readonly StorySeed[], site: Partial<SiteOptions> = {}): Promise<SeededSite> {
  const dir = mkdtempSync(join(tmpdir(), 'relais-web-'));
  const handle = await openDatabase(freshDatabaseLocation(dir));
  const options: SiteOptions = { title: 'Relais', language: 'fr', pageSize: 20, origin: TEST_ORIGIN, ...site };
  const slugs = await publishStories(
    handle.db,
    seeds.map((seed) => ({ language: options.language, ...seed })),
  );
  const server = createSiteServer({ db: handle.db, site: options });
  const render = async () => {
    await createSiteBuilder({ db: handle.db, site: options }).render();
    await server.refresh();
  };
  await render();
  return {
    server,
    db: handle.db,
    slugs,
    render,
    async close() {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `count` stories a day apart, newest first, in `category`. */
export function makeStorySeeds(count: number, category = 'Monde', prefix = 'Nouvelle'): StorySeed[] {
  return Array.from({ length: count }, (_, index) => ({
    url: `https://news.example/${encodeURIComponent(category)}/${index + 1}`,
    title: `${prefix} numéro ${index + 1}`,
    category,
    publishedAt: new Date(Date.UTC(2026, 9, 1 + count - index, 10)).toISOString(),
  }));
}
