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
    ['strips span attributes', '<span class="c" lang="en">a</span>', '<span>a</span>'],
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
