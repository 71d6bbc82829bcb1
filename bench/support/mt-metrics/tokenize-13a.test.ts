import { describe, expect, it } from 'vitest';
import { splitPythonWords } from './python-text.js';
import { tokenize13a } from './tokenize-13a.js';

// Expected tokenizations were produced by sacrebleu 2.6.0's Tokenizer13a on the same lines.
describe('tokenize13a', () => {
  it.each([
    [
      "Hello, world! It's 3.5 million-dollar (approx.) $1,000 U.S.A. 10-20 people.",
      "Hello , world ! It's 3.5 million-dollar ( approx . ) $ 1,000 U . S . A . 10 - 20 people .",
    ],
    [
      'Il a dit\u202f: «\u00a0Non\u00a0!\u00a0» — c\'est fini… 1.000,50 € l\'an 2014-2015.',
      "Il a dit : « Non ! » — c'est fini… 1.000,50 € l'an 2014 - 2015 .",
    ],
    ['a&amp;b &quot;q&quot; &lt;tag&gt; <skipped> end-\nline\nnext', 'a & b " q " < tag > endline next'],
    [
      'URL http://example.com/a?b=c&d=e #tag @user 50% x*y ~z {w} [v] |u|',
      'URL http : / / example . com / a ? b = c & d = e # tag @ user 50 % x * y ~ z { w } [ v ] | u |',
    ],
    ['Emoji 😀, then .5 and 5. and ,6 and 7,', 'Emoji 😀 , then . 5 and 5 . and , 6 and 7 ,'],
    ['', ''],
  ])('tokenizes %j like sacrebleu', (line, expected) => {
    expect(tokenize13a(line)).toBe(expected);
  });
});

describe('splitPythonWords', () => {
  it.each([
    ['a\u00a0b\u202fc\u2009d', ['a', 'b', 'c', 'd']],
    ['a\u0085b\u001cc', ['a', 'b', 'c']],
    // U+FEFF is whitespace to JavaScript's \s but not to Python.
    ['a\ufeffb', ['a\ufeffb']],
    ['  lead and trail  ', ['lead', 'and', 'trail']],
  ])('splits %j as Python does', (text, expected) => {
    expect(splitPythonWords(text)).toEqual(expected);
  });
});
