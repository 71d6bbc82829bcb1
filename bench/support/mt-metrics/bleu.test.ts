import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeWithSharedData } from '../../../test/support/shared-data.js';
import { computeBleu, computeCorpusBleu } from './bleu.js';
import type { BleuOptions } from './bleu.js';

// sacrebleu's tests compare within 1e-8 on a 0–1 scale; scores here are 0–100.
const EPSILON = 1e-6;
// sacrebleu's `raw_corpus_bleu(hyps, refs, .01)`: floor smoothing, no tokenization, effective order.
const RAW: BleuOptions = { smooth: 'floor', smoothValue: 0.01, tokenize: 'none', effectiveOrder: true };

const README_REFS = [
  ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
  ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
];
const README_HYPS = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];

describe('computeCorpusBleu: sacrebleu test suite (test/test_bleu.py)', () => {
  it.each([
    ['defaults', README_HYPS, {}, 48.530827],
    ['empty hypotheses are scored, not removed', ['', '', ''], {}, 0],
    ['tokenize none', README_HYPS, { tokenize: 'none' }, 49.1919566],
    ['tokenize 13a', README_HYPS, { tokenize: '13a' }, 48.530827],
    ['no smoothing', README_HYPS, { smooth: 'none' }, 48.530827],
  ] as const)('README example, %s', (_name, hyps, options, expected) => {
    expect(computeCorpusBleu(hyps, README_REFS, options).score).toBeCloseTo(expected, 5);
  });

  // The first case was 0.0038 before sacrebleu 2.x, which returns 0 when no n-gram matches (#141).
  it.each([
    [['this is a test', 'another test'], ['ref1', 'ref2'], 0],
    [['this is a test'], ['this is a test'], 100],
    [['this is a fest'], ['this is a test'], 22.3606797749979],
    [['test'], ['a test'], 36.78794411714425],
    [['a test'], ['a test'], 100],
    [['a little test'], ['a test'], 3.218297948685433],
  ])('raw BLEU of %j against %j is %f', (hyps, refs, expected) => {
    expect(Math.abs(computeCorpusBleu(hyps, [refs], RAW).score - expected)).toBeLessThan(EPSILON);
  });

  it('counts clipped n-grams as sacrebleu does', () => {
    const result = computeCorpusBleu(['am I am a character sequence'], [['I am a symbol string sequence a a']], RAW);
    expect(result.correct).toEqual([4, 2, 1, 0]);
    expect(result.total).toEqual([6, 5, 4, 3]);
  });

  it.each([
    [0, 0],
    [0.1, 15.55722182],
  ])('floor smoothing with value %f gives %f', (smoothValue, expected) => {
    const result = computeCorpusBleu(['am I am a character sequence'], [['I am a symbol string sequence a a']], { ...RAW, smoothValue });
    expect(result.score).toBeCloseTo(expected, 6);
  });

  it('scores summed statistics', () => {
    const result = computeBleu({ correct: [9, 7, 5, 3], total: [10, 8, 6, 4], sysLen: 11, refLen: 11 }, { smooth: 'none' });
    expect(result.score).toBeCloseTo(83.75922397, 6);
  });

  it.each([
    [[0, 0, 0, 0], [4, 4, 2, 1], 0, 1, 0],
    [[0, 0, 0, 0], [10, 11, 12, 0], 14, 10, 0],
    [[0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0],
    [[6, 5, 4, 0], [6, 5, 4, 3], 6, 6, 0],
    [[0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0.1],
    [[0, 0, 0, 0], [0, 0, 0, 0], 1, 5, 0.01],
  ])('degenerate statistics %j / %j score 0', (correct, total, sysLen, refLen, smoothValue) => {
    expect(computeBleu({ correct, total, sysLen, refLen }, { smooth: 'floor', smoothValue }).score).toBe(0);
  });
});

describe('computeCorpusBleu: by hand', () => {
  it('a perfect match scores 100 with a brevity penalty of 1', () => {
    const result = computeCorpusBleu(['the cat sat on the mat'], [['the cat sat on the mat']]);
    expect(result.score).toBeCloseTo(100, 9);
    expect(result.brevityPenalty).toBe(1);
  });

  it('a short hypothesis pays exp(1 - r/c)', () => {
    // "the cat sat on" vs "the cat sat on the mat": every n-gram matches (4,3,2,1 of 4,3,2,1), c=4, r=6.
    const result = computeCorpusBleu(['the cat sat on'], [['the cat sat on the mat']]);
    expect(result.precisions).toEqual([100, 100, 100, 100]);
    expect(result.score).toBeCloseTo(100 * Math.exp(1 - 6 / 4), 9);
  });

  it('exp smoothing halves the floor for each further order without a match', () => {
    // 1-grams 3/4, 2-grams 1/3, 3-grams 0/2 → 100/(2·2), 4-grams 0/1 → 100/(4·1).
    const result = computeCorpusBleu(['a b x c'], [['a b c d']]);
    expect(result.correct).toEqual([3, 1, 0, 0]);
    expect(result.precisions).toEqual([75, 100 / 3, 25, 25]);
    expect(result.score).toBeCloseTo(Math.exp((Math.log(75) + Math.log(100 / 3) + 2 * Math.log(25)) / 4), 9);
  });

  it('sums statistics over the corpus before scoring', () => {
    const result = computeCorpusBleu(['a b c d', 'e f'], [['a b c d', 'e f g']]);
    expect(result.total).toEqual([6, 4, 2, 1]);
    expect(result.sysLen).toBe(6);
    expect(result.refLen).toBe(7);
  });

  it('refuses streams of different lengths', () => {
    expect(() => computeCorpusBleu(['a', 'b'], [['a']])).toThrow(/2 hypotheses but a reference stream of 1/);
  });
});


// Expected figures were computed by sacrebleu 2.6.0 (`corpus_bleu` with its defaults) on the same lines.
describeWithSharedData('computeCorpusBleu on newstest2014 (../shared/bench/mt)', 'bench/mt', (mtDir) => {
  const readLines = (name: string): string[] => readFileSync(`${mtDir}/${name}`, 'utf8').split('\n').slice(0, 3003);
  const source = readLines('newstest2014.en-fr.en');
  const reference = readLines('newstest2014.en-fr.fr');
  const dropThirdWords = (line: string): string => line.split(' ').filter((_, k) => k % 3 !== 2).join(' ');

  it.each([
    ['copy of the source, 300 lines', 300, 'copy', 2.682102485853895, [1267, 285, 104, 33], 6661, 7463],
    ['reference less every third word, 300 lines', 300, 'drop', 11.878352937890035, [5089, 2788, 489, 85], 5089, 7463],
    ['copy of the source, 3003 lines', 3003, 'copy', 2.4266654864025745, [12800, 2529, 893, 333], 70708, 77306],
    ['reference less every third word, 3003 lines', 3003, 'drop', 11.765491222082135, [52744, 29087, 5387, 801], 52744, 77306],
  ] as const)('%s', (_name, lines, system, expected, correct, sysLen, refLen) => {
    const refs = reference.slice(0, lines);
    const hyps = system === 'copy' ? source.slice(0, lines) : refs.map(dropThirdWords);
    const result = computeCorpusBleu(hyps, [refs]);
    expect(result.correct).toEqual(correct);
    expect([result.sysLen, result.refLen]).toEqual([sysLen, refLen]);
    expect(Math.abs(result.score - expected)).toBeLessThan(EPSILON);
  });
});
