import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/index.js';
import { FetchError } from '../domain/errors.js';
import type { TranslationEngine, TranslationMemory } from '../domain/types.js';
import { startLoopbackSite, type LoopbackSite } from '../../test/support/loopback-site.js';
import { createIdentityEngine } from '../../test/support/markup-engines.js';
import { translateByUpperCasing } from '../../test/support/fake-http-service.js';
import { resolveQualityThresholds } from './quality-thresholds.js';
import { extractPage } from './extract-page.js';
import { fetchArticlePage, translateStoryText } from './stages.js';

// The stage cores the pipeline and `relais translate` share, without a database.

const paragraph = (n: number) =>
  `<p>Paragraph ${n} tells how the council met on Tuesday to discuss the new bridge, the budget for schools and the plan for the river banks.</p>`;
const articlePage = (paragraphs: number) =>
  `<!doctype html><html lang="en"><head><title>Council approves the bridge</title></head><body><article><h1>Council approves the bridge</h1>` +
  `${Array.from({ length: paragraphs }, (_, i) => paragraph(i)).join('')}<div class="promo"><p>Sign up for our newsletter today and never miss a story from the town.</p></div></article></body></html>`;

describe('fetchArticlePage', () => {
  let site: LoopbackSite;
  const accepts: string[] = [];

  beforeAll(async () => {
    site = await startLoopbackSite((request, response) => {
      accepts.push(request.headers.accept ?? '');
      switch (request.url) {
        case '/moved':
          return response.writeHead(301, { location: '/story.html' }).end();
        case '/story.html':
          return response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(articlePage(3));
        case '/untyped':
          return response.writeHead(200).end(articlePage(3));
        case '/doc.pdf':
          return response.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4');
        case '/stale':
          return response.writeHead(304).end();
        default:
          return response.writeHead(404).end();
      }
    });
  });
  afterAll(() => site.close());

  it('gives the page at its final URL, asking for HTML first', async () => {
    const outcome = await fetchArticlePage(site.fetcher, `${site.base}/moved`);
    expect(outcome).toMatchObject({ kind: 'page', url: `${site.base}/story.html`, contentType: 'text/html; charset=utf-8' });
    expect(accepts.at(-1)).toMatch(/^text\/html, /);
  });

  it.each([
    ['/untyped', { kind: 'page' }],
    ['/doc.pdf', { kind: 'not-html', reason: 'not an HTML page: application/pdf' }],
  ])('%s → %j', async (path, expected) => {
    expect(await fetchArticlePage(site.fetcher, `${site.base}${path}`)).toMatchObject(expected);
  });

  it('refuses a 304 to a request that sent no validators', async () => {
    const refused = fetchArticlePage(site.fetcher, `${site.base}/stale`);
    await expect(refused).rejects.toThrow(FetchError);
    await expect(refused).rejects.toThrow('answered 304 Not Modified although no validators were sent');
  });
});

describe('extractPage', () => {
  const page = (html: string, contentType: string) => ({ url: 'https://news.example/story.html', contentType, body: new TextEncoder().encode(html) });
  const rules = { dropSelectors: ['.promo'], dropPatterns: [], minWords: 30 };

  it('decodes the page and applies the cleanup rules', () => {
    const outcome = extractPage(page(articlePage(3), 'text/html; charset=utf-8'), rules);
    if (outcome.kind !== 'article') throw new Error(`expected an article, got: ${outcome.reason}`);
    expect(outcome.article.title).toBe('Council approves the bridge');
    expect(outcome.article.text).toContain('Paragraph 2 tells');
    expect(outcome.article.text).not.toContain('newsletter');
  });

  it('reads the charset the Content-Type names', () => {
    const latin1 = Buffer.from(articlePage(3).replace('Paragraph 0', 'Café 0'), 'latin1');
    const outcome = extractPage({ url: 'https://news.example/', contentType: 'text/html; charset=iso-8859-1', body: latin1 }, rules);
    expect(outcome.kind === 'article' && outcome.article.text).toContain('Café 0 tells');
  });

  it('says why a page with too few words is not an article', () => {
    expect(extractPage(page(articlePage(1), 'text/html'), { ...rules, minWords: 500 })).toMatchObject({ kind: 'not-article', reason: expect.stringMatching(/words/) });
  });
});

describe('translateStoryText', () => {
  const source = {
    title: 'Council approves the bridge',
    summary: 'The council met on Tuesday.',
    html: '<p>The council met on Tuesday to discuss the new bridge and the budget for schools. <a href="/more">Read more</a> or <a href="javascript:alert(1)">here</a>.</p>',
  };
  const memory: TranslationMemory = { lookup: async () => new Map(), remember: async () => {} };
  // The text is too short for language detection (from 200 letters on), so that gate is off.
  const options = (engine: TranslationEngine) => ({
    engine,
    pair: { from: 'en', to: 'fr' },
    memory,
    baseUrl: 'https://news.example/world/story.html',
    thresholds: { ...resolveQualityThresholds(parseConfig({ campaigns: [] }).quality), checkLanguage: false },
  });
  // Upper-cases the text and hands back a script and an image with an event handler, as a careless engine could.
  const hostileEngine: TranslationEngine = {
    id: 'hostile',
    capabilities: { acceptsMarkup: true, maxBatch: 16 },
    translate: async (segments) => segments.map((segment) => `${translateByUpperCasing(segment)}<script>alert(1)</script><img src="x" onerror="alert(1)">`),
    check: async () => null,
    close: async () => {},
  };

  it('sanitizes the translation: no markup the engine added, no script links, links absolute against the story page', async () => {
    const { translation, verdict } = await translateStoryText(source, options(hostileEngine));
    expect(translation.title).toContain('COUNCIL APPROVES THE BRIDGE');
    expect(translation.html).toContain('THE COUNCIL MET ON TUESDAY');
    expect(translation.html).not.toMatch(/<script|<img|javascript:/);
    expect(translation.html).toContain('<a href="https://news.example/more" rel="noopener noreferrer nofollow">READ MORE</a>');
    // All that escaped markup makes the text far longer than the source's.
    expect(verdict).toMatchObject({ kind: 'fail', gate: 'length' });
  });

  it('keeps the attributes of inline elements through translation and sanitizing, the title translated', async () => {
    const upperCasing = { ...createIdentityEngine({ acceptsMarkup: true }), translate: async (segments: readonly string[]) => segments.map(translateByUpperCasing) };
    const html =
      '<p>The council met <a href="/bridge" hreflang="en" title="The new &quot;bridge&quot;" rel="author me" lang="en" onclick="alert(1)">on Tuesday</a> ' +
      'and heard <i lang="fr" title="Good luck">bonne chance</i> from the mayor.</p>';
    const { translation } = await translateStoryText({ ...source, html }, options(upperCasing));
    expect(translation.html).toBe(
      '<p>THE COUNCIL MET <a href="https://news.example/bridge" hreflang="en" title="THE NEW «\u202FBRIDGE\u202F»" lang="fr" rel="author noopener noreferrer nofollow">ON TUESDAY</a> ' +
        'AND HEARD <i lang="fr" title="Good luck">bonne chance</i> FROM THE MAYOR.</p>',
    );
  });

  it.each([
    ['an engine that changes every word', { ...createIdentityEngine({ acceptsMarkup: true }), translate: async (segments: readonly string[]) => segments.map(translateByUpperCasing) }, { kind: 'pass' }],
    ['an engine that gives the text back as it was', createIdentityEngine({ acceptsMarkup: true }), { kind: 'fail', gate: 'untranslated' }],
  ])('gives the quality gates\' verdict: %s → %j', async (_name, engine, expected) => {
    const { verdict } = await translateStoryText(source, options(engine));
    expect(verdict).toMatchObject(expected);
  });
});
