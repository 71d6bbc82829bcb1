import { parseHTML } from 'linkedom';
import { afterEach, describe, expect, it } from 'vitest';
import { createSiteReader } from '../storage/index.js';
import { recordSiteChange } from '../storage/site-pages.js';
import { ArticlePage } from './pages/article.js';
import { createSiteRenderer } from './render.js';
import { openSeededSite, type SeededSite, type StorySeed } from '../../test/support/published-stories.js';

const xi: StorySeed = {
  url: 'https://edition.cnn.com/2026/11/27/politics/xi-putin-russia/index.html',
  title: 'Xi rencontrera Poutine en Russie la semaine prochaine',
  summary: 'Le président chinois se rendra à Moscou.',
  html: '<p>Le président chinois <a href="https://edition.cnn.com/x">Xi Jinping</a> se rendra à Moscou.</p><h2>Contexte</h2><p>Deuxième paragraphe.</p>',
  category: 'Nouvelles des États-Unis',
  publishedAt: '2026-11-27T10:00:00Z',
  byline: 'Jane Doe',
  leadImage: { url: 'https://media.cnn.com/xi.jpg', alt: 'Xi Jinping à Pékin' },
};
const related: StorySeed[] = [
  { url: 'https://edition.cnn.com/r1', title: 'Les drones au-dessus de Kiev', category: 'Nouvelles des États-Unis', publishedAt: '2026-11-26T10:00:00Z' },
  { url: 'https://edition.cnn.com/r2', title: 'La Bourse de Paris recule', category: 'Économie', publishedAt: '2026-11-25T10:00:00Z' },
];

function parse(html: string) {
  return parseHTML(html).document;
}

describe('article page', () => {
  let site: SeededSite;
  afterEach(async () => site?.close());

  async function openArticle(seeds: StorySeed[], options: Parameters<typeof openSeededSite>[1] = {}) {
    site = await openSeededSite(seeds, options);
    const response = await site.server.request(`/article/${site.slugs[0]}`);
    const html = await response.text();
    return { response, html, document: parse(html) };
  }

  it('shows label, title, French date, byline, image, body, source, notice, related and back-to-top', async () => {
    const { response, document } = await openArticle([xi, ...related]);
    expect(response.status).toBe(200);
    expect(document.documentElement.getAttribute('lang')).toBe('fr');
    expect(document.documentElement.getAttribute('dir')).toBe('ltr');
    const article = document.querySelector('article')!;
    expect(article.querySelector('.kicker')?.textContent).toBe('Nouvelles des États-Unis');
    expect(article.querySelector('.kicker')?.getAttribute('href')).toBe('/rubrique/nouvelles-des-etats-unis');
    expect(article.querySelector('h1')?.textContent).toBe(xi.title);
    expect(article.querySelector('time')?.textContent).toBe('27 novembre 2026');
    expect(article.querySelector('time')?.getAttribute('datetime')).toBe('2026-11-27T10:00:00Z');
    expect(article.querySelector('.byline')?.textContent).toBe('Par Jane Doe');
    expect(article.querySelector('.lead-image img')?.getAttribute('alt')).toBe('Xi Jinping à Pékin');
    expect(article.querySelector('.article-body')?.innerHTML).toBe(xi.html);
    const source = article.querySelector('.source')!;
    expect(source.textContent).toContain('Source\u00a0: CNN');
    const original = source.querySelector('a')!;
    expect(original.getAttribute('href')).toBe(xi.url);
    expect(original.getAttribute('rel')).toBe('nofollow noopener');
    expect(source.textContent).toContain('Lire l’article original');
    expect(article.querySelector('.notice')?.textContent).toBe(
      'Cet article a été traduit automatiquement de l’anglais. Ce site relaie et traduit l’actualité automatiquement, sans intervention d’un rédacteur humain.',
    );
    expect(document.querySelector('.related h2')?.textContent).toBe('Articles liés');
    expect([...document.querySelectorAll('.related .card h3')].map((h) => h.textContent)).toEqual(['Les drones au-dessus de Kiev']);
    const top = document.querySelector('a.back-to-top');
    expect(top?.getAttribute('href')).toBe('#top');
    expect(top?.textContent).toBe('Retour en haut ↑');
    expect(document.getElementById('top')).not.toBeNull();
  });

  it('fills the head: title, description, canonical, Open Graph, JSON-LD and the feed', async () => {
    const { document } = await openArticle([xi], { origin: 'https://relais.example/' });
    const url = `https://relais.example/article/${site.slugs[0]}`;
    const meta = (selector: string) => document.querySelector(selector)?.getAttribute('content');
    expect(document.querySelector('title')?.textContent).toBe(`${xi.title} — Relais`);
    expect(meta('meta[name="description"]')).toBe(xi.summary);
    expect(document.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(url);
    expect(meta('meta[property="og:title"]')).toBe(xi.title);
    expect(meta('meta[property="og:url"]')).toBe(url);
    expect(meta('meta[property="og:image"]')).toBe(xi.leadImage!.url);
    expect(meta('meta[property="og:locale"]')).toBe('fr_FR');
    expect(meta('meta[property="og:type"]')).toBe('article');
    expect(meta('meta[property="og:site_name"]')).toBe('Relais');
    expect(meta('meta[property="og:description"]')).toBe(xi.summary);
    expect(meta('meta[property="article:published_time"]')).toBe('2026-11-27T10:00:00Z');
    expect(meta('meta[property="article:modified_time"]')).toBe('2026-11-27T10:00:00Z');
    expect(meta('meta[property="article:section"]')).toBe(xi.category);
    // One language: no hreflang to name.
    expect(document.querySelector('link[hreflang]')).toBeNull();
    expect(document.querySelector('link[rel="alternate"][type="application/rss+xml"]')?.getAttribute('href')).toBe('https://relais.example/feed.xml');
    const data = JSON.parse(document.querySelector('script[type="application/ld+json"]')?.textContent ?? '{}');
    expect(data).toMatchObject({
      '@type': 'NewsArticle',
      headline: xi.title,
      inLanguage: 'fr',
      datePublished: '2026-11-27T10:00:00Z',
      dateModified: '2026-11-27T10:00:00Z',
      mainEntityOfPage: url,
      publisher: { '@type': 'Organization', name: 'Relais', url: 'https://relais.example/', logo: { '@type': 'ImageObject', url: 'https://relais.example/favicon.svg' } },
      image: [xi.leadImage!.url],
      author: [{ '@type': 'Person', name: 'Jane Doe' }],
      isBasedOn: xi.url,
      translationOfWork: { url: xi.url, inLanguage: 'en', publisher: { name: 'CNN' } },
    });
  });

  it('escapes hostile text everywhere except the sanitized body', async () => {
    const hostile = 'Alerte <script>alert(1)</script> "citation" </script><!-- & fin';
    const { html, document } = await openArticle([
      { ...xi, title: hostile, summary: hostile, byline: hostile, category: `Monde <img src=x onerror=alert(1)>` },
      { ...related[0]!, title: `${hostile} bis`, category: `Monde <img src=x onerror=alert(1)>` },
    ]);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<!-- &');
    expect(document.querySelector('h1')?.textContent).toBe(hostile);
    expect(document.querySelector('title')?.textContent).toBe(`${hostile} — Relais`);
    expect(document.querySelector('meta[property="og:title"]')?.getAttribute('content')).toBe(hostile);
    expect(document.querySelector('meta[name="description"]')?.getAttribute('content')).toBe(hostile);
    expect(document.querySelector('.related h3')?.textContent).toBe(`${hostile} bis`);
    const scripts = document.querySelectorAll('script');
    expect(scripts).toHaveLength(1);
    const json = scripts[0]!.textContent ?? '';
    expect(json).not.toMatch(/[<>&]/);
    expect(JSON.parse(json)).toMatchObject({ headline: hostile, description: hostile, author: [{ name: hostile }] });
  });

  it('never shows the campaign id or the engine', async () => {
    site = await openSeededSite([{ ...xi, campaignId: 'secret-campaign-xyz' }, { ...related[0]!, campaignId: 'secret-campaign-xyz' }]);
    const paths = ['/', `/article/${site.slugs[0]}`, '/rubrique/nouvelles-des-etats-unis', '/feed.xml', '/rubrique/nouvelles-des-etats-unis/feed.xml', '/absent', '/robots.txt'];
    for (const path of paths) {
      const response = await site.server.request(path);
      const text = `${[...response.headers].join('\n')}\n${await response.text()}`;
      expect(text, path).not.toContain('secret-campaign-xyz');
      expect(text, path).not.toMatch(/apertium/i);
    }
  });

  it('shows the configured notice instead of the default', async () => {
    const { document } = await openArticle([xi], { notice: 'Traduction automatique, relisez l’original.' });
    expect(document.querySelector('.notice')?.textContent).toBe('Traduction automatique, relisez l’original.');
  });

  it('writes right-to-left languages with dir="rtl" and English words as fallback', async () => {
    const { document } = await openArticle([{ ...xi, title: 'شي يلتقي بوتين' }], { language: 'ar' });
    expect(document.documentElement.getAttribute('lang')).toBe('ar');
    expect(document.documentElement.getAttribute('dir')).toBe('rtl');
    expect(document.querySelector('h1')?.textContent).toBe('شي يلتقي بوتين');
    expect(document.querySelector('a.back-to-top')?.textContent).toBe('Back to top ↑');
    expect(document.querySelector('time')?.textContent).not.toContain('November');
    expect(document.querySelector('.notice')?.textContent).toContain('translated automatically from');
  });

  it('leaves out what the story lacks: no byline, no image, no related stories', async () => {
    const { document } = await openArticle([{ url: 'https://edition.cnn.com/bare', title: 'Une nouvelle sans image', category: 'Seule' }]);
    expect(document.querySelector('.byline')).toBeNull();
    expect(document.querySelector('.lead-image')).toBeNull();
    expect(document.querySelector('meta[property="og:image"]')).toBeNull();
    expect(document.querySelector('.related')).toBeNull();
    expect(document.querySelector('h1')?.textContent).toBe('Une nouvelle sans image');
    // Without a byline the author is the source, whose work it is.
    const data = JSON.parse(document.querySelector('script[type="application/ld+json"]')?.textContent ?? '{}');
    expect(data.author).toEqual([{ '@type': 'Organization', name: 'CNN', url: 'https://edition.cnn.com/' }]);
  });

  it('names the language versions of a story with hreflang, the first as x-default', async () => {
    site = await openSeededSite([xi]);
    const reader = createSiteReader(site.db, 'fr');
    const { view } = createSiteRenderer(reader, { title: 'Relais', language: 'fr', pageSize: 20, origin: 'https://relais.example' });
    const article = (await reader.getArticle(site.slugs[0]!))!;
    const alternates = [
      { language: 'fr', url: 'https://relais.example/fr/article/xi' },
      { language: 'es', url: 'https://es.relais.example/articulo/xi' },
    ];
    const render = async (list: typeof alternates) => parse(`<!DOCTYPE html>${await ArticlePage({ view, categories: [], article, related: [], alternates: list }).toString()}`);
    const links = [...(await render(alternates)).querySelectorAll('link[rel="alternate"][hreflang]')].map((link) => [link.getAttribute('hreflang'), link.getAttribute('href')]);
    expect(links).toEqual([
      ['fr', 'https://relais.example/fr/article/xi'],
      ['es', 'https://es.relais.example/articulo/xi'],
      ['x-default', 'https://relais.example/fr/article/xi'],
    ]);
    expect((await render(alternates.slice(0, 1))).querySelector('link[hreflang]')).toBeNull();
  });

  it('names the other sources of the same story, each linked to its original, in the site\'s language', async () => {
    site = await openSeededSite([{ ...xi, title: 'Xi to meet Putin in Russia next week' }], { language: 'en' });
    const publication = await site.db.selectFrom('publications').select(['story_id', 'language', 'slug', 'category_slug', 'published_at']).executeTakeFirstOrThrow();
    for (const [n, [name, url]] of [['AP', 'https://apnews.com/xi'], ['Reuters <Wire>', 'https://reuters.com/xi'], ['Bad', 'javascript:alert(1)']].entries()) {
      await site.db
        .insertInto('story_duplicates')
        .values({ story_id: 1000 + n, duplicate_of: publication.story_id, similarity: 0.9, source_name: name!, original_url: url!, recorded_at: `2026-11-27T1${n}:00:00Z` })
        .execute();
    }
    // As the extract stage does when a copy arrives: the story's page is queued to be rendered again.
    await recordSiteChange(site.db, { language: publication.language, slug: publication.slug, categorySlug: publication.category_slug, publishedAt: publication.published_at });
    await site.render();
    const document = parse(await (await site.server.request(`/article/${site.slugs[0]}`)).text());
    const others = document.querySelector('.attribution .also-reported')!;
    expect(others.textContent).toBe('Also reported by: AP, Reuters <Wire>');
    expect([...others.querySelectorAll('a')].map((a) => [a.getAttribute('href'), a.getAttribute('rel')])).toEqual([
      ['https://apnews.com/xi', 'nofollow noopener'],
      ['https://reuters.com/xi', 'nofollow noopener'],
    ]);
  });
});
