import { parseRssFeed } from 'feedsmith';
import { afterEach, describe, expect, it } from 'vitest';
import { makeStorySeeds, openSeededSite, type SeededSite } from '../../test/support/published-stories.js';

describe('RSS feeds', () => {
  let site: SeededSite;
  afterEach(async () => site?.close());

  it('carries the latest 50 stories with absolute links from the request origin', async () => {
    site = await openSeededSite(makeStorySeeds(55), { origin: 'http://news.test:8080' });
    const response = await site.server.request('http://news.test:8080/feed.xml');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    expect(response.headers.get('etag')).toBeTruthy();
    const feed = parseRssFeed(await response.text());
    expect(feed.language).toBe('fr');
    expect(feed.link).toBe('http://news.test:8080/');
    expect(feed.atom?.links?.[0]?.href).toBe('http://news.test:8080/feed.xml');
    expect(feed.items).toHaveLength(50);
    const first = feed.items![0]!;
    expect(first.title).toBe('Nouvelle numéro 1');
    expect(first.link).toBe(`http://news.test:8080/article/${site.slugs[0]}`);
    expect(first.guid).toEqual({ value: first.link, isPermaLink: true });
    expect(first.categories).toEqual([{ name: 'Monde' }]);
    for (const item of feed.items!) expect(item.link).toMatch(/^http:\/\/news\.test:8080\/article\/[a-z0-9-]+$/);
  });

  it('starts links from the configured origin whatever host the request names', async () => {
    site = await openSeededSite(makeStorySeeds(1), { origin: 'https://relais.example' });
    const feed = parseRssFeed(await (await site.server.request('http://internal:3000/feed.xml')).text());
    expect(feed.items?.[0]?.link).toBe(`https://relais.example/article/${site.slugs[0]}`);
  });

  it('has one feed per category', async () => {
    site = await openSeededSite([...makeStorySeeds(3, 'Monde'), ...makeStorySeeds(2, 'Économie', 'Chiffre')]);
    const feed = parseRssFeed(await (await site.server.request('/rubrique/economie/feed.xml')).text());
    expect(feed.title).toBe('Économie — Relais');
    expect(feed.link).toBe('http://localhost/rubrique/economie');
    expect(feed.items?.map((item) => item.title)).toEqual(['Chiffre numéro 1', 'Chiffre numéro 2']);
  });

  it('escapes hostile titles and summaries so they come back intact', async () => {
    const hostile = 'Alerte <script>alert(1)</script> & "fin" ]]>\u0007';
    site = await openSeededSite([{ url: 'https://news.example/h', title: hostile, summary: hostile, category: 'A & B <i>' }]);
    const xml = await (await site.server.request('/feed.xml')).text();
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain('\u0007');
    const item = parseRssFeed(xml).items?.[0];
    expect(item?.title).toBe(hostile.replace('\u0007', ''));
    expect(item?.description).toBe(hostile.replace('\u0007', ''));
    expect(item?.categories).toEqual([{ name: 'A & B <i>' }]);
  });
});
