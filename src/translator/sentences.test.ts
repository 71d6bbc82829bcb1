import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { htmlToPlainText } from '../util/html-text.js';
import { findSentenceBoundaries, splitSentences } from './sentences.js';

// For a language without a list of abbreviations: the boundaries Intl.Segmenter gives, less those
// after an initial, as the check read them when it ran a regular expression over all the text
// before each boundary.
function oracleBoundaries(text: string): number[] {
  const boundaries: number[] = [];
  for (const { index } of new Intl.Segmenter('xx', { granularity: 'sentence' }).segment(text)) {
    if (index === 0) continue;
    const word = /(?:^|[\s(«"“])(\p{L}+)\.\s*$/u.exec(text.slice(0, index))?.[1];
    if (word !== undefined && /^\p{Lu}$/u.test(word)) continue;
    boundaries.push(index);
  }
  return boundaries;
}

const fixtures = fileURLToPath(new URL('../../test/fixtures/extractor', import.meta.url));

describe('sentence boundaries', () => {
  it('keeps abbreviations and initials inside their sentence', () => {
    expect(splitSentences('Mr. Smith met Dr. Jones on St. Mark street. J. K. Rowling wrote it. Then they left.', 'en')).toEqual([
      'Mr. Smith met Dr. Jones on St. Mark street. ',
      'J. K. Rowling wrote it. ',
      'Then they left.',
    ]);
  });

  it('agrees with the whole-prefix reading on edge cases and on real articles', () => {
    const cases = [
      '(Gen. Patton arrived. He spoke.',
      '“Mr. Lee said so. Yes.',
      'Ran 5km. Then rested. Mr.   Smith came.',
      'x-Mr. Smith left. Then.',
      'Plan-B. Then we go. Vitamin-C. Good. (A. Lot.',
      'Le 𝐀. Next one. 𠀀𠀁. After. A.\u00a0Then. B. C. Dee.',
      '. A sentence. Mr.\n\nNext paragraph.',
    ];
    const articles = readdirSync(fixtures)
      .filter((name) => name.endsWith('.html'))
      .slice(0, 20)
      .map((name) => htmlToPlainText(readFileSync(join(fixtures, name), 'utf8')));
    expect(articles.length).toBeGreaterThan(0);
    let initials = 0;
    for (const text of [...cases, ...articles]) {
      const expected = oracleBoundaries(text);
      expect(findSentenceBoundaries(text, 'xx')).toEqual(expected);
      initials += [...new Intl.Segmenter('xx', { granularity: 'sentence' }).segment(text)].length - 1 - expected.length;
    }
    // The cases do drop boundaries after initials: the comparison is not between two empty checks.
    expect(initials).toBeGreaterThan(3);
  });
});
