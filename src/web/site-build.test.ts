import { parseHTML } from 'linkedom';
import { afterEach, describe, expect, it } from 'vitest';
import { makeStorySeeds, openSeededSite, publishStories, TEST_ORIGIN, type SeededSite } from '../../test/support/published-stories.js';
import { recordPublished, recordTranslated, recordTranslationHeld } from '../storage/index.js';
import { listSiteChanges, listStoredPageTags, takeRenderTurn } from '../storage/site-pages.js';
import type { SiteOptions } from './render.js';
import { createSiteBuilder } from './site-build.js';

// The stored pages follow the publications: what a change touches is rendered again, and only that.

const options: SiteOptions = { title: 'Relais', language: 'fr', pageSize: 20, origin: TEST_ORIGIN };

async function text(site: SeededSite, path: string): Promise<string> {
  const response = await site.server.request(path);
  expect(response.status, path).toBe(200);
  return response.text();
}

describe('site builder', () => {
  let site: SeededSite;
  afterEach(async () => site?.close());

  it('renders a new story into its page, the lists and the feeds, leaving older articles as they were', async () => {
    site = await openSeededSite(makeStorySeeds(3));
    const before = await listStoredPageTags(site.db);
    const [slug] = await publishStories(site.db, [{ url: 'https://news.example/new', title: 'Une nouvelle toute fraîche', publishedAt: '2026-12-01T00:00:00Z' }]);
    const report = await createSiteBuilder({ db: site.db, site: options }).render();
    expect(report).toMatchObject({ kind: 'changes', changes: 1, removed: 0 });
    await site.server.refresh();
    const after = await listStoredPageTags(site.db);
    const changed = [...after.keys()].filter((path) => before.get(path) !== after.get(path)).sort();
    // December's sitemap is new, October's (the older stories') stays as it was; the news sitemap
    // is empty before and after (the story is older than 48 hours).
    const sitemaps = ['/sitemap.xml', '/sitemap-pages.xml', '/sitemap-articles-2026-12.xml'];
    const feeds = ['/feed.xml', '/atom.xml', '/feed.json', '/rubrique/monde/feed.xml', '/rubrique/monde/atom.xml', '/rubrique/monde/feed.json'];
    expect(changed).toEqual([`/article/${slug}`, '/', '/rubrique/monde', ...feeds, ...sitemaps].sort());
    expect(after.has('/sitemap-articles-2026-10.xml')).toBe(true);
    expect(await text(site, '/')).toContain('Une nouvelle toute fraîche');
    for (const feed of feeds) expect(await text(site, feed), feed).toContain('Une nouvelle toute fraîche');
    const page = parseHTML(await text(site, `/article/${slug}`)).document;
    expect([...page.querySelectorAll('.related h3, .related a')].map((node) => node.textContent).join(' ')).toContain('Nouvelle numéro 1');
    expect(await listSiteChanges(site.db)).toEqual([]);
  });

  it('renders an updated story again, and the later pages that list it as related', async () => {
    site = await openSeededSite(makeStorySeeds(3));
    const [newest, , oldest] = site.slugs;
    const { id } = (await site.db.selectFrom('publications').select('story_id as id').where('slug', '=', oldest!).executeTakeFirstOrThrow());
    await recordTranslated(site.db, id, { language: 'fr', engine: 'apertium', title: 'Titre corrigé', summary: 'Résumé corrigé', html: '<p>Texte corrigé.</p>' });
    await recordPublished(site.db, id, { language: 'fr', slug: 'ignored', categoryName: 'Monde', categorySlug: 'monde', sourceName: 'CNN' });
    await site.render();
    expect(await text(site, `/article/${oldest}`)).toContain('Texte corrigé.');
    expect(await text(site, `/article/${newest}`)).toContain('Titre corrigé');
    expect(await text(site, '/')).toContain('Titre corrigé');
  });

  it('shows the published text, not a later translation held for review, even when every page is rendered again', async () => {
    site = await openSeededSite(makeStorySeeds(2));
    const [slug] = site.slugs;
    const { id } = await site.db.selectFrom('publications').select('story_id as id').where('slug', '=', slug!).executeTakeFirstOrThrow();
    await recordTranslationHeld(site.db, id, { language: 'fr', engine: 'apertium', title: 'Titre retenu', summary: 'Résumé retenu', html: '<p>Texte retenu.</p>' }, 'quality gate');
    expect(await createSiteBuilder({ db: site.db, site: { ...options, title: 'Tout à nouveau' } }).render()).toMatchObject({ kind: 'all' });
    await site.server.refresh();
    const page = await text(site, `/article/${slug}`);
    expect(page).not.toContain('retenu');
    expect(page).toContain('Nouvelle numéro 1');
  });

  it('renders every page when the categories change, since every page lists them', async () => {
    site = await openSeededSite(makeStorySeeds(2));
    await publishStories(site.db, [{ url: 'https://news.example/eco', title: 'La Bourse recule', category: 'Économie' }]);
    const report = await createSiteBuilder({ db: site.db, site: options }).render();
    expect(report?.kind).toBe('all');
    await site.server.refresh();
    const nav = parseHTML(await text(site, `/article/${site.slugs[1]}`)).document.querySelectorAll('.site-nav a');
    expect([...nav].map((link) => link.textContent)).toContain('Économie');
  });

  it('renders everything again when the settings change, and nothing when nothing did', async () => {
    site = await openSeededSite(makeStorySeeds(2));
    expect(await createSiteBuilder({ db: site.db, site: options }).render()).toBeUndefined();
    const retitled = await createSiteBuilder({ db: site.db, site: { ...options, title: 'Le Relais' } }).render();
    expect(retitled).toMatchObject({ kind: 'all' });
    await site.server.refresh();
    expect(await text(site, `/article/${site.slugs[0]}`)).toContain('— Le Relais</title>');
  });

  it('keeps a change that was published but not rendered, for the next render', async () => {
    site = await openSeededSite([]);
    // As a process that died right after publishing: the change is in the database, the pages are not.
    const [slug] = await publishStories(site.db, [{ url: 'https://news.example/a', title: 'Publiée avant la panne' }]);
    expect((await site.server.request(`/article/${slug}`)).status).toBe(404);
    await site.render();
    expect(await text(site, `/article/${slug}`)).toContain('Publiée avant la panne');
  });

  it('lets one renderer at a time write, and the other render later', async () => {
    site = await openSeededSite(makeStorySeeds(1));
    expect(await takeRenderTurn(site.db, 'another-process', 60)).toBeGreaterThan(0);
    const [slug] = await publishStories(site.db, [{ url: 'https://news.example/b', title: 'Attendue' }]);
    const builder = createSiteBuilder({ db: site.db, site: options, delayMs: 20 });
    expect(await builder.render()).toBeUndefined();
    // The turn expires (its holder died): the scheduled retry renders the change.
    await site.db.updateTable('site_state').set({ render_until: '2000-01-01T00:00:00.000Z' }).execute();
    builder.schedule();
    await builder.idle();
    await builder.close();
    await site.server.refresh();
    expect(await text(site, `/article/${slug}`)).toContain('Attendue');
  });
});
