import { describe, it, expect } from 'vitest';
import { parseDocument, readText } from './dom.js';
import { cleanBody } from './post-clean.js';

const PROSE = 'The council voted on Tuesday to move the market to the old rail yard, ending a long dispute.';

function clean(bodyHtml: string): { html: string; blocks: string[] } {
  const document = parseDocument(`<!doctype html><html><body>${bodyHtml}</body></html>`);
  const root = document.body!;
  cleanBody(document, root, []);
  return { html: root.innerHTML, blocks: Array.from(root.children, (block) => readText(block)) };
}

describe('cleanBody', () => {
  it('keeps a figure picture and drops its caption', () => {
    const { html, blocks } = clean(`<p>${PROSE}</p><figure><img src="https://news.example/a.jpg" alt="The rail yard"><figcaption>1of4 The old rail yard at dawn. (Jane Doe/Gazette)</figcaption></figure>`);
    expect(blocks).toEqual([PROSE, '']);
    expect(html).toContain('<img src="https://news.example/a.jpg" alt="The rail yard">');
    expect(html).not.toContain('figcaption');
  });

  it('drops a figure left with neither picture nor text once its caption is gone', () => {
    const { blocks } = clean(`<p>${PROSE}</p><figure><figcaption>Watch: the market moves</figcaption></figure>`);
    expect(blocks).toEqual([PROSE]);
  });

  it('keeps a table caption, which is part of the table', () => {
    const { blocks } = clean(`<p>${PROSE}</p><table><caption>Stalls by street</caption><tbody><tr><td>Main</td><td>12</td></tr></tbody></table>`);
    expect(blocks[1]).toContain('Stalls by street');
  });

  it('drops credited captions and credits inside a slideshow list, keeping the story', () => {
    const slide = '<li><p>In this Sunday, Nov. 10, 2019, photograph, unsold vehicles sit at a dealership in Littleton, Colo. (AP Photo/David Zalubowski)</p><span>Photo: David Zalubowski, STF / Associated Press</span></li>';
    const { blocks } = clean(`<ul>${slide}${slide}</ul><p>${PROSE}</p>`);
    expect(blocks).toEqual([PROSE]);
  });

  it('keeps a list item that merely mentions a photo', () => {
    const { blocks } = clean(`<p>${PROSE}</p><ul><li>The photo was taken by a resident on Tuesday night.</li></ul>`);
    expect(blocks).toEqual([PROSE, 'The photo was taken by a resident on Tuesday night.']);
  });

  it('drops a hover card that repeats a linked name inside a sentence', () => {
    const card = '<span><span><img src="https://news.example/omar.jpg" alt=""><a href="/people/ilhan-omar">Ilhan Omar</a><a href="/story/1">Hillicon Valley: Progressives oppose funding bill</a></span></span>';
    const { blocks } = clean(`<p>A man pleaded guilty to threatening Rep. <span><a href="/people/ilhan-omar">Ilhan Omar</a>${card}</span> in a phone call.</p>`);
    expect(blocks).toEqual(['A man pleaded guilty to threatening Rep. Ilhan Omar in a phone call.']);
  });

  it('keeps a paragraph wrapped in a span with pictures and links', () => {
    const paragraph = '<p><span>The fair opened with <a href="/a">a parade</a> and <a href="/b">fireworks</a>. <img src="https://news.example/fair.jpg" alt=""></span></p>';
    expect(clean(paragraph).blocks).toEqual(['The fair opened with a parade and fireworks.']);
  });
});
