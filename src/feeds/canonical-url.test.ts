import { describe, expect, it } from 'vitest';
import { FeedError } from '../domain/errors.js';
import { canonicalizeUrl, isTrackingParameter } from './canonical-url.js';

describe('canonicalizeUrl', () => {
  it.each([
    ['HTTP://WWW.Example.COM/Path', 'http://www.example.com/Path'],
    ['https://example.com:443/a', 'https://example.com/a'],
    ['http://example.com:80/a', 'http://example.com/a'],
    ['http://example.com:8080/a', 'http://example.com:8080/a'],
    ['https://example.com/a#section-2', 'https://example.com/a'],
    ['https://example.com/a?', 'https://example.com/a'],
    ['https://example.com/a?utm_source=x&utm_medium=y&utm_campaign=z', 'https://example.com/a'],
    ['https://example.com/a?UTM_Source=x&id=3', 'https://example.com/a?id=3'],
    ['https://example.com/a?id=3&fbclid=abc', 'https://example.com/a?id=3'],
    ['https://example.com/a?gclid=1&dclid=2&msclkid=3&yclid=4&_ga=5&igshid=6', 'https://example.com/a'],
    ['https://example.com/a?mc_cid=1&mc_eid=2&ref_src=twsrc&cmpid=rss', 'https://example.com/a'],
    ['https://example.com/a?b=2&a=1', 'https://example.com/a?a=1&b=2'],
    ['https://example.com/a?tag=x&page=2&tag=a', 'https://example.com/a?page=2&tag=x&tag=a'],
    ['https://example.com/a?q=caf%C3%A9+cr%C3%A8me&a=%2F', 'https://example.com/a?a=%2F&q=caf%C3%A9+cr%C3%A8me'],
    ['https://example.com/a?x=1&&y=2', 'https://example.com/a?x=1&y=2'],
    ['https://example.com/a?iid=CNN_xyz', 'https://example.com/a?iid=CNN_xyz'],
    ['https://example.com/a?utm=keep', 'https://example.com/a?utm=keep'],
    ['https://ÉDITION.example/a', 'https://xn--dition-9ua.example/a'],
    ['  https://example.com/a  ', 'https://example.com/a'],
    ['https://example.com', 'https://example.com/'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalizeUrl(input)).toBe(expected);
  });

  it('is idempotent', () => {
    const once = canonicalizeUrl('https://Example.com:443/a?b=2&utm_source=x&a=1#top');
    expect(canonicalizeUrl(once)).toBe(once);
  });

  it.each([['not a url'], ['/relative/path'], ['']])('throws FeedError for %j', (input) => {
    expect(() => canonicalizeUrl(input)).toThrow(FeedError);
  });
});

describe('isTrackingParameter', () => {
  it.each([
    ['utm_source', true],
    ['utm_anything', true],
    ['fbclid', true],
    ['gclid', true],
    ['id', false],
    ['page', false],
    ['ref', false],
  ])('%s → %s', (key, expected) => {
    expect(isTrackingParameter(key)).toBe(expected);
  });
});
