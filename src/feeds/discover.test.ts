import { describe, expect, it } from 'vitest';
import { discoverFeedLinks, isLikelyFeed } from './discover.js';

const page = (head: string): string => `<!doctype html><html><head>${head}</head><body><p>x</p></body></html>`;

describe('discoverFeedLinks', () => {
  it.each([
    [
      'RSS, Atom and JSON Feed links with titles, made absolute',
      page(`<link rel="alternate" type="application/rss+xml" title="All stories" href="/rss.xml">
        <link rel="alternate" type="application/atom+xml" href="https://example.com/atom">
        <link rel="alternate" type="application/feed+json" title=" JSON " href="feed.json">`),
      [
        { url: 'https://news.example/rss.xml', title: 'All stories', format: 'rss' },
        { url: 'https://example.com/atom', format: 'atom' },
        { url: 'https://news.example/section/feed.json', title: 'JSON', format: 'json' },
      ],
    ],
    [
      'rel with several tokens, any case; type with parameters, any case',
      page('<LINK REL="Alternate Home" TYPE="Application/RSS+XML; charset=utf-8" HREF="/a.rss">'),
      [{ url: 'https://news.example/a.rss', format: 'rss' }],
    ],
    [
      'other rels and types are ignored',
      page(`<link rel="stylesheet" type="text/css" href="/s.css">
        <link rel="alternate" hreflang="fr" type="text/html" href="/fr/">
        <link rel="feed" type="application/rss+xml" href="/notalternate.rss">
        <link rel="alternate" type="application/rss+xml">`),
      [],
    ],
    [
      'non-http(s) URLs are dropped, duplicates kept once',
      page(`<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
        <link rel="alternate" type="application/rss+xml" href="/x.rss">
        <link rel="alternate" type="application/rss+xml" href="https://news.example/x.rss">`),
      [{ url: 'https://news.example/x.rss', format: 'rss' }],
    ],
    [
      '<base href> is the base for relative hrefs',
      page('<base href="https://cdn.example/feeds/"><link rel="alternate" type="application/atom+xml" href="all.xml">'),
      [{ url: 'https://cdn.example/feeds/all.xml', format: 'atom' }],
    ],
    [
      'plain application/json comes after the feed types; WordPress REST records are skipped',
      page(`<link rel="alternate" type="application/json" href="/api/feed.json">
        <link rel="alternate" type="application/json" href="/wp-json/wp/v2/posts/12">
        <link rel="alternate" type="application/rss+xml" href="/feed/">`),
      [
        { url: 'https://news.example/feed/', format: 'rss' },
        { url: 'https://news.example/api/feed.json', format: 'json' },
      ],
    ],
    ['a page without links', page('<title>nothing</title>'), []],
    ['not even HTML', 'just some text', []],
  ])('%s', (_name, html, expected) => {
    expect(discoverFeedLinks(html, 'https://news.example/section/page.html')).toEqual(expected);
  });
});

describe('isLikelyFeed', () => {
  it.each([
    ['application/rss+xml', '<?xml version="1.0"?><rss version="2.0"><channel/></rss>', true],
    ['text/html', '<rss version="2.0"><channel/></rss>', true],
    ['application/xml', '\uFEFF<?xml version="1.0"?>\n<!-- hi --><feed xmlns="http://www.w3.org/2005/Atom"/>', true],
    ['text/xml', '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', true],
    ['application/feed+json', '{"version":"https://jsonfeed.org/version/1.1","title":"x","items":[]}', true],
    ['text/plain', '  {"version":"https://jsonfeed.org/version/1","items":[]}', true],
    ['application/json', '{"version":"1.0","items":[]}', false],
    ['application/json', '{ not json', false],
    ['text/html', '<!doctype html><html><head><title>x</title></head></html>', false],
    ['application/rss+xml', '<html><body>moved</body></html>', false],
    ['application/xml', '<sitemapindex/>', false],
    ['text/plain', '', false],
  ])('%s %j → %s', (contentType, body, expected) => {
    expect(isLikelyFeed(contentType, body)).toBe(expected);
  });
});
