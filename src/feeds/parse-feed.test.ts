import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { FeedError } from '../domain/errors.js';
import { decodeText } from '../fetcher/index.js';
import { parseFeed } from './parse-feed.js';

const FEED_URL = 'https://news.example/feeds/all.xml';

const RSS = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>News &amp; Views</title>
  <link>https://news.example/</link>
  <language>en-us</language>
  <item>
    <title>Xi to meet &lt;b&gt;Putin&lt;/b&gt;   in Russia</title>
    <link>/2024/03/xi-putin.html?utm_source=rss</link>
    <guid isPermaLink="false">story-1</guid>
    <description><![CDATA[<p>The leaders will <a href="/x">meet</a>.</p><script>alert(1)</script>]]></description>
    <pubDate>Thu, 14 Mar 2024 09:30:00 EDT</pubDate>
    <author>desk@news.example (World Desk)</author>
    <category>World</category><category> Asia </category><category>World</category>
    <media:content url="https://img.news.example/xi.jpg" medium="image"/>
  </item>
  <item>
    <title>No link, guid is a URL</title>
    <guid>https://news.example/2024/03/guid-link.html</guid>
    <dc:date>2024-03-14T10:00:00+01:00</dc:date>
    <dc:creator>Jane Doe</dc:creator>
    <media:thumbnail url="/thumbs/2.jpg"/>
  </item>
  <item><title>No usable link at all</title><guid>tag:news.example,2024:3</guid></item>
  <item><title>Script link</title><link>javascript:alert(1)</link></item>
  <item>
    <title>Image enclosure</title><link>https://news.example/4</link>
    <enclosure url="https://news.example/4.mp3" type="audio/mpeg" length="1"/>
    <enclosure url="https://news.example/4.png" type="image/png" length="1"/>
    <content:encoded><![CDATA[<p>Only full content here.</p>]]></content:encoded>
  </item>
</channel>
</rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example/base/" xml:lang="fr">
  <title type="html">Le &lt;em&gt;blog&lt;/em&gt;</title>
  <link rel="self" href="https://blog.example/feed.atom"/>
  <link href="https://blog.example/"/>
  <author><name>Feed Author</name></author>
  <entry xml:base="posts/">
    <title type="text">Why a &lt; b matters</title>
    <link rel="self" href="https://blog.example/api/1"/>
    <link rel="alternate" type="application/pdf" href="one.pdf"/>
    <link rel="alternate" type="text/html" href="one.html"/>
    <link rel="enclosure" type="image/jpeg" href="one.jpg"/>
    <id>urn:uuid:1</id>
    <updated>2024-03-02T10:00:00Z</updated>
    <published>2024-03-01T08:00:00-05:00</published>
    <summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>First <b>post</b>.</p></div></summary>
    <category term="tech" label="Technology"/><category term="misc"/>
  </entry>
  <entry>
    <title>Id is the link</title>
    <id>https://blog.example/2</id>
    <updated>2024-03-03T00:00:00Z</updated>
    <author><name>Entry Author</name></author>
    <content type="html">&lt;p&gt;Body &amp;amp; more&lt;/p&gt;</content>
  </entry>
</feed>`;

const RDF = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://rdf.example/"><title>RDF site</title><link>https://rdf.example/</link></channel>
  <item rdf:about="https://rdf.example/1">
    <title>RDF item</title><link>https://rdf.example/1</link>
    <description>Plain description</description>
    <dc:date>2003-12-31T10:14:55Z</dc:date><dc:creator>Ann</dc:creator><dc:subject>Science</dc:subject>
  </item>
</rdf:RDF>`;

const JSON_FEED = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: 'JSON site',
  home_page_url: 'https://json.example/',
  language: 'en',
  authors: [{ name: 'Feed Author' }],
  items: [
    {
      id: '1', url: '/posts/1', title: 'First <not markup>', content_html: '<p>Hello <b>world</b></p>',
      image: '/img/1.png', date_published: '2024-01-02T03:04:05+02:00', tags: ['a', 'b'],
    },
    { id: 'https://json.example/2', content_text: 'Text only', summary: 'Short', authors: [{ name: 'Bo' }] },
    { id: '3', title: 'No link' },
  ],
});

describe('parseFeed: RSS 2.0', () => {
  const feed = parseFeed(RSS, FEED_URL);

  it('reads the channel', () => {
    expect(feed).toMatchObject({ format: 'rss', title: 'News & Views', siteUrl: 'https://news.example/', language: 'en-us' });
  });

  it('normalizes an item: absolute URL, plain text, ISO date, author name, image, unique categories', () => {
    expect(feed.items[0]).toEqual({
      guid: 'story-1',
      url: 'https://news.example/2024/03/xi-putin.html?utm_source=rss',
      title: 'Xi to meet Putin in Russia',
      summary: 'The leaders will meet.',
      publishedAt: '2024-03-14T13:30:00.000Z',
      author: 'World Desk',
      imageUrl: 'https://img.news.example/xi.jpg',
      categories: ['World', 'Asia'],
    });
  });

  it('uses a guid that is a URL as the link, and Dublin Core date and creator', () => {
    expect(feed.items[1]).toMatchObject({
      url: 'https://news.example/2024/03/guid-link.html',
      publishedAt: '2024-03-14T09:00:00.000Z',
      author: 'Jane Doe',
      imageUrl: 'https://news.example/thumbs/2.jpg',
    });
  });

  it('skips items without an http(s) link; takes an image enclosure and falls back to content for the summary', () => {
    expect(feed.items.map((item) => item.title)).toEqual(['Xi to meet Putin in Russia', 'No link, guid is a URL', 'Image enclosure']);
    expect(feed.items[2]).toMatchObject({ imageUrl: 'https://news.example/4.png', summary: 'Only full content here.' });
  });
});

describe('parseFeed: Atom 1.0', () => {
  const feed = parseFeed(ATOM, FEED_URL);

  it('reads the feed: html title as text, alternate link, xml:lang', () => {
    expect(feed).toMatchObject({ format: 'atom', title: 'Le blog', siteUrl: 'https://blog.example/', language: 'fr' });
  });

  it('resolves the HTML alternate against nested xml:base and keeps text titles literal', () => {
    expect(feed.items[0]).toEqual({
      guid: 'urn:uuid:1',
      url: 'https://blog.example/base/posts/one.html',
      title: 'Why a < b matters',
      summary: 'First post.',
      publishedAt: '2024-03-01T13:00:00.000Z',
      author: 'Feed Author',
      imageUrl: 'https://blog.example/base/posts/one.jpg',
      categories: ['Technology', 'misc'],
    });
  });

  it('uses an http id as the link, the updated date when there is no published one, html content as summary', () => {
    expect(feed.items[1]).toEqual({
      guid: 'https://blog.example/2',
      url: 'https://blog.example/2',
      title: 'Id is the link',
      summary: 'Body & more',
      publishedAt: '2024-03-03T00:00:00.000Z',
      author: 'Entry Author',
    });
  });

  it('reads Atom 0.3, whose untyped text is inline markup', () => {
    const atom03 = `<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old</title>
      <entry><title>Example <b>Atom</b></title><link rel="alternate" type="text/html" href="http://old.example/1"/>
      <issued>2004-01-01T19:48:21Z</issued><id>tag:old,1</id></entry></feed>`;
    expect(parseFeed(atom03, FEED_URL).items).toEqual([
      expect.objectContaining({ url: 'http://old.example/1', title: 'Example Atom', guid: 'tag:old,1' }),
    ]);
  });
});

describe('parseFeed: RDF and JSON Feed', () => {
  it('reads RSS 1.0 (RDF)', () => {
    expect(parseFeed(RDF, FEED_URL)).toEqual({
      format: 'rdf',
      title: 'RDF site',
      siteUrl: 'https://rdf.example/',
      items: [{
        guid: 'https://rdf.example/1', url: 'https://rdf.example/1', title: 'RDF item', summary: 'Plain description',
        publishedAt: '2003-12-31T10:14:55.000Z', author: 'Ann', categories: ['Science'],
      }],
    });
  });

  it('reads JSON Feed 1.1: relative URLs, plain-text title, html content as summary, image, tags, inherited author', () => {
    const feed = parseFeed(JSON_FEED, 'https://json.example/feed.json');
    expect(feed).toMatchObject({ format: 'json', title: 'JSON site', siteUrl: 'https://json.example/', language: 'en' });
    expect(feed.items).toEqual([
      {
        guid: '1', url: 'https://json.example/posts/1', title: 'First <not markup>', summary: 'Hello world',
        imageUrl: 'https://json.example/img/1.png', publishedAt: '2024-01-02T01:04:05.000Z', author: 'Feed Author',
        categories: ['a', 'b'],
      },
      { guid: 'https://json.example/2', url: 'https://json.example/2', summary: 'Short', author: 'Bo' },
    ]);
  });

  it('reads JSON Feed 1.0 with its singular author', () => {
    const v1 = { version: 'https://jsonfeed.org/version/1', title: 'v1', items: [{ id: 'a', url: 'https://v1.example/a', author: { name: 'Al' } }] };
    expect(parseFeed(JSON.stringify(v1), FEED_URL).items).toEqual([{ guid: 'a', url: 'https://v1.example/a', author: 'Al' }]);
  });
});

// Production decodes a feed's bytes with the fetcher's decodeText before parsing; so do these.
describe('parseFeed: bytes, decoded as the poll stage decodes them', () => {
  const rss = (title: string): string =>
    `<rss version="2.0"><channel><item><title>${title}</title><link>https://e.example/</link></item></channel></rss>`;

  it.each([
    ['UTF-8 with a byte order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rss('café'))]), 'café'],
    ['UTF-16 LE with a byte order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(rss('naïve'), 'utf16le')]), 'naïve'],
    ['UTF-16 LE without a mark', Buffer.from(rss('日本'), 'utf16le'), '日本'],
    ['UTF-16 BE without a mark', Buffer.from(rss('ελληνικά'), 'utf16le').swap16(), 'ελληνικά'],
    ['UTF-32 LE with a byte order mark', Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), iconv.encode(rss('día'), 'utf-32le')]), 'día'],
    ['UTF-32 BE without a mark', iconv.encode(rss('žluť'), 'utf-32be'), 'žluť'],
  ])('decodes %s', (_name, body, title) => {
    expect(parseFeed(decodeText(new Uint8Array(body), 'application/rss+xml').text, FEED_URL).items[0]?.title).toBe(title);
  });

  it('decodes windows-1252 bytes 0x80 and 0x92 as € and ’', () => {
    const head = Buffer.from('<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel><item><title>');
    const tail = Buffer.from('</title><link>https://e.example/</link></item></channel></rss>');
    const body = Buffer.concat([head, Buffer.from([0x31, 0x30, 0x80, 0x20, 0x69, 0x74, 0x92, 0x73]), tail]);
    expect(parseFeed(decodeText(new Uint8Array(body), 'application/rss+xml').text, FEED_URL).items[0]?.title).toBe('10€ it’s');
  });
});

describe('parseFeed: empty but valid feeds', () => {
  it.each([
    ['RSS channel without items', '<rss version="2.0"><channel><title>Quiet</title></channel></rss>', 'rss'],
    ['RSS with an empty channel', '<rss version="2.0"><channel></channel></rss>', 'rss'],
    ['Atom without entries', '<feed xmlns="http://www.w3.org/2005/Atom"><title>Quiet</title></feed>', 'atom'],
    ['RDF without items', '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', 'rdf'],
    ['JSON Feed without items', '{"version":"https://jsonfeed.org/version/1.1","title":"Quiet","items":[]}', 'json'],
  ])('%s → no items', (_name, body, format) => {
    const feed = parseFeed(body, FEED_URL);
    expect(feed.format).toBe(format);
    expect(feed.items).toEqual([]);
  });
});

describe('parseFeed: not a feed', () => {
  it.each([
    ['an empty body', '', /empty body/],
    ['whitespace only', ' \n\t ', /empty body/],
    ['an HTML page', '<!DOCTYPE html><html><head><title>News</title></head><body></body></html>', /got an HTML page from .*relais sources add/],
    ['an HTML fragment', '<body><p>hi</p></body>', /got an HTML page/],
    ['HTML after text', 'Moved: <html><body>see</body></html>', /got an HTML page/],
    ['malformed XML', '<rss version="2.0"><channel><item><title>x</b></item></channel></rss>', /not well-formed XML/],
    ['another XML vocabulary', '<?xml version="1.0"?><urlset><url/></urlset>', /root element <urlset>, not <rss>, <feed> or <rdf:RDF>/],
    ['plain text', 'Service unavailable', /neither XML nor JSON/],
    ['a comment and nothing else', '<?xml version="1.0"?><!-- nothing -->', /XML document without a root element/],
    ['a DOCTYPE cut short', '<?xml version="1.0"?><!DOCTYPE rss [ <!ENTITY a "x', /XML document without a root element/],
    ['invalid JSON', '{"version": ', /not valid JSON/],
    ['JSON that is not a feed', '{"status":"ok"}', /JSON but not a JSON Feed/],
    ['a JSON array', '[1,2]', /JSON but not a JSON Feed/],
  ])('rejects %s with a FeedError', (_name, body, message) => {
    const attempt = (): unknown => parseFeed(body, FEED_URL);
    expect(attempt).toThrow(FeedError);
    expect(attempt).toThrow(message);
  });
});
