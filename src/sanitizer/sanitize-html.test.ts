import { describe, it, expect } from 'vitest';
import { sanitizeHtml } from './sanitize-html.js';

const base = { baseUrl: 'https://news.example/world/story.html' };

describe('sanitizeHtml', () => {
  it.each([
    ['demotes h1 to h2', '<h1>Title</h1>', '<h2>Title</h2>'],
    ['keeps h2-h6', '<h3>a</h3><h6>b</h6>', '<h3>a</h3><h6>b</h6>'],
    ['drops class, id and style', '<p class="x" id="y" style="color:red">t</p>', '<p>t</p>'],
    ['drops event handlers', '<p onclick="alert(1)">t</p>', '<p>t</p>'],
    ['keeps a div\'s text but not the div', '<div><p>a</p>b</div>', '<p>a</p>b'],
    ['drops script with its content', '<p>a</p><script>alert(1)</script>', '<p>a</p>'],
    ['drops style with its content', '<style>p{}</style><p>a</p>', '<p>a</p>'],
    ['drops iframe with its content', '<iframe src="https://x.example">fallback</iframe><p>a</p>', '<p>a</p>'],
    ['drops svg with its content', '<svg><p>in</p><a href="https://x.example">l</a></svg><p>a</p>', '<p>a</p>'],
    ['drops forms with their controls', '<form><button>Go</button><p>x</p></form><p>a</p>', '<p>a</p>'],
    ['strips span attributes but title and lang', '<span class="c" lang="en" title="t" data-x="1">a</span>', '<span lang="en" title="t">a</span>'],
    ['keeps lang on blocks, not title', '<p lang="fr" title="t"><q lang="de-CH">Grüezi</q></p>', '<p lang="fr"><q lang="de-CH">Grüezi</q></p>'],
    ['keeps titles of inline elements, escaped', '<abbr title="&quot;A&quot; &amp; B">AB</abbr><cite title="t">C</cite>', '<abbr title="&quot;A&quot; &amp; B">AB</abbr><cite title="t">C</cite>'],
    ['drops a title on an image', '<img src="https://x.example/i.png" title="t" lang="en">', '<img src="https://x.example/i.png" lang="en" />'],
    ['keeps tables', '<table><caption>c</caption><thead><tr><th colspan="2">h</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>',
      '<table><caption>c</caption><thead><tr><th colspan="2">h</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>'],
    ['keeps definition lists', '<dl><dt>a</dt><dd>b</dd></dl>', '<dl><dt>a</dt><dd>b</dd></dl>'],
  ])('%s', (_name, input, expected) => {
    expect(sanitizeHtml(input, base)).toBe(expected);
  });

  it.each([
    ['relative', '/a', 'https://news.example/a'],
    ['document-relative', 'b.html', 'https://news.example/world/b.html'],
    ['protocol-relative', '//cdn.example/x', 'https://cdn.example/x'],
    ['mailto', 'mailto:desk@news.example', 'mailto:desk@news.example'],
  ])('resolves a %s link and marks it', (_name, href, expected) => {
    expect(sanitizeHtml(`<a href="${href}" target="_blank" rel="me">l</a>`, base)).toBe(
      `<a href="${expected}" rel="noopener noreferrer nofollow">l</a>`,
    );
  });

  it('keeps a link\'s hreflang, title and lang, and none of its other attributes', () => {
    const html = '<a href="/a" hreflang="en-GB" title="The &quot;report&quot; &amp; more" lang="en" rel="author" class="c" data-track="x" onclick="alert(1)" style="color:red" target="_blank">l</a>';
    expect(sanitizeHtml(html, base)).toBe(
      '<a href="https://news.example/a" hreflang="en-GB" title="The &quot;report&quot; &amp; more" lang="en" rel="author noopener noreferrer nofollow">l</a>',
    );
  });

  it.each([
    ['none', undefined, 'noopener noreferrer nofollow'],
    ['part of what is added', 'noopener', 'noopener noreferrer nofollow'],
    ['types that stay true of the link', 'NoFollow sponsored  ugc external', 'nofollow sponsored ugc external noopener noreferrer'],
    ['types that speak for the page or undo noopener', 'me alternate next opener author', 'author noopener noreferrer nofollow'],
  ])('keeps the rel types that stay true (%s) and adds noopener noreferrer nofollow', (_name, rel, expected) => {
    const attribute = rel === undefined ? '' : ` rel="${rel}"`;
    expect(sanitizeHtml(`<a href="https://x.example/"${attribute}>l</a>`, base)).toBe(`<a href="https://x.example/" rel="${expected}">l</a>`);
  });

  it.each([
    ['a space', 'en us'],
    ['markup', '&lt;b&gt;'],
    ['a URL', 'javascript:alert(1)'],
    ['an empty value', ''],
    ['an over-long subtag', 'en-abcdefghi'],
  ])('drops a lang or hreflang with %s', (_name, value) => {
    expect(sanitizeHtml(`<a href="https://x.example/" hreflang="${value}" lang="${value}">l</a><em lang="${value}">e</em>`, base)).toBe(
      '<a href="https://x.example/" rel="noopener noreferrer nofollow">l</a><em>e</em>',
    );
  });

  it.each(['fr', 'fr-CA', 'zh-Hant-TW', 'x-klingon', 'sgn-BE-FR'])('keeps the language tag %s', (tag) => {
    expect(sanitizeHtml(`<span lang="${tag}">s</span>`, base)).toBe(`<span lang="${tag}">s</span>`);
  });

  it('keeps the title and lang of a link it turns into text', () => {
    expect(sanitizeHtml('<a href="javascript:alert(1)" title="t" lang="fr" hreflang="fr" rel="author">l</a>', base)).toBe('<span title="t" lang="fr">l</span>');
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'java&#x09;script:alert(1)',
    ' &#14; javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'ftp://files.example/x',
  ])('turns a link to %s into plain text', (href) => {
    expect(sanitizeHtml(`<a href="${href}">l</a>`, base)).toBe('<span>l</span>');
  });

  it('resolves img src and srcset and keeps numeric dimensions only', () => {
    const out = sanitizeHtml('<img src="i.jpg" srcset="i-1.jpg 1x, //cdn.example/i,2.jpg 2x, javascript:x 3x" alt="A" width="640" height="50%" loading="lazy">', base);
    expect(out).toBe(
      '<img src="https://news.example/world/i.jpg" srcset="https://news.example/world/i-1.jpg 1x, https://cdn.example/i%2C2.jpg 2x" alt="A" width="640" />',
    );
  });

  it.each([
    ['a data: URL', 'data:image/png;base64,AAAA'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['no URL', ''],
  ])('drops an image with %s', (_name, src) => {
    expect(sanitizeHtml(`<p>a<img src="${src}" onerror="alert(1)"></p>`, base)).toBe('<p>a</p>');
  });

  it('leaves relative URLs out when there is no base to resolve them', () => {
    expect(sanitizeHtml('<a href="/a">l</a><img src="/i.jpg">', {})).toBe('<span>l</span>');
  });
});
