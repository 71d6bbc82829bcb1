import { describe, it, expect } from 'vitest';
import type { CleanupRules } from '../domain/types.js';
import { extractArticle } from './extract-article.js';

// Pages that are not articles are skipped with their kind as the reason; articles that merely
// embed a video, talk about "live" things, carry a related-stories rail or many photos are not.

const RULES: CleanupRules = { dropSelectors: [], dropPatterns: [], minWords: 80 };
const URL_BASE = 'https://daily-courier.example';

const PROSE = [
  'The city council voted on Tuesday night to extend the tram line to the northern suburbs, ending a debate that has divided neighborhoods for almost a decade.',
  'Supporters say the extension will cut commuting times in half for thousands of workers who now spend more than an hour in traffic every morning.',
  'Opponents, including several shop owners along the proposed route, worry that two years of construction will drive customers away for good.',
  'The project is expected to cost about 410 million euros, most of it paid by the regional government and a loan from the European Investment Bank.',
  'Engineers will begin moving underground pipes in the spring, and the first trams could run on the new tracks by the end of the decade.',
  'A group of residents has already said it will challenge the decision in court, arguing that the environmental review ignored the noise from night services.',
  'The mayor said she was confident the plan would survive any legal challenge and promised regular public meetings throughout the construction.',
];

const prose = (count: number): string => PROSE.slice(0, count).map((text) => `<p>${text}</p>`).join('\n');
const jsonLd = (object: unknown): string => `<script type="application/ld+json">${JSON.stringify(object)}</script>`;
const page = (head: string, body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Page | Daily Courier</title>${head}</head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
${body}
<footer><p>© 2026 Daily Courier</p></footer></body></html>`;
const headlineCards = (count: number): string =>
  Array.from({ length: count }, (_, i) => `<div class="card"><a href="/news/story-${i}">Story number ${i} about the tram line and the city budget</a></div>`).join('\n');
const pictures = (count: number): string =>
  Array.from({ length: count }, (_, i) => `<figure><img src="/photos/${i}.jpg" alt="Photo ${i}"><figcaption>Workers lay track near station ${i}.</figcaption></figure>`).join('\n');

const notArticles: [string, string, RegExp][] = [
  [
    'a video page declared by og:type',
    page('<meta property="og:type" content="video.other">', '<main><h1>Drone footage shows the flooded valley</h1><video src="/v.mp4"></video><p>A drone flew over the valley on Friday.</p></main>'),
    /^video page: og:type video\.other, and \d+ words of text$/u,
  ],
  [
    'a video page declared only by JSON-LD',
    page(jsonLd({ '@context': 'https://schema.org', '@type': 'VideoObject', name: 'Flooded valley', uploadDate: '2026-11-27T10:00:00Z' }), '<main><h1>Flooded valley from the air</h1><video src="/v.mp4"></video><p>A drone flew over the valley on Friday morning after the river burst its banks.</p></main>'),
    /^video page: JSON-LD VideoObject/u,
  ],
  [
    'a live blog',
    page(
      `<meta property="og:type" content="article">${jsonLd({ '@context': 'https://schema.org', '@type': 'LiveBlogPosting', headline: 'Election night: live updates', liveBlogUpdate: [{ '@type': 'BlogPosting', headline: 'Polls close' }] })}`,
      `<article><h1>Election night: live updates</h1><p>Polls close at eight; first results are expected within the hour.</p></article>`,
    ),
    /^live blog: .*, and \d+ words of text$/u,
  ],
  [
    'a gallery declared by JSON-LD',
    page(jsonLd({ '@context': 'https://schema.org', '@type': 'ImageGallery', name: 'The tram line in pictures' }), `<main><h1>The tram line in pictures</h1>${pictures(8)}</main>`),
    /^gallery: JSON-LD ImageGallery, and \d+ words of text$/u,
  ],
  ['a gallery told by its shape', page('', `<main><h1>The tram line in pictures</h1><p>Our photographer followed the crews.</p>${pictures(10).replace(/<figcaption>.*?<\/figcaption>/gu, '')}</main>`), /^gallery: 10 pictures and \d+ words$/u],
  [
    'a section page declared by JSON-LD',
    page(jsonLd({ '@context': 'https://schema.org', '@type': 'CollectionPage', name: 'Local news' }), `<main><h1>Local news</h1>${headlineCards(8)}</main>`),
    /^listing page: JSON-LD CollectionPage, and \d+ words of text$/u,
  ],
  ['a section page told by its shape', page('', `<main><h1>Local news</h1>${headlineCards(20)}</main>`), /^listing page: 20 headline links make up most of the text$/u],
  [
    'a paywall stub',
    page(
      jsonLd({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: 'Tram line approved', isAccessibleForFree: false, hasPart: { '@type': 'WebPageElement', isAccessibleForFree: 'False', cssSelector: '.paywall' } }),
      `<article><h1>Tram line approved</h1>${prose(1)}<div class="paywall-prompt"><p>Subscribe to keep reading.</p></div></article>`,
    ),
    /^paywall stub: isAccessibleForFree is false and only \d+ words are free$/u,
  ],
];

const articles: [string, string][] = [
  [
    'an article that embeds one video',
    page(
      `<meta property="og:type" content="article">${jsonLd({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: 'Tram line approved', video: { '@type': 'VideoObject', name: 'The vote' } })}${jsonLd({ '@type': 'VideoObject', name: 'The vote' })}`,
      `<article><h1>Tram line approved</h1><video src="/vote.mp4"></video>${prose(7)}</article>`,
    ),
  ],
  [
    'an article that mentions "live" and "video"',
    page('<meta property="og:type" content="article">', `<article><h1>Live music and video art return to the tram depot</h1><p>Live updates on the depot's reopening will follow, organizers said, as live music returned for the first time since the fire.</p>${prose(6)}</article>`),
  ],
  ['an article with a rail of related headlines', page('', `<article><h1>Tram line approved</h1>${prose(6)}</article><aside>${headlineCards(18)}</aside>`)],
  ['an article with many photos and real text', page('', `<article><h1>Building the tram line</h1>${prose(4)}${pictures(8)}${prose(7).replace(/<p>/gu, '<p>Later, ')}</article>`)],
  // A declaration alone never skips a page: the text must be short as well.
  [
    'a live blog whose page carries a whole story',
    page(
      jsonLd({ '@context': 'https://schema.org', '@type': 'LiveBlogPosting', headline: 'Tram vote: live' }),
      `<article><h1>Tram vote: live</h1>${prose(7)}</article>`,
    ),
  ],
  ['a page declared a video that carries a whole story', page('<meta property="og:type" content="video.other">', `<main><h1>Tram line approved</h1><video src="/v.mp4"></video>${prose(7)}</main>`)],
  [
    'a page declared a collection that carries a whole story',
    page(jsonLd({ '@context': 'https://schema.org', '@type': 'CollectionPage', name: 'Tram line' }), `<main><h1>Tram line approved</h1>${prose(7)}</main>`),
  ],
  ['a story with 8 photos and 150 words', page('', `<article><h1>Building the tram line</h1>${prose(5)}${pictures(8)}</article>`)],
  [
    'a paywalled article served in full',
    page(jsonLd({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: 'Tram line approved', isAccessibleForFree: 'False' }), `<article><h1>Tram line approved</h1>${prose(7)}${prose(7).replace(/<p>/gu, '<p>Meanwhile, ')}</article>`),
  ],
];

describe('pages that are not articles', () => {
  it.each(notArticles)('skips %s', (_name, html, reason) => {
    const outcome = extractArticle(html, { url: `${URL_BASE}/page`, rules: RULES });
    expect(outcome.kind).toBe('not-article');
    if (outcome.kind === 'not-article') expect(outcome.reason).toMatch(reason);
  });

  it.each(articles)('keeps %s', (_name, html) => {
    const outcome = extractArticle(html, { url: `${URL_BASE}/page`, rules: RULES });
    if (outcome.kind !== 'article') throw new Error(`expected an article, got: ${outcome.reason}`);
    expect(outcome.article.text).toContain('tram line to the northern suburbs');
  });
});

it('keeps a short story behind a paywall when the page serves the paywalled part', () => {
  const served = (selector: string) =>
    page(
      jsonLd({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: 'Tram line approved', isAccessibleForFree: false, hasPart: { '@type': 'WebPageElement', isAccessibleForFree: false, cssSelector: selector } }),
      `<article><h1>Tram line approved</h1><div class="locked">${prose(1)}<p>Work begins in the spring.</p></div></article>`,
    );
  const rules = { ...RULES, minWords: 0 };
  expect(extractArticle(served('.locked'), { url: `${URL_BASE}/page`, rules }).kind).toBe('article');
  // The same page whose paywalled part is not there is a stub.
  expect(extractArticle(served('.missing'), { url: `${URL_BASE}/page`, rules })).toMatchObject({ kind: 'not-article', reason: expect.stringMatching(/^paywall stub/u) });
});
