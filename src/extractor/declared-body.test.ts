import { describe, it, expect } from 'vitest';
import type { CleanupRules } from '../domain/types.js';
import { extractArticle } from './extract-article.js';
import { renderDeclaredBody } from './declared-body.js';

const RULES: CleanupRules = { dropSelectors: [], dropPatterns: [], minWords: 80 };
const PARAGRAPHS = [
  'The harbour authority approved a plan on Monday to dredge the old channel, which has silted up so badly that fishing boats can only leave at high tide.',
  'Work will start in March and last about six weeks, the authority said, and boats will be moved to the north quay while the dredgers are at work in the channel.',
  'Fishermen welcomed the decision but asked for compensation for the weeks they will lose, and the council said it would consider their request at its next meeting.',
  'The last dredging was in 1998, when the channel was deepened to four metres; it is now less than two metres deep at low water in several places along its length.',
];

function page(options: { body: string; articleBody?: string; paywalled?: boolean }): string {
  const ld = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: 'Harbour channel to be dredged',
    ...(options.articleBody === undefined ? {} : { articleBody: options.articleBody }),
    ...(options.paywalled === true ? { isAccessibleForFree: false } : {}),
  };
  return `<!doctype html><html lang="en"><head><title>Harbour channel to be dredged</title>
<script type="application/ld+json">${JSON.stringify(ld).replace(/</gu, '\\u003c')}</script></head>
<body><header><a href="/">Harbour Gazette</a></header>${options.body}</body></html>`;
}

function extract(html: string) {
  return extractArticle(html, { url: 'https://harbour-gazette.example/news/dredging', rules: RULES });
}

describe('the JSON-LD articleBody', () => {
  it('stands in for a story rendered by JavaScript, one paragraph per line', () => {
    const outcome = extract(page({ body: '<div id="app"><p>Loading…</p></div>', articleBody: PARAGRAPHS.join('\n') }));
    expect(outcome.kind).toBe('article');
    if (outcome.kind !== 'article') return;
    expect(outcome.article.text.split('\n')).toEqual(PARAGRAPHS);
    expect(outcome.article.html).toContain(`<p>${PARAGRAPHS[0]}</p>`);
  });

  it('is not used when the markup holds the story', () => {
    const body = `<article>${PARAGRAPHS.map((text) => `<p>${text}</p>`).join('')}</article>`;
    const outcome = extract(page({ body, articleBody: `${PARAGRAPHS.join(' ')} Subscribe to read more.` }));
    expect(outcome.kind === 'article' && outcome.article.text.split('\n')).toEqual(PARAGRAPHS);
  });

  it('never stands in on a page that declares a paywall', () => {
    const outcome = extract(page({ body: `<article><p>${PARAGRAPHS[0]}</p></article>`, articleBody: PARAGRAPHS.join('\n'), paywalled: true }));
    expect(outcome.kind).toBe('not-article');
  });

  it('is sanitized when it holds markup', () => {
    const outcome = extract(page({ body: '<div id="app"></div>', articleBody: `${PARAGRAPHS.map((text) => `<p>${text}</p>`).join('')}<script>alert(1)</script><img src=x onerror=alert(1)>` }));
    expect(outcome.kind).toBe('article');
    if (outcome.kind !== 'article') return;
    expect(outcome.article.html).not.toMatch(/script|onerror/u);
    expect(outcome.article.text.split('\n')).toEqual(PARAGRAPHS);
  });
});

describe('renderDeclaredBody', () => {
  it('escapes plain text', () => {
    expect(renderDeclaredBody('Profits rose 5% <again> & more\n\nSecond line')).toBe('<p>Profits rose 5% &lt;again&gt; &amp; more</p>\n<p>Second line</p>');
  });
});
