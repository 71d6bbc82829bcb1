import { extractFromJson, extractFromXml } from '@extractus/feed-extractor';
import { parseFeed as parseWithFeedParser } from '@rowanmanning/feed-parser';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../feeds/index.js';
import { renderAtomFeed } from './atom.js';
import { JSON_FEED_VERSION, renderJsonFeed } from './json-feed.js';
import { renderRssFeed, type RssChannel, type RssItem } from './rss.js';

// Each format read back by relais's own parser and by two others; a body that ends a CDATA
// section early, an ampersand, non-ASCII text and a right-to-left title all come back whole.

const BODY = '<p>Prix&nbsp;: 5 € &amp; plus — 日本語 ]]> fin, puis ]]]]> encore</p><p><a href="https://x.example/a?b=1&amp;c=2">lien</a></p>';
const RTL_TITLE = 'عاجل: الأسعار ترتفع & "الأسواق" تتراجع';

const items: RssItem[] = [
  {
    title: RTL_TITLE,
    url: 'https://relais.example/article/asaar',
    summary: 'Résumé & ]]> fin',
    publishedAt: '2026-11-27T10:00:00Z',
    updatedAt: '2026-11-28T11:30:00Z',
    category: 'Économie',
    imageUrl: 'https://img.example/i.jpg',
    contentHtml: BODY,
  },
  { title: 'Deuxième', url: 'https://relais.example/article/deuxieme', summary: 'Court.', publishedAt: '2026-11-26T08:00:00Z', category: 'Monde', contentHtml: '<p>Deux.</p>' },
];

const channel = (selfUrl: string): RssChannel => ({
  title: 'Relais & co',
  link: 'https://relais.example/',
  selfUrl,
  description: 'Les nouvelles',
  language: 'fr',
  hub: 'https://hub.example/',
});

const rss = renderRssFeed(items, channel('https://relais.example/feed.xml'));
const atom = renderAtomFeed(items, channel('https://relais.example/atom.xml'));
const json = renderJsonFeed(items, channel('https://relais.example/feed.json'));

// The raw fields feed-extractor found in each entry, before its normalization rewrites them.
function rawEntries(text: string, format: 'xml' | 'json'): Record<string, unknown>[] {
  const options = { descriptionMaxLen: 0, getExtraEntryFields: (entry: Record<string, unknown>) => ({ raw: entry }) };
  const feed = format === 'xml' ? extractFromXml(text, options) : extractFromJson(text, options);
  return (feed.entries ?? []).map((entry) => entry['raw'] as Record<string, unknown>);
}

describe.each([
  ['rss', rss, 'https://relais.example/feed.xml'],
  ['atom', atom, 'https://relais.example/atom.xml'],
  ['json', json, 'https://relais.example/feed.json'],
])('the %s feed', (format, text, feedUrl) => {
  it('reads back through relais\'s parser: titles, links, ids, dates, summaries, categories', () => {
    const feed = parseFeed(text, feedUrl);
    expect(feed).toMatchObject({ format, title: 'Relais & co', siteUrl: 'https://relais.example/', language: 'fr' });
    expect(feed.items).toEqual([
      {
        guid: 'https://relais.example/article/asaar',
        url: 'https://relais.example/article/asaar',
        title: RTL_TITLE,
        summary: 'Résumé & ]]> fin',
        publishedAt: '2026-11-27T10:00:00.000Z',
        categories: ['Économie'],
        ...(format === 'atom' ? { author: 'Relais & co' } : { imageUrl: 'https://img.example/i.jpg' }),
      },
      expect.objectContaining({ guid: 'https://relais.example/article/deuxieme', title: 'Deuxième', publishedAt: '2026-11-26T08:00:00.000Z' }),
    ]);
  });

  it('carries the full content and the date of update, as feed-extractor reads them', () => {
    const [first, second] = rawEntries(text, format === 'json' ? 'json' : 'xml');
    const content = { rss: first?.['content:encoded'], atom: (first?.['content'] as { '#text'?: string } | undefined)?.['#text'], json: first?.['content_html'] }[format];
    expect(content).toBe(BODY);
    const updated = { rss: first?.['atom:updated'], atom: first?.['updated'], json: first?.['date_modified'] }[format];
    expect(updated).toBe('2026-11-28T11:30:00.000Z');
    // Never updated: RSS and JSON Feed say nothing, Atom's required <updated> is the publication.
    const secondUpdated = { rss: second?.['atom:updated'], atom: second?.['updated'], json: second?.['date_modified'] }[format];
    expect(secondUpdated).toBe(format === 'atom' ? '2026-11-26T08:00:00.000Z' : undefined);
  });
});

describe.each([
  ['rss', rss],
  ['atom', atom],
])('the %s feed, read by @rowanmanning/feed-parser', (format, text) => {
  it('gives each item its permanent id, link, title, dates and full content', () => {
    const feed = parseWithFeedParser(text);
    expect(feed.title).toBe('Relais & co');
    const [first] = feed.items;
    expect(first?.id).toBe('https://relais.example/article/asaar');
    expect(first?.url).toBe('https://relais.example/article/asaar');
    expect(first?.title).toBe(RTL_TITLE);
    expect(first?.published?.toISOString()).toBe('2026-11-27T10:00:00.000Z');
    // This parser reads no atom:updated inside RSS (feed-extractor's check above does).
    if (format === 'atom') expect(first?.updated?.toISOString()).toBe('2026-11-28T11:30:00.000Z');
    // It decodes the HTML's entities in what it answers: the text, not the markup, is compared.
    expect(first?.content).toContain('5 € & plus — 日本語 ]]> fin, puis ]]]]> encore');
    expect(first?.content).toContain('<a href="https://x.example/a?b=1&c=2">lien</a>');
    expect(feed.items.map((item) => item.id)).toEqual(['https://relais.example/article/asaar', 'https://relais.example/article/deuxieme']);
  });
});

describe('the RSS feed', () => {
  it('splits a ]]> of the body across two CDATA sections, so the document stays well-formed', () => {
    expect(rss).toContain('<content:encoded><![CDATA[<p>Prix&nbsp;: 5 € &amp; plus — 日本語 ]]]]><![CDATA[> fin, puis ]]]]]]><![CDATA[> encore');
    expect(rss).toContain('xmlns:content="http://purl.org/rss/1.0/modules/content/"');
  });

  it('dates the channel from its newest publication or update', () => {
    expect(rss).toContain('<lastBuildDate>Sat, 28 Nov 2026 11:30:00 GMT</lastBuildDate>');
  });
});

describe('the Atom feed', () => {
  it('names itself, its page, its hub and an author, as RFC 4287 requires', () => {
    const feed = parseWithFeedParser(atom);
    expect(feed.self).toBe('https://relais.example/atom.xml');
    expect(feed.url).toBe('https://relais.example/');
    expect(feed.updated?.toISOString()).toBe('2026-11-28T11:30:00.000Z');
    expect(atom).toContain('<link rel="hub" href="https://hub.example/"/>');
    expect(atom).toContain('<author><name>Relais &amp; co</name></author>');
    expect(atom).toContain('<id>https://relais.example/</id>');
  });

  it('has an <updated> even with no entries', () => {
    const empty = renderAtomFeed([], channel('https://relais.example/atom.xml'));
    expect(empty).toContain('<updated>1970-01-01T00:00:00.000Z</updated>');
    expect(parseWithFeedParser(empty).items).toEqual([]);
  });
});

describe('the JSON Feed', () => {
  it('has what version 1.1 requires: its version URL, a title, items each with an id and a content', () => {
    const feed = JSON.parse(json) as Record<string, unknown>;
    expect(feed['version']).toBe(JSON_FEED_VERSION);
    expect(JSON_FEED_VERSION).toBe('https://jsonfeed.org/version/1.1');
    expect(typeof feed['title']).toBe('string');
    expect(feed).toMatchObject({ home_page_url: 'https://relais.example/', feed_url: 'https://relais.example/feed.json', language: 'fr' });
    expect(feed['hubs']).toEqual([{ type: 'WebSub', url: 'https://hub.example/' }]);
    const entries = feed['items'] as Record<string, unknown>[];
    expect(entries).toHaveLength(2);
    for (const item of entries) {
      expect(typeof item['id'] === 'string' && item['id'] !== '').toBe(true);
      expect(typeof item['content_html'] === 'string' || typeof item['content_text'] === 'string').toBe(true);
      // Dates in RFC 3339, as the specification asks.
      for (const key of ['date_published', 'date_modified']) {
        if (item[key] !== undefined) expect(item[key]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      }
    }
    expect(entries[0]).toMatchObject({ url: 'https://relais.example/article/asaar', image: 'https://img.example/i.jpg', tags: ['Économie'], summary: 'Résumé & ]]> fin' });
  });

  it('stands the summary in as content_text for an item without a body', () => {
    const feed = JSON.parse(renderJsonFeed([{ ...items[1]!, contentHtml: undefined }], channel('https://relais.example/feed.json'))) as { items: Record<string, unknown>[] };
    expect(feed.items[0]).toMatchObject({ content_text: 'Court.' });
    expect(feed.items[0]).not.toHaveProperty('content_html');
  });
});
