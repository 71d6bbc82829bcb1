import { parseHTML } from 'linkedom';
import { afterEach, describe, expect, it } from 'vitest';
import { makeStorySeeds, openSeededSite, publishStories, type SeededSite } from '../../test/support/published-stories.js';

function parse(html: string) {
  return parseHTML(html).document;
}

async function fetchPage(site: SeededSite, path: string) {
  const response = await site.server.request(path);
  return { response, html: await response.text() };
}

describe('site lists', () => {
  let site: SeededSite;
  afterEach(async () => site?.close());

  it('lists the latest stories on the home page with label, title, date, summary and thumbnail', async () => {
    site = await openSeededSite([
      { url: 'https://news.example/a', title: 'Xi rencontrera Poutine', category: 'Nouvelles des États-Unis', publishedAt: '2026-11-27T10:00:00Z', leadImage: { url: 'https://img.example/a.jpg' } },
      { url: 'https://news.example/b', title: 'La Bourse recule', category: 'Économie', publishedAt: '2026-11-26T10:00:00Z' },
    ]);
    const { response, html } = await fetchPage(site, '/');
    expect(response.status).toBe(200);
    const cards = [...parse(html).querySelectorAll('.card')];
    expect(cards.map((card) => card.querySelector('h2')?.textContent)).toEqual(['Xi rencontrera Poutine', 'La Bourse recule']);
    expect(cards[0]?.querySelector('.kicker')?.getAttribute('href')).toBe('/rubrique/nouvelles-des-etats-unis');
    expect(cards[0]?.querySelector('time')?.textContent).toBe('27 novembre 2026');
    expect(cards[0]?.querySelector('img')?.getAttribute('src')).toBe('https://img.example/a.jpg');
    expect(cards[1]?.querySelector('img')).toBeNull();
    expect(cards[1]?.querySelector('p')?.textContent).toBe('Résumé de La Bourse recule');
    const nav = [...parse(html).querySelectorAll('.site-nav a')].map((link) => link.textContent);
    expect(nav).toEqual(['Accueil', 'Économie', 'Nouvelles des États-Unis']);
  });

  it('says so when nothing is published yet, instead of a 404', async () => {
    site = await openSeededSite([]);
    const { response, html } = await fetchPage(site, '/');
    expect(response.status).toBe(200);
    expect(html).toContain('Aucun article pour l’instant.');
  });

  it('paginates the home page with rel=next/prev and 404s past the end', async () => {
    site = await openSeededSite(makeStorySeeds(25));
    const first = parse((await fetchPage(site, '/')).html);
    expect(first.querySelectorAll('.card')).toHaveLength(20);
    expect(first.querySelector('a[rel="next"]')?.getAttribute('href')).toBe('/page/2');
    expect(first.querySelector('a[rel="next"]')?.textContent).toContain('Page suivante');
    expect(first.querySelector('a[rel="prev"]')).toBeNull();
    const { response, html } = await fetchPage(site, '/page/2');
    expect(response.status).toBe(200);
    const second = parse(html);
    expect([...second.querySelectorAll('.card h2')].map((h) => h.textContent)).toEqual(
      ['Nouvelle numéro 21', 'Nouvelle numéro 22', 'Nouvelle numéro 23', 'Nouvelle numéro 24', 'Nouvelle numéro 25'],
    );
    expect(second.querySelector('a[rel="prev"]')?.getAttribute('href')).toBe('/');
    expect(second.querySelector('a[rel="prev"]')?.textContent).toContain('Page précédente');
    expect(second.querySelector('link[rel="prev"]')?.getAttribute('href')).toBe('http://localhost/');
    expect(second.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe('http://localhost/page/2');
    expect(second.querySelector('a[rel="next"]')).toBeNull();
  });

  it('moves the older ?page=N addresses of list pages to their paths', async () => {
    site = await openSeededSite(makeStorySeeds(45));
    for (const [from, to] of [['/?page=2', '/page/2'], ['/?page=1', '/'], ['/rubrique/monde?page=3', '/rubrique/monde/page/3']]) {
      const response = await site.server.request(from!);
      expect(response.status).toBe(301);
      expect(response.headers.get('location')).toBe(to);
    }
    // Other queries (campaign tags) change nothing.
    expect((await fetchPage(site, '/?utm_source=x')).html).toBe((await fetchPage(site, '/')).html);
  });

  it.each(['/page/3', '/page/99', '/page/1', '/page/0', '/page/abc', '/?page=0', '/?page=abc', '/?page=-1', '/rubrique/monde/page/2', '/rubrique/absente', '/rubrique/absente/feed.xml', '/article/absent', '/nulle/part', '/category/monde'])(
    'answers %s with the French 404 page',
    async (path) => {
      site = await openSeededSite(makeStorySeeds(20));
      const { response, html } = await fetchPage(site, path);
      expect(response.status).toBe(404);
      const document = parse(html);
      expect(document.documentElement.getAttribute('lang')).toBe('fr');
      expect(document.querySelector('h1')?.textContent).toBe('Page introuvable');
      expect(document.querySelector('main a[href="/"]')?.textContent).toBe('Retour à l’accueil');
      expect(response.headers.get('etag')).toBeNull();
    },
  );

  it('shows one category with its own pagination and feed', async () => {
    site = await openSeededSite([...makeStorySeeds(22, 'Monde'), ...makeStorySeeds(3, 'Économie', 'Chiffre')]);
    const { html } = await fetchPage(site, '/rubrique/monde');
    const document = parse(html);
    expect(document.querySelector('h1')?.textContent).toBe('Monde');
    expect(document.querySelector('title')?.textContent).toBe('Monde — Relais');
    expect(document.querySelectorAll('.card')).toHaveLength(20);
    expect(document.querySelector('.card .kicker')).toBeNull();
    expect(document.querySelector('.site-nav a[aria-current="page"]')?.textContent).toBe('Monde');
    expect(document.querySelector('link[type="application/rss+xml"][href$="/rubrique/monde/feed.xml"]')).not.toBeNull();
    expect(document.querySelector('a[rel="next"]')?.getAttribute('href')).toBe('/rubrique/monde/page/2');
    const second = parse((await fetchPage(site, '/rubrique/monde/page/2')).html);
    expect(second.querySelectorAll('.card')).toHaveLength(2);
    expect(second.querySelector('a[rel="prev"]')?.getAttribute('href')).toBe('/rubrique/monde');
    const economy = parse((await fetchPage(site, '/rubrique/economie')).html);
    expect([...economy.querySelectorAll('.card h2')].map((h) => h.textContent)).toEqual(['Chiffre numéro 1', 'Chiffre numéro 2', 'Chiffre numéro 3']);
  });

  it('uses English words and paths for an English site', async () => {
    site = await openSeededSite(makeStorySeeds(21), { language: 'en' });
    const document = parse((await fetchPage(site, '/')).html);
    expect(document.documentElement.getAttribute('lang')).toBe('en');
    expect(document.querySelector('.card .kicker')?.getAttribute('href')).toBe('/category/monde');
    expect(document.querySelector('a[rel="next"]')?.textContent).toContain('Next page');
    expect((await fetchPage(site, '/category/monde')).response.status).toBe(200);
    expect((await fetchPage(site, '/rubrique/monde')).response.status).toBe(404);
  });
});

describe('HTTP behaviour', () => {
  let site: SeededSite;
  afterEach(async () => site?.close());

  it('answers 304 to a matching If-None-Match and changes the ETag when content changes', async () => {
    site = await openSeededSite(makeStorySeeds(2));
    const first = await site.server.request('/');
    const tag = first.headers.get('etag');
    expect(tag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    const again = await site.server.request('/', { headers: { 'If-None-Match': tag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('cache-control')).toBe('public, max-age=60');
    expect(again.headers.get('etag')).toBe(tag);
    expect((await site.server.request('/', { headers: { 'If-None-Match': '"other"' } })).status).toBe(200);
    await publishStories(site.db, [{ url: 'https://news.example/new', title: 'Une nouvelle de plus', publishedAt: '2026-12-01T00:00:00Z' }]);
    await site.render();
    const changed = await site.server.request('/', { headers: { 'If-None-Match': tag! } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(tag);
  });

  it.each(['/', '/rubrique/monde', '/feed.xml', '/nulle/part'])('sends security headers on %s', async (path) => {
    site = await openSeededSite(makeStorySeeds(1));
    const response = await site.server.request(path);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });

  it('serves the stylesheet the pages link to, cached for a year', async () => {
    site = await openSeededSite([]);
    const href = parse((await fetchPage(site, '/')).html).querySelector('link[rel="stylesheet"]')?.getAttribute('href');
    expect(href).toMatch(/^\/assets\/site\.css\?v=[0-9a-f]{12}$/);
    const css = await site.server.request(href!);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(css.headers.get('cache-control')).toContain('max-age=31536000');
    expect(await css.text()).toContain('.back-to-top');
  });

  it('answers HEAD like GET, without a body', async () => {
    site = await openSeededSite(makeStorySeeds(1));
    const head = await site.server.request('/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe((await site.server.request('/')).headers.get('etag'));
    expect(await head.text()).toBe('');
  });

  it('serves robots.txt and a health check', async () => {
    site = await openSeededSite([]);
    expect(await (await site.server.request('/robots.txt')).text()).toContain('User-agent: *');
    const health = await site.server.request('/healthz');
    expect(health.status).toBe(200);
    expect(health.headers.get('cache-control')).toBe('no-store');
  });

  it('answers a failing database with a French 500 page that names nothing internal', async () => {
    site = await openSeededSite(makeStorySeeds(1));
    await site.db.destroy();
    const { response, html } = await fetchPage(site, '/');
    expect(response.status).toBe(500);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(parse(html).querySelector('h1')?.textContent).toBe('Erreur du serveur');
    expect(html).not.toMatch(/kysely|sqlite|driver|destroy/i);
    expect((await site.server.request('/healthz')).status).toBe(500);
  });
});
