import { afterEach, describe, expect, it } from 'vitest';
import { makeStorySeeds, openSeededSite, publishStories, type SeededSite } from '../../test/support/published-stories.js';
import { createTranslationMemory, deleteStory, ensureSource, insertDiscoveredStories, listAudit, readStory, recordTranslated, unpublishStory } from '../storage/index.js';

// A story taken down: 410 at its address, gone from lists and feeds, its slug never reused.

async function storyIdOf(site: SeededSite, slug: string): Promise<number> {
  const row = await site.db.selectFrom('publications').select('story_id').where('slug', '=', slug).executeTakeFirstOrThrow();
  return row.story_id;
}

describe('takedown', () => {
  let site: SeededSite;
  afterEach(async () => site?.close());

  it('answers 410 at an unpublished story, and leaves it out of every list, feed and related list', async () => {
    site = await openSeededSite(makeStorySeeds(3));
    const [newest, middle, oldest] = site.slugs;
    const id = await storyIdOf(site, middle!);
    expect(await unpublishStory(site.db, id, { reason: 'erreur de traduction', actor: 'marie' })).toBe('unpublished');
    await site.render();

    const gone = await site.server.request(`/article/${middle}`);
    expect(gone.status).toBe(410);
    expect(await gone.text()).toContain('Article retiré');
    for (const path of ['/', '/feed.xml', '/atom.xml', '/feed.json', '/rubrique/monde', '/rubrique/monde/feed.xml', '/rubrique/monde/atom.xml', '/rubrique/monde/feed.json', `/article/${newest}`, '/sitemap-articles-2026-10.xml', '/sitemap-news.xml']) {
      const text = await (await site.server.request(path)).text();
      expect(text, path).not.toContain(`/article/${middle}"`);
      expect(text, path).not.toContain('Nouvelle numéro 2<');
    }
    // The newest story's related list now reaches past the one taken down.
    expect(await (await site.server.request(`/article/${newest}`)).text()).toContain(`/article/${oldest}`);
    expect((await readStory(site.db, id))?.state).toBe('unpublished');
    expect(await listAudit(site.db, { storyId: id })).toMatchObject([{ actor: 'marie', action: 'unpublish', detail: 'erreur de traduction' }]);
    expect(await unpublishStory(site.db, id, { reason: 'again', actor: 'marie' })).toBe('not-published');
    expect(await unpublishStory(site.db, 9999, { reason: 'none', actor: 'marie' })).toBe('unknown');

    // A later story with the same title gets another slug: the old address stays gone.
    const [again] = await publishStories(site.db, [{ url: 'https://news.example/again', title: 'Nouvelle numéro 2' }]);
    expect(again).not.toBe(middle);
    await site.render();
    expect((await site.server.request(`/article/${middle}`)).status).toBe(410);
  });

  it('takes an unpublished story out of its month\'s sitemap and the news sitemap, and a month left empty out of the index', async () => {
    // Published now (the news sitemap's 48 hours) and in October (a month of its own).
    site = await openSeededSite([
      { url: 'https://news.example/today', title: 'Nouvelle du jour' },
      { url: 'https://news.example/today-2', title: 'Autre nouvelle du jour' },
      { url: 'https://news.example/october', title: 'Nouvelle d’octobre', publishedAt: '2026-10-05T10:00:00.000Z' },
    ]);
    const [today, other, october] = site.slugs;
    const month = `/sitemap-articles-${new Date().toISOString().slice(0, 7)}.xml`;
    const text = async (path: string) => (await site.server.request(path)).text();
    expect(await text('/sitemap-news.xml')).toContain(`/article/${today}<`);
    expect(await text(month)).toContain(`/article/${today}<`);

    expect(await unpublishStory(site.db, await storyIdOf(site, today!), { reason: 'plainte', actor: 'marie' })).toBe('unpublished');
    expect(await deleteStory(site.db, await storyIdOf(site, october!), { actor: 'marie' })).toBe(true);
    await site.render();
    for (const path of ['/sitemap-news.xml', month, '/sitemap.xml', '/sitemap-pages.xml']) {
      const xml = await text(path);
      expect(xml, path).not.toContain(`/article/${today}<`);
      expect(xml, path).not.toContain(`/article/${october}<`);
    }
    expect(await text('/sitemap-news.xml')).toContain(`/article/${other}<`);
    expect(await text(month)).toContain(`/article/${other}<`);
    // October has no article left: its sitemap is gone, and the index no longer names it.
    expect((await site.server.request('/sitemap-articles-2026-10.xml')).status).toBe(404);
    expect(await text('/sitemap.xml')).not.toContain('2026-10');
  });

  it('deletes what it holds of a story but its URL, so that polling never takes it in again', async () => {
    site = await openSeededSite(makeStorySeeds(2));
    const [slug] = site.slugs;
    const id = await storyIdOf(site, slug!);
    expect(await deleteStory(site.db, id, { actor: 'marie' })).toBe(true);
    await site.render();
    expect((await site.server.request(`/article/${slug}`)).status).toBe(410);
    for (const table of ['articles', 'translations', 'pages', 'story_revisions'] as const) {
      expect(await site.db.selectFrom(table).select('story_id').where('story_id', '=', id).execute(), table).toEqual([]);
    }
    const publication = await site.db.selectFrom('publications').select(['title', 'html']).where('story_id', '=', id).executeTakeFirstOrThrow();
    expect(publication).toEqual({ title: '', html: '' });
    const story = await readStory(site.db, id);
    const source = await ensureSource(site.db, 'test-campaign', 'https://news.example/feed.xml');
    expect(await insertDiscoveredStories(site.db, 'test-campaign', source.id, [{ url: story!.url, originalUrl: story!.url }])).toBe(0);
    expect((await listAudit(site.db, { storyId: id }))[0]).toMatchObject({ actor: 'marie', action: 'delete' });
    expect(await deleteStory(site.db, 9999, { actor: 'marie' })).toBe(false);
  });

  it("forgets the sentences only the deleted story's segments hold, and keeps those another story holds", async () => {
    site = await openSeededSite(makeStorySeeds(2));
    const [first, second] = await Promise.all(site.slugs.map((slug) => storyIdOf(site, slug)));
    const segment = (source: string) => ({ source, translation: `fr:${source}`, atoms: {}, origin: 'machine' as const, engine: 'apertium' });
    const settings = { from: 'en', protectedTerms: [], glossary: {} };
    const translated = { language: 'fr', engine: 'apertium', title: 'T', summary: '', html: '<p>T</p>', segmentedWith: settings };
    await recordTranslated(site.db, first!, { ...translated, segments: [segment('Only in the first.'), segment('In both.')] });
    await recordTranslated(site.db, second!, { ...translated, segments: [segment('In both.'), segment('Only in the second.')] });
    const memory = createTranslationMemory(site.db);
    const pair = { from: 'en', to: 'fr' };
    await memory.remember('apertium', pair, new Map(['Only in the first.', 'In both.', 'Only in the second.'].map((source) => [source, `fr:${source}`])));
    expect(await deleteStory(site.db, first!, { actor: 'marie' })).toBe(true);
    const left = await site.db.selectFrom('translation_memory').select('source').orderBy('source').execute();
    expect(left.map((row) => row.source)).toEqual(['In both.', 'Only in the second.']);
  });
});
