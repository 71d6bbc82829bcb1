import { describe, expect, it } from 'vitest';
import { decodeHtmlSegment, encodeSegmentAsHtml } from './markup-text.js';

describe('encodeSegmentAsHtml', () => {
  it.each([
    ['plain text', 'plain text'],
    ['a < b & c > d', 'a &lt; b &amp; c &gt; d'],
    ['<x1>AT&T</x1> and <x2/>', '<x1>AT&amp;T</x1> and <x2/>'],
    ['&amp; stays text', '&amp;amp; stays text'],
    ['<b>not ours</b>', '&lt;b&gt;not ours&lt;/b&gt;'],
  ])('%s → %s', (segment, html) => {
    expect(encodeSegmentAsHtml(segment)).toBe(html);
  });
});

describe('decodeHtmlSegment', () => {
  it.each([
    ['it&#39;s', "it's"],
    ['a &lt; b &amp;&amp; c &gt; d', 'a < b && c > d'],
    ['&quot;q&quot; &apos;r&apos;', '"q" \'r\''],
    ['caf&#xE9; &#233;t&eacute;', 'café ét&eacute;'],
    ['1&nbsp;000', '1\u00A0000'],
    ['<x1>kept</x1><x2/>', '<x1>kept</x1><x2/>'],
    ['&#0; &#x110000;', '&#0; &#x110000;'],
  ])('%s → %s', (html, text) => {
    expect(decodeHtmlSegment(html)).toBe(text);
  });

  it('undoes encodeSegmentAsHtml', () => {
    const segment = 'Q&A: is 3 < 4? <x1>Yes</x1> & "no" <x2/>';
    expect(decodeHtmlSegment(encodeSegmentAsHtml(segment))).toBe(segment);
  });
});
