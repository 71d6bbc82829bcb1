import { splitPythonWords } from './python-text.js';

// A port of sacrebleu's `tokenizer_13a` (equivalent to mteval-v13a.pl, used by WMT): the same
// replacements and the same four regular expressions, in the same order. The `u` flag makes a
// character class see code points, as Python's `re` does on `str`.
const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // Language-dependent part (assuming Western languages): punctuation and symbols stand alone.
  [/([\{-~\[-` -&(-+:-@\/])/gu, ' $1 '],
  // A period or comma is split off unless preceded by a digit...
  [/([^0-9])([.,])/gu, '$1 $2 '],
  // ...or unless followed by a digit.
  [/([.,])([^0-9])/gu, ' $1 $2'],
  // A dash after a digit is split off.
  [/([0-9])(-)/gu, '$1 $2 '],
];

/** Tokenizes a line the way sacrebleu's default BLEU tokenizer (`13a`) does; tokens are joined by single spaces. */
export function tokenize13a(line: string): string {
  let text = line.replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  if (text.includes('&')) {
    text = text.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  }
  text = ` ${text} `;
  for (const [pattern, replacement] of RULES) text = text.replace(pattern, replacement);
  return splitPythonWords(text).join(' ');
}
