import { describe, expect, it } from 'vitest';
import { collapseWhitespace, htmlToPlainText, truncateText } from './html-text.js';

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
    ['<p>Tom &amp; Jerry &lt;3 &quot;q&quot;</p>', 'Tom & Jerry <3 "q"'],
    ['<style>x{}</style><p>a</p><script>b()</script>', 'a'],
    ['un<em>believ</em>able', 'unbelievable'],
  ])('%j → %j', (input, expected) => {
    expect(htmlToPlainText(input)).toBe(expected);
  });
});

describe('htmlToPlainText as lines', () => {
  it.each([
    ['<p>One.</p><p>Two <b>bold</b>.</p>', 'One.\nTwo bold.'],
    ['<h2>Title</h2><ul><li>a</li><li>b</li></ul>', 'Title\na\nb'],
    ['line<br>break', 'line\nbreak'],
    ['<p>10&nbsp;km</p>', '10\u00a0km'],
    ['un<em>believ</em>able', 'unbelievable'],
  ])('%j → %j', (input, expected) => {
    expect(htmlToPlainText(input, { lines: true })).toBe(expected);
  });

  it('leaves code out when asked', () => {
    expect(htmlToPlainText('<p>Run <code>npm test</code> now.</p><pre>x = 1</pre>', { lines: true, skipCode: true })).toBe('Run now.');
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
