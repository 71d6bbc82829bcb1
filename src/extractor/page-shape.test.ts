import { describe, expect, it } from 'vitest';
import { parseDocument } from './dom.js';
import { extractArticle } from './extract-article.js';

// parseDocument repairs linkedom's tree as written into the tree a browser builds.
function shapeOf(html: string): string {
  const document = parseDocument(html) as unknown as { toString(): string };
  return document.toString().replace(/^<!DOCTYPE html>/u, '');
}

describe('repairPageShape', () => {
  it.each([
    ['a <meta> before <html>', '<meta charset="utf-8"><html lang="el"><head><title>T</title></head><body><p>x</p></body></html>',
      '<html lang="el"><head><meta charset="utf-8"><title>T</title></head><body><p>x</p></body></html>'],
    ['links before <body> and no <html>', '<link href="a.css"><body class="b"><p>x</p></body>',
      '<html><head><link href="a.css"></head><body class="b"><p>x</p></body></html>'],
    ['<head> and <body> without <html>', '<head><title>T</title></head><body><p>x</p></body>',
      '<html><head><title>T</title></head><body><p>x</p></body></html>'],
    ['content after </html>', '<html><head></head><body><p>x</p></body></html><div>after</div>',
      '<html><head></head><body><p>x</p><div>after</div></body></html>'],
    ['content before <html>', '<p>before</p><html><head></head><body><p>x</p></body></html>',
      '<html><head></head><body><p>before</p><p>x</p></body></html>'],
    ['content between </head> and <body>, and after </body>', '<html><head></head><div>pre</div><body><p>x</p></body><div>post</div></html>',
      '<html><head></head><body><div>pre</div><p>x</p><div>post</div></body></html>'],
    ['body content straight in <html>', '<html><head><title>T</title></head><h1>H</h1><p>x</p></html>',
      '<html><head><title>T</title></head><body><h1>H</h1><p>x</p></body></html>'],
    ['a <head> left open', '<html><head><title>T</title><meta name="a" content="b"><div><p>x</p></div><p>y</p><body><p>z</p></body></html>',
      '<html><head><title>T</title><meta name="a" content="b"></head><body><div><p>x</p></div><p>y</p><p>z</p></body></html>'],
    ['text in <head>', '<html><head><title>T</title>Hello <b>world</b></head><body><p>x</p></body></html>',
      '<html><head><title>T</title></head><body>Hello <b>world</b><p>x</p></body></html>'],
    ['two pages in one', '<html><head><title>1</title></head><body><p>x</p></body></html><html><head><title>2</title></head><body><p>y</p></body></html>',
      '<html><head><title>1</title></head><body><p>x</p><title>2</title><p>y</p></body></html>'],
  ])('gives one <html> with <head> then <body>: %s', (_name, html, shaped) => {
    expect(shapeOf(html)).toBe(shaped);
  });

  it('leaves a page of the right shape as it is', () => {
    const html = '<html lang="en"><head><title>T</title></head><body><main><p>x</p></main></body></html>';
    expect(shapeOf(`<!doctype html>${html}`)).toBe(html);
  });

  it('gives linkedom a <body> that holds the page: document.body is the one parsed', () => {
    const document = parseDocument('<meta charset="utf-8"><html><head></head><body id="page"><p>x</p></body></html>');
    expect(document.body?.getAttribute('id')).toBe('page');
    expect(document.documentElement.localName).toBe('html');
  });
});

describe('extractArticle on pages linkedom parses out of shape', () => {
  const story = Array.from({ length: 6 }, (_, i) => `<p>Paragraph ${i + 1} of the story tells, in many plain words and at some length, what happened in the town council meeting on Monday evening.</p>`).join('');
  const rules = { dropSelectors: [], dropPatterns: [], minWords: 0 };

  it.each([
    ['a <meta> before <html>', `<meta charset="utf-8"><html><head><title>T</title></head><body><div>${story}</div></body></html>`],
    ['the story after </html>', `<html><head><title>T</title></head><body><p>Menu</p></body></html><div><div>${story}</div></div>`],
    ['the story in a <head> left open', `<html><head><title>T</title><div>${story}</div><body><p>Footer</p></body></html>`],
    ['the story between </head> and <body>', `<head><title>T</title></head><div>${story}</div><body><p>Footer</p></body>`],
  ])('finds the story: %s', (_name, html) => {
    const outcome = extractArticle(html, { url: 'https://example.com/story', rules });
    expect(outcome.kind).toBe('article');
    if (outcome.kind === 'article') expect(outcome.article.text).toContain('Paragraph 6 of the story');
  });
});
