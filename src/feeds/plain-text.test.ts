import { describe, expect, it } from 'vitest';
import { collapseWhitespace, htmlToPlainText, truncateText } from './plain-text.js';

describe('htmlToPlainText', () => {
  it.each([
    ['Plain title', 'Plain title'],
    ['  spread \n\t over   lines ', 'spread over lines'],
    ['AT&amp;T &eacute;t&eacute; &#8217; &#x41;', 'AT&T été ’ A'],
    ['AT&T', 'AT&T'],
    ['Example <b>bold</b> and <i>italic</i>', 'Example bold and italic'],
    ['<p>One.</p><p>Two.</p>', 'One. Two.'],
    ['line<br>break', 'line break'],
    ['before<script>alert(1)</script>after', 'beforeafter'],
    ['<style>p{color:red}</style>text', 'text'],
    ['a < b and c > d', 'a < b and c > d'],
    ['&lt;b&gt;escaped&lt;/b&gt;', '<b>escaped</b>'],
    ['<img src=x onerror=alert(1)>caption', 'caption'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(htmlToPlainText(input)).toBe(expected);
  });
});

describe('collapseWhitespace', () => {
  it('keeps no-break spaces inside the text', () => {
    expect(collapseWhitespace(' 10\u00a0km \n away ')).toBe('10\u00a0km away');
  });
});

describe('truncateText', () => {
  it.each([
    ['short', 10, 'short'],
    ['one two three four five', 12, 'one two…'],
    ['abcdefghijklmnop', 8, 'abcdefg…'],
  ])('%j at %i → %j', (input, max, expected) => {
    expect(truncateText(input, max)).toBe(expected);
  });
});
