import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeWithSharedData } from '../../../test/support/shared-data.js';
import { computeChrfFromStatistics, computeCorpusChrf } from './chrf.js';

// sacrebleu's own tolerance for chrF.
const EPSILON = 1e-4;

describe('computeCorpusChrf: sacrebleu test suite (test/test_chrf.py)', () => {
  it.each([
    [['abcdefg'], ['hijklmnop'], 0],
    [['a'], ['b'], 0],
    [[''], ['b'], 0],
    [[''], ['ref'], 0],
    [[''], ['reference'], 0],
    [['aa'], ['ab'], 8.3333],
    [['a', 'b'], ['a', 'c'], 8.3333],
    [['a'], ['a'], 16.6667],
    [['a b c'], ['a b c'], 50],
    [['a b c'], ['abc'], 50],
    [
      [' risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists .'],
      ['risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists .'],
      63.36173,
    ],
    [
      [' Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. '],
      ['Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich.'],
      64.1302698,
    ],
    [['Niemand hat die Absicht, eine Mauer zu errichten'], ['Niemand hat die Absicht, eine Mauer zu errichten'], 100],
  ])('beta 3, epsilon smoothing: %j vs %j → %f', (hyps, refs, expected) => {
    const { score } = computeCorpusChrf(hyps, [refs], { beta: 3, epsSmoothing: true });
    expect(Math.abs(score - expected)).toBeLessThan(EPSILON);
  });

  it.each([
    [['a'], ['a'], 100],
    [[''], ['reference'], 0],
    [['a b c'], ['a b c'], 100],
    [['a b c'], ['abc'], 100],
    [[''], ['c'], 0],
    [['a', 'b'], ['a', 'c'], 50],
    [['aa'], ['ab'], 25],
  ])('beta 3, effective order: %j vs %j → %f', (hyps, refs, expected) => {
    expect(Math.abs(computeCorpusChrf(hyps, [refs], { beta: 3 }).score - expected)).toBeLessThan(EPSILON);
  });

  it.each([
    [
      ['Die Beziehung zwischen Obama und Netanjahu ist nicht gerade freundlich.'],
      ['Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich.'],
      67.3481606,
    ],
    [
      ['risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists .'],
      ['risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists .'],
      65.2414427,
    ],
  ])('beta 3, whitespace kept: %j → %f', (hyps, refs, expected) => {
    expect(Math.abs(computeCorpusChrf(hyps, [refs], { beta: 3, whitespace: true }).score - expected)).toBeLessThan(EPSILON);
  });

  it.each([
    [
      'Co nás nejvíc trápí, protože lékaři si vybírají, kdo bude žít a kdo zemře.',
      'Nejvíce smutní jsme z toho, že musíme rozhodovat o tom, kdo bude žít a kdo zemře.',
      39.14078509,
    ],
    [
      'Nebo prostě nemají vybavení, které by jim pomohlo, uvedli lékaři.',
      'A někdy nemáme ani potřebný materiál, abychom jim pomohli, popsali lékaři.',
      31.22557079,
    ],
    [
      'Lapali po dechu, jejich životy skončily dřív, než skutečně začaly.',
      'Lapali po dechu a pak jejich život skončil - dřív, než skutečně mohl začít, připomněli.',
      57.15704367,
    ],
  ])('sentence level, beta 2, epsilon smoothing: %j', (hyp, ref, expected) => {
    expect(Math.abs(computeCorpusChrf([hyp], [[ref]], { epsSmoothing: true }).score - expected)).toBeLessThan(EPSILON);
  });
});

describe('computeCorpusChrf: by hand', () => {
  it('"ab" against "abc": every order the hypothesis reaches matches fully', () => {
    // Orders 1–2: precision 1, recall 2/3 and 1/2; order 3 exists in the reference only → left out.
    const { score, statistics } = computeCorpusChrf(['ab'], [['abc']]);
    expect(statistics.slice(0, 9)).toEqual([2, 3, 2, 1, 2, 1, 0, 1, 0]);
    const [p, r] = [1, (2 / 3 + 1 / 2) / 2];
    expect(score).toBeCloseTo((100 * 5 * p * r) / (4 * p + r), 9);
  });

  it('counts characters as code points, not UTF-16 units', () => {
    expect(computeCorpusChrf(['😀'], [['😀']]).statistics.slice(0, 6)).toEqual([1, 1, 1, 0, 0, 0]);
  });

  it('removes whitespace by default', () => {
    expect(computeCorpusChrf(['a\u202fb c'], [['abc']]).score).toBe(100);
  });

  it('scores zero statistics as zero', () => {
    expect(computeChrfFromStatistics(new Array<number>(18).fill(0))).toBe(0);
  });
});


// Expected figures were computed by sacrebleu 2.6.0 (`corpus_chrf` with its defaults) on the same lines.
describeWithSharedData('computeCorpusChrf on the bench sets (../shared/bench/mt)', 'bench/mt', (mtDir) => {
  const readLines = (name: string, count: number): string[] => readFileSync(`${mtDir}/${name}`, 'utf8').split('\n').slice(0, count);
  const dropThirdWords = (line: string): string => line.split(' ').filter((_, k) => k % 3 !== 2).join(' ');

  it.each([
    ['newstest2014, copy of the source, 300 lines', 'newstest2014.en-fr', 300, 'copy', 26.35344623054465],
    ['newstest2014, reference less every third word, 300 lines', 'newstest2014.en-fr', 300, 'drop', 57.55453012454641],
    ['newstest2014, copy of the source, 3003 lines', 'newstest2014.en-fr', 3003, 'copy', 26.19393547320214],
    ['newstest2014, reference less every third word, 3003 lines', 'newstest2014.en-fr', 3003, 'drop', 57.8130210660458],
  ] as const)('%s', (_name, set, lines, system, expected) => {
    const refs = readLines(`${set}.fr`, lines);
    const hyps = system === 'copy' ? readLines(`${set}.en`, lines) : refs.map(dropThirdWords);
    expect(Math.abs(computeCorpusChrf(hyps, [refs]).score - expected)).toBeLessThan(1e-9);
  });

  it('flores200 devtest, copy of the source', () => {
    const hyps = readLines('flores200.devtest.eng_Latn.en', 1012);
    const refs = readLines('flores200.devtest.fra_Latn.fr', 1012);
    expect(Math.abs(computeCorpusChrf(hyps, [refs]).score - 25.38407664908752)).toBeLessThan(1e-9);
  });
});
