import { describe, it, expect } from 'vitest';
import { parseDocument } from './dom.js';
import type { DomElement } from './dom.js';
import { hasFurnitureName, isBoilerplateLine, isSlugCaption, isTeaserBlock, tokenizeName } from './furniture-signals.js';

function firstElement(html: string): DomElement {
  const element = parseDocument(`<!doctype html><html><body>${html}</body></html>`).body?.firstElementChild;
  if (element === null || element === undefined) throw new Error('no element parsed');
  return element;
}

describe('tokenizeName', () => {
  it.each([
    ['video-resource__link', ['video', 'resource', 'link']],
    ['relatedContent', ['related', 'content']],
    ['AdSlot_top', ['ad', 'slot', 'top']],
  ])('splits %s', (name, tokens) => {
    expect(tokenizeName(name)).toEqual(tokens);
  });
});

describe('hasFurnitureName', () => {
  it.each([
    '<div class="video-resource">x</div>',
    '<div data-component-name="video">x</div>',
    '<div class="related-content related-content--article">x</div>',
    '<div class="ad-feedback">x</div>',
    '<aside id="newsletterSignup">x</aside>',
    '<div class="read-more-links">x</div>',
    '<div data-ad-slot="top">x</div>',
    '<section data-testid="most-read">x</section>',
  ])('recognizes %s', (html) => {
    expect(hasFurnitureName(firstElement(html))).toBe(true);
  });

  it.each([
    '<div class="article-body">x</div>',
    '<div class="header">x</div>',
    '<div class="loading">x</div>',
    '<p class="paragraph">x</p>',
    '<div class="shared-layout">x</div>',
    '<div class="adventure">x</div>',
  ])('leaves %s alone', (html) => {
    expect(hasFurnitureName(firstElement(html))).toBe(false);
  });
});

describe('text signals', () => {
  it.each([
    ['Putin Xi Jinping vpx', true],
    ['drone attack ukraine lon orig jm', true],
    ['biden speech sot newday', true],
    ['Xi Jinping and Vladimir Putin meet in Beijing in February 2022.', false],
    ['The vpx of it all, she said.', false],
    ['Putin', false],
  ])('isSlugCaption(%s) is %s', (text, expected) => {
    expect(isSlugCaption(text)).toBe(expected);
  });

  it.each([
    ['Ad Feedback', true],
    ['ADVERTISEMENT', true],
    ['Story continues below advertisement', true],
    ['Advertisers pulled out of the deal.', false],
  ])('isBoilerplateLine(%s) is %s', (text, expected) => {
    expect(isBoilerplateLine(text)).toBe(expected);
  });

  it.each([
    ['<p><a href="/x">See the drones used by Russia and Ukraine</a></p>', true],
    ['<p><a href="/x">READ MORE: What Xi wants from his trip</a></p>', true],
    ['<p>Related: <a href="/x">Related article China and Russia</a></p>', true],
    ['<p><a href="/x">Kremlin</a> officials said the visit would see talks on energy.</p>', false],
    ['<p>See <a href="/a">one</a> and <a href="/b">two</a></p>', false],
  ])('isTeaserBlock(%s) is %s', (html, expected) => {
    expect(isTeaserBlock(firstElement(html))).toBe(expected);
  });
});
