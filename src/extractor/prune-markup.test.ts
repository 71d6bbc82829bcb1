import { describe, it, expect } from 'vitest';
import { pruneInertMarkup } from './prune-markup.js';

describe('pruneInertMarkup', () => {
  it.each([
    ['a script', '<p>a</p><script>var x = "<p>no</p>";</script><p>b</p>', '<p>a</p><p>b</p>'],
    ['a script with attributes', '<script async src="x.js"></script><p>a</p>', '<p>a</p>'],
    ['a style', '<style>p { color: red }</style><p>a</p>', '<p>a</p>'],
    ['inline SVG', '<p>a<svg viewBox="0 0 1 1"><path d="M0"/><title>icon</title></svg></p>', '<p>a</p>'],
    ['a comment', '<p>a<!-- <p>old</p> --></p>', '<p>a</p>'],
    ['a comment opener inside a script', '<script>document.write("<!--")</script><p>a</p><!-- c -->', '<p>a</p>'],
    ['a script inside a comment', '<!-- <script> --><p>a</p>', '<p>a</p>'],
    ['a navigation menu', '<nav class="menu"><ul><li><a href="/">Home</a></li></ul></nav><p>a</p>', '<p>a</p>'],
    ['a drop-down list', '<p>a</p><select name="edition"><option>U.S.</option><option>World</option></select>', '<p>a</p>'],
  ])('removes %s', (_name, html, expected) => {
    expect(pruneInertMarkup(html)).toBe(expected);
  });

  it.each([
    '<script type="application/ld+json">{"@type":"NewsArticle"}</script>',
    "<script type='application/ld+json' id=\"meta\">{}</script>",
  ])('keeps JSON-LD: %s', (script) => {
    expect(pruneInertMarkup(`${script}<p>a</p>`)).toBe(`${script}<p>a</p>`);
  });

  it('keeps a custom element whose name starts with nav', () => {
    const html = '<nav-bar>menu</nav-bar><p>a</p><nav>b</nav>';
    expect(pruneInertMarkup(html)).toBe('<nav-bar>menu</nav-bar><p>a</p>');
  });

  it('keeps noscript, which holds the real source of lazy images', () => {
    const html = '<noscript><img src="a.jpg"></noscript>';
    expect(pruneInertMarkup(html)).toBe(html);
  });
});
