import { describe, expect, it } from 'vitest';
import { FRENCH_NUMBER_RULES, FRENCH_RULES } from './fr.js';
import type { TypographyRule } from './fr.js';
import { applyTextTypography, applyTypography } from './index.js';
import { PUNCTUATION_KEEPING_RULES } from './punctuation.js';

// Written with visible markers: _ is U+202F (narrow no-break space), ~ is U+00A0 (no-break space).
const show = (text: string): string => text.replace(/\u202F/g, '_').replace(/\u00A0/g, '~');
const unshow = (text: string): string => text.replace(/_/g, '\u202F').replace(/~/g, '\u00A0');

function rulesOf(lang: string): readonly TypographyRule[] {
  return lang === 'fr' ? [...FRENCH_NUMBER_RULES, ...FRENCH_RULES] : (PUNCTUATION_KEEPING_RULES[lang] ?? []);
}

// [target, source language, engine output, expected, the rule that applies (none: identity)]
const ROWS: ReadonlyArray<readonly [string, string, string, string, string | null]> = [
  ['fr', 'en', 'soit 3.5 million d’habitants', 'soit 3,5 millions d’habitants', 'magnitude agreement'],
  ['fr', 'en', 'soit 3.5 millions d’euros', 'soit 3,5 millions d’euros', 'decimal comma before a magnitude or a percent sign'],
  ['fr', 'en', 'environ 1.5 million', 'environ 1,5 million', 'magnitude agreement'],
  ['fr', 'en', '1,200 personnes', '1_200 personnes', 'thousands separator and decimal comma'],
  ['fr', 'en', 'un budget de 12,345,678.90', 'un budget de 12_345_678,90', 'thousands separator and decimal comma'],
  ['fr', 'en', 'coûte $5 million', 'coûte 5 millions de dollars', 'currency amount with a magnitude'],
  ['fr', 'en', 'Côte $5 millions, dit-il', 'Côte 5 millions de dollars, dit-il', 'currency amount with a magnitude'],
  ['fr', 'en', 'un prêt de $2.5 billion', 'un prêt de 2,5 milliards de dollars', 'currency amount with a magnitude'],
  ['fr', 'en', 'soit 3 billion', 'soit 3 milliards', 'magnitude agreement'],
  ['fr', 'en', 'soit 1 billion', 'soit 1 billion', null],
  ['fr', 'en', 'il paie $40', 'il paie 40~$', 'currency symbol after the amount'],
  ['fr', 'en', 'il paie €1,500', 'il paie 1_500~€', 'currency symbol after the amount'],
  ['fr', 'en', '45% ont voté', '45_% ont voté', 'space before %'],
  ['fr', 'en', 'hausse de 3.5 %', 'hausse de 3,5_%', 'space before %'],
  ['fr', 'en', 'à 10:30 précises', 'à 10:30 précises', null],
  ['fr', 'en', 'en 2024, version 3.5 du logiciel', 'en 2024, version 3.5 du logiciel', null],
  ['fr', 'en', 'les listes 1,2,3', 'les listes 1,2,3', null],
  ['fr', 'de', '1,200 personnes', '1,200 personnes', null],
  ['fr', 'en', 'voir https://example.com/a?n=1,200&p=3.5', 'voir https://example.com/a?n=1,200&p=3.5', null],
  ['es', 'en', '¿Qué pasó? ¡Nadie lo sabe!', '¿Qué pasó? ¡Nadie lo sabe!', null],
  ['es', 'en', 'Dijo « basta » y se fue.', 'Dijo « basta » y se fue.', null],
  ['es', 'en', '¿Qué pasó ?', '¿Qué pasó?', 'no space before , . ; : ! ?'],
  ['es', 'en', 'costó 1,200 dólares', 'costó 1,200 dólares', null],
  ['de', 'en', 'Er sagte: „Wir kommen.“', 'Er sagte: „Wir kommen.“', null],
  ['de', 'en', 'Er sagte ‚ja‘ und ging.', 'Er sagte ‚ja‘ und ging.', null],
  ['de', 'en', 'Wirklich ?  Ja .', 'Wirklich? Ja.', 'no space before , . ; : ! ?'],
  ['it', 'en', 'Ha detto: «Andiamo!»', 'Ha detto: «Andiamo!»', null],
  ['it', 'en', 'Perché ?', 'Perché?', 'no space before , . ; : ! ?'],
  ['pt', 'en', 'Ele disse: “Vamos!”', 'Ele disse: “Vamos!”', null],
  ['pt', 'en', 'Vamos  embora , agora.', 'Vamos embora, agora.', 'single spaces'],
  ['ar', 'en', 'قال الرئيس، إن الاجتماع انتهى؟', 'قال الرئيس، إن الاجتماع انتهى؟', null],
  ['ar', 'en', 'هل انتهى الاجتماع ؟', 'هل انتهى الاجتماع؟', 'no space before ، ؛ ؟ ! .'],
  ['en', 'fr', 'He said: "go!" ... Really ?', 'He said: "go!" ... Really ?', null],
];

describe('typography per target language', () => {
  it.each(ROWS)('%s (from %s): %j → %j', (lang, from, input, expected, rule) => {
    expect(show(applyTextTypography(unshow(input), lang, { from }))).toBe(expected);
    if (rule !== null) {
      const cited = rulesOf(lang).find((candidate) => candidate.name === rule);
      expect(cited?.source, `rule "${rule}" of ${lang}`).toMatch(/\S{3,}.*:/u);
    }
  });

  it.each(ROWS)('%s (from %s): %j is stable on a second pass', (lang, from, input) => {
    const once = applyTextTypography(unshow(input), lang, { from });
    expect(applyTextTypography(once, lang, { from })).toBe(once);
  });

  it.each(['fr', 'es', 'de', 'it', 'pt', 'ar'])('every %s rule cites its source', (lang) => {
    const rules = rulesOf(lang);
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) expect(rule.source.length, rule.name).toBeGreaterThan(10);
  });
});

describe('French numbers in HTML', () => {
  it.each([
    ['text nodes only', '<p data-n="1,200">1,200 <a href="/x?a=3.5%20million">lien</a></p>', '<p data-n="1,200">1_200 <a href="/x?a=3.5%20million">lien</a></p>'],
    ['never in code', '<p><code>x = 1,200</code> et 1,200</p>', '<p><code>x = 1,200</code> et 1_200</p>'],
    ['never in pre', '<pre>$5 million</pre><p>$5 million</p>', '<pre>$5 million</pre><p>5 millions de dollars</p>'],
  ])('%s', (_name, input, expected) => {
    expect(show(applyTypography(input, 'fr', { from: 'en' }).replace(/&nbsp;/g, '\u00A0'))).toBe(expected);
  });

  it('keeps English number forms when the source language is not given', () => {
    expect(applyTextTypography('1,200 personnes', 'fr')).toBe('1,200 personnes');
  });
});
