import { describe, it, expect } from 'vitest';
import { stripTags } from './strip-tags.js';

describe('stripTags', () => {
  it.each([
    ['separates blocks', '<p>one</p><p>two</p>', 'one two'],
    ['decodes entities', '<p>Tom &amp; Jerry &lt;3 &quot;q&quot; &eacute;t&eacute;</p>', 'Tom & Jerry <3 "q" été'],
    ['drops scripts and styles with their content', '<style>x{}</style><p>a</p><script>b()</script>', 'a'],
    ['collapses whitespace', '  a \n\n <b>b</b>\t c ', 'a b c'],
    ['keeps inline words together', 'un<em>believ</em>able', 'unbelievable'],
  ])('%s', (_name, input, expected) => {
    expect(stripTags(input)).toBe(expected);
  });
});
