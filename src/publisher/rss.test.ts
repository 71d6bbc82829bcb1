import { parseRssFeed } from 'feedsmith';
import { describe, expect, it } from 'vitest';
import { escapeXml, formatRfc822Date, renderRssFeed } from './rss.js';

const channel = {
  title: 'Relais & co',
  link: 'https://relais.example/',
  selfUrl: 'https://relais.example/feed.xml',
  description: 'Les nouvelles',
  language: 'fr',
};

describe('renderRssFeed', () => {
  it('round-trips hostile text through a real parser', () => {
    const hostile = '<script>alert(1)</script> & "quotes" ]]> \'apos\'';
    const xml = renderRssFeed(
      [{ title: hostile, url: 'https://relais.example/article/a?x=1&y=2', summary: hostile, publishedAt: '2026-11-27T10:00:00Z', category: 'Monde' }],
      channel,
    );
    expect(xml).not.toContain('<script>');
    const feed = parseRssFeed(xml);
    expect(feed.title).toBe('Relais & co');
    expect(feed.language).toBe('fr');
    expect(feed.items?.[0]?.title).toBe(hostile);
    expect(feed.items?.[0]?.description).toBe(hostile);
    expect(feed.items?.[0]?.link).toBe('https://relais.example/article/a?x=1&y=2');
    expect(feed.items?.[0]?.pubDate).toBe('Fri, 27 Nov 2026 10:00:00 GMT');
    expect(feed.atom?.links?.[0]?.href).toBe('https://relais.example/feed.xml');
  });

  it('names the WebSub hub beside its own address, read back by a real parser', () => {
    const feed = parseRssFeed(renderRssFeed([], { ...channel, hub: 'https://hub.example/?a=1&b=2' }));
    expect(feed.atom?.links?.map((link) => [link.rel, link.href])).toEqual([
      ['self', 'https://relais.example/feed.xml'],
      ['hub', 'https://hub.example/?a=1&b=2'],
    ]);
    expect(renderRssFeed([], channel)).not.toContain('rel="hub"');
  });

  it('writes an empty channel with no lastBuildDate', () => {
    const xml = renderRssFeed([], channel);
    expect(xml).toContain('<channel>');
    expect(xml).not.toContain('lastBuildDate');
    expect(parseRssFeed(xml).items ?? []).toHaveLength(0);
  });
});

describe('escapeXml', () => {
  it.each([
    ['a & b', 'a &amp; b'],
    ['<b>', '&lt;b&gt;'],
    ['"\'', '&quot;&apos;'],
    ['bell\u0007 and nul\u0000', 'bell and nul'],
    ['lone \uD800 surrogate', 'lone  surrogate'],
    ['emoji 😀 kept, tab\tkept', 'emoji 😀 kept, tab\tkept'],
  ])('%j → %j', (text, expected) => {
    expect(escapeXml(text)).toBe(expected);
  });
});

describe('formatRfc822Date', () => {
  it.each([
    ['2026-11-27T10:00:00Z', 'Fri, 27 Nov 2026 10:00:00 GMT'],
    ['2026-11-27T10:00:00+01:00', 'Fri, 27 Nov 2026 09:00:00 GMT'],
  ])('%s → %s', (iso, expected) => {
    expect(formatRfc822Date(iso)).toBe(expected);
  });
});
