import { describe, expect, it } from 'vitest';
import type { TranslatableText } from '../domain/types.js';
import { assessTranslation } from './quality.js';
import type { QualityThresholds } from './quality.js';

const PAIR = { from: 'en', to: 'fr' };
const DEFAULTS: QualityThresholds = {
  checkLanguage: true,
  maxUntranslatedShare: 0.3,
  minLengthRatio: 0.5,
  maxLengthRatio: 2.5,
  maxRepetition: 4,
};

const SOURCE: TranslatableText = {
  title: 'Council approves the new bridge',
  summary: 'The council met on Tuesday.',
  html:
    '<p>The council met on Tuesday to discuss the new bridge, the budget for schools and the plan for the river banks.</p>' +
    '<p>Residents have asked about the river banks for years, and the mayor said work would start in the spring.</p>' +
    '<p>The bridge will cost less than the old plan, according to the city’s own figures.</p>',
};
const GOOD: TranslatableText = {
  title: 'Le conseil approuve le nouveau pont',
  summary: 'Le conseil s’est réuni mardi.',
  html:
    '<p>Le conseil s’est réuni mardi pour discuter du nouveau pont, du budget des écoles et du projet pour les berges de la rivière.</p>' +
    '<p>Les habitants posent des questions sur les berges depuis des années, et le maire a dit que les travaux commenceraient au printemps.</p>' +
    '<p>Le pont coûtera moins cher que l’ancien projet, selon les chiffres de la ville.</p>',
};

const paragraphs = (html: string): string[] => html.match(/<p>.*?<\/p>/g) ?? [];

// [name, translation, thresholds, expected gate (null: pass)]
const CASES: ReadonlyArray<readonly [string, TranslatableText, Partial<QualityThresholds>, string | null]> = [
  ['a good translation passes', GOOD, {}, null],
  ['a leftover tag placeholder', { ...GOOD, html: GOOD.html.replace('du nouveau pont', 'du &lt;x1/&gt; pont') }, {}, 'placeholders'],
  ['a leftover token placeholder', { ...GOOD, title: 'Le conseil approuve [2] le nouveau pont' }, {}, 'placeholders'],
  ['a leftover closing token', { ...GOOD, summary: 'Le conseil [/1] s’est réuni mardi.' }, {}, 'placeholders'],
  [
    'a repetition loop',
    { ...GOOD, html: `${GOOD.html}<p>le pont le pont le pont le pont le pont le pont est là.</p>` },
    {},
    'repetition',
  ],
  ['a word looping', { ...GOOD, summary: 'Le conseil conseil conseil conseil conseil conseil.' }, {}, 'repetition'],
  ['a loop within max_repetition', { ...GOOD, summary: 'Le conseil, conseil, conseil, conseil.' }, {}, null],
  ['a loop allowed by a higher max_repetition', { ...GOOD, summary: 'Le conseil conseil conseil conseil conseil conseil.' }, { maxRepetition: 6 }, null],
  ['an output far too short', { ...GOOD, html: '<p>Le pont.</p>' }, {}, 'length'],
  ['an output far too long', { ...GOOD, html: GOOD.html.repeat(3).replace(/<\/p><p>/g, ' — suite. </p><p>') }, {}, 'length'],
  ['a length ratio inside wider bounds', { ...GOOD, html: '<p>Le pont.</p>' }, { minLengthRatio: 0.1 }, null],
  ['the source left untranslated', { ...SOURCE }, { checkLanguage: false }, 'untranslated'],
  [
    'a third of the sentences left in English',
    { ...GOOD, html: `${paragraphs(SOURCE.html)[0]}${paragraphs(GOOD.html).slice(1).join('')}` },
    { maxUntranslatedShare: 0.1, checkLanguage: false },
    'untranslated',
  ],
  [
    'the same share within a looser threshold',
    { ...GOOD, html: `${paragraphs(SOURCE.html)[0]}${paragraphs(GOOD.html).slice(1).join('')}` },
    { maxUntranslatedShare: 0.5, checkLanguage: false },
    null,
  ],
  ['an output in English', { ...SOURCE, title: 'Council approves a new bridge' }, { maxUntranslatedShare: 1 }, 'language'],
  ['an output in English, language check off', { ...SOURCE, title: 'Council approves a new bridge' }, { maxUntranslatedShare: 1, checkLanguage: false }, null],
  [
    'an output in Spanish',
    {
      title: 'El consejo aprueba el nuevo puente',
      summary: 'El consejo se reunió el martes.',
      html:
        '<p>El consejo se reunió el martes para discutir el nuevo puente, el presupuesto de las escuelas y el plan para las orillas del río.</p>' +
        '<p>Los vecinos preguntan por las orillas desde hace años, y el alcalde dijo que las obras empezarían en primavera.</p>' +
        '<p>El puente costará menos que el antiguo plan, según las cifras de la ciudad.</p>',
    },
    {},
    'language',
  ],
];

describe('assessTranslation', () => {
  it.each(CASES)('%s', async (_name, target, thresholds, gate) => {
    const verdict = await assessTranslation(SOURCE, target, PAIR, { ...DEFAULTS, ...thresholds });
    if (gate === null) {
      expect(verdict).toEqual({ kind: 'pass' });
    } else {
      expect(verdict).toMatchObject({ kind: 'fail', gate });
      expect(verdict.kind === 'fail' && verdict.reason.length).toBeGreaterThan(10);
    }
  });

  it('does not count placeholder look-alikes the source already had', async () => {
    const source = { ...SOURCE, summary: 'The council met on Tuesday [1].' };
    expect(await assessTranslation(source, { ...GOOD, summary: 'Le conseil s’est réuni mardi [1].' }, PAIR, DEFAULTS)).toEqual({ kind: 'pass' });
  });

  it('does not hold a repetition the source itself has', async () => {
    const chant = 'They chanted no no no no no no no at the meeting.';
    const source = { ...SOURCE, summary: chant };
    const target = { ...GOOD, summary: 'Ils ont scandé no no no no no no no à la réunion.' };
    expect(await assessTranslation(source, target, PAIR, DEFAULTS)).toEqual({ kind: 'pass' });
  });

  it('ignores sentences of names and numbers when counting what was left untranslated', async () => {
    const source = { title: 'Xi Jinping', summary: 'Vladimir Putin.', html: '<p>2024. CNN.</p>' };
    const target = { title: 'Xi Jinping', summary: 'Vladimir Putin.', html: '<p>2024. CNN.</p>' };
    expect(await assessTranslation(source, target, PAIR, DEFAULTS)).toEqual({ kind: 'pass' });
  });

  it('names the gate and the figures in its reason', async () => {
    const verdict = await assessTranslation(SOURCE, SOURCE, PAIR, { ...DEFAULTS, checkLanguage: false });
    expect(verdict.kind === 'fail' ? verdict.reason : '').toMatch(/\d+ of \d+ sentences .*100%/);
  });
});
