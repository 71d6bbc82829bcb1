import { describe, expect, it } from 'vitest';
import { selectStrings } from './i18n.js';
import { chooseOrigin, createSitePaths, FEED_FORMATS, isHttpUrl, parsePageNumber } from './urls.js';

describe('site URLs', () => {
  it.each([
    [undefined, 1],
    ['1', 1],
    ['12', 12],
    ['0', undefined],
    ['01', undefined],
    ['-2', undefined],
    ['2.5', undefined],
    ['abc', undefined],
    ['9999999', undefined],
  ])('page %j → %j', (value, expected) => {
    expect(parsePageNumber(value)).toBe(expected);
  });

  it('builds paths in the site language and encodes slugs', () => {
    const paths = createSitePaths(selectStrings('fr'), 'v1');
    expect(paths.category('monde', 3)).toBe('/rubrique/monde/page/3');
    expect(paths.home(2)).toBe('/page/2');
    expect(paths.home(1)).toBe('/');
    expect(paths.category('monde', 1)).toBe('/rubrique/monde');
    expect(paths.article('a b?c')).toBe('/article/a%20b%3Fc');
    expect(createSitePaths(selectStrings('en'), 'v1').categoryFeed('world')).toBe('/category/world/feed.xml');
  });

  it('names a feed path for each format, the whole site\'s and a category\'s', () => {
    const paths = createSitePaths(selectStrings('en'), 'v1');
    expect(FEED_FORMATS.map((format) => paths.feed(format))).toEqual(['/feed.xml', '/atom.xml', '/feed.json']);
    expect(FEED_FORMATS.map((format) => paths.categoryFeed('world', format))).toEqual(['/category/world/feed.xml', '/category/world/atom.xml', '/category/world/feed.json']);
  });

  it.each([
    ['https://relais.example/', 'http://internal/x', 'https://relais.example'],
    [undefined, 'http://news.test:8080/a?b=1', 'http://news.test:8080'],
  ])('origin with base %j for %s is %s', (base, url, expected) => {
    expect(chooseOrigin(base, url)).toBe(expected);
  });

  it.each([
    ['https://a.example/x.jpg', true],
    ['http://a.example/', true],
    ['javascript:alert(1)', false],
    ['data:image/png;base64,AAAA', false],
    ['/relative', false],
    [undefined, false],
  ])('%j may be linked: %s', (url, expected) => {
    expect(isHttpUrl(url)).toBe(expected);
  });
});
