import { describe, it, expect } from 'vitest';
import { countShingles, isExactMatch, scoreExtraction, scorePage, tokenizeForMetric, scoreSnippets, scoreSnippetSet } from './extraction-metrics.js';

// Expected figures below are worked out by hand from the README's definition.
describe('tokenizeForMetric', () => {
  it.each([
    ['Hello, world!', ['Hello', 'world']],
    ["l'été 2024: naïve_x", ['l', 'été', '2024', 'naïve_x']],
    ['東京 タワー — ok', ['東京', 'タワー', 'ok']],
    ['  ...  ', []],
  ])('%j', (text, tokens) => {
    expect(tokenizeForMetric(text)).toEqual(tokens);
  });
});

describe('countShingles', () => {
  it('counts repeated 4-token shingles', () => {
    const counts = countShingles(['a', 'b', 'c', 'd', 'a', 'b', 'c', 'd']);
    expect([...counts.values()].sort()).toEqual([1, 1, 1, 2]);
    expect(counts.size).toBe(4);
  });

  it.each([
    [['x'], 1],
    [['x', 'y', 'z'], 1],
    [['a', 'b', 'c', 'd', 'e'], 2],
    [[], 0],
  ])('%j gives %i shingles', (tokens, size) => {
    expect(countShingles(tokens).size).toBe(size);
  });
});

describe('scorePage', () => {
  it.each([
    ['prediction misses the last shingle', 'a b c d e', 'a b c d', { tp: 0.5, fp: 0, fn: 0.5 }],
    ['same short text', 'x y', 'x. y', { tp: 1, fp: 0, fn: 0 }],
    ['a repeated shingle counted once', 'a b c d a b c d', 'a b c d', { tp: 0.2, fp: 0, fn: 0.8 }],
    ['case matters', 'Hello, world!', 'hello world', { tp: 0, fp: 0.5, fn: 0.5 }],
    ['extra text', 'a b c d', 'a b c d e f', { tp: 1 / 3, fp: 2 / 3, fn: 0 }],
    ['empty prediction', 'a b c d', '', { tp: 0, fp: 0, fn: 1 }],
    ['both empty', '', '', { tp: 0, fp: 0, fn: 0 }],
  ])('%s', (_name, truth, prediction, expected) => {
    const score = scorePage(truth, prediction);
    expect(score.tp).toBeCloseTo(expected.tp, 10);
    expect(score.fp).toBeCloseTo(expected.fp, 10);
    expect(score.fn).toBeCloseTo(expected.fn, 10);
  });
});

describe('isExactMatch', () => {
  it.each([
    ['A b, c.', 'A\nb c', true],
    ['A b c', 'A b', false],
    ['A b c', 'a b c', false],
  ])('%j vs %j', (truth, prediction, expected) => {
    expect(isExactMatch(truth, prediction)).toBe(expected);
  });
});

describe('scoreExtraction', () => {
  it('averages precision over non-empty predictions and recall over all pages', () => {
    const truth = new Map([['a', 'a b c d e'], ['b', 'x y z w'], ['c', 'p q r s']]);
    const predictions = new Map([['a', 'a b c d'], ['b', 'x, y, z, w']]);
    const scores = scoreExtraction(truth, predictions);
    // Page a: P 1, R 0.5; page b: P 1, R 1; page c: no prediction, R 0 and no precision.
    expect(scores.precision).toBeCloseTo(1, 10);
    expect(scores.recall).toBeCloseTo(0.5, 10);
    expect(scores.f1).toBeCloseTo(2 / 3, 10);
    expect(scores.accuracy).toBeCloseTo(1 / 3, 10);
    expect(scores.pages).toBe(3);
  });

  it('lowers precision for text that is not in the truth', () => {
    const truth = new Map([['a', 'a b c d']]);
    const scores = scoreExtraction(truth, new Map([['a', 'a b c d e f']]));
    expect(scores.precision).toBeCloseTo(1 / 3, 10);
    expect(scores.recall).toBeCloseTo(1, 10);
    expect(scores.f1).toBeCloseTo(0.5, 10);
  });
});

describe('snippet scores', () => {
  const snippets = { with: ['The council voted', 'a shuttle  bus.'], without: ['Impressum', 'Related stories'] };

  it('counts snippets found and absent, after collapsing whitespace, case-sensitively', () => {
    const page = scoreSnippets(snippets, 'The council voted on Tuesday.\nThe city promised a shuttle\nbus.\nimpressum');
    expect(page.found).toBe(1);
    expect(page.absent).toBe(1);
    expect(page.mean).toBe(1);
    const leaky = scoreSnippets(snippets, 'the council voted; a shuttle bus. Impressum');
    expect(leaky).toMatchObject({ found: 0.5, absent: 0.5, mean: 0.5 });
  });

  it('scores an empty extraction as finding nothing and leaking nothing', () => {
    expect(scoreSnippets(snippets, '')).toMatchObject({ found: 0, absent: 1, mean: 0 });
  });

  it('averages each figure over the pages, a missing prediction counting as empty', () => {
    const truth = new Map([['a', snippets], ['b', { with: ['Hello'], without: [] }]]);
    const set = scoreSnippetSet(truth, new Map([['a', 'The council voted. a shuttle bus.']]));
    expect(set.found).toBeCloseTo(0.5, 10);
    expect(set.absent).toBeCloseTo(1, 10);
    expect(set.mean).toBeCloseTo(0.5, 10);
    expect(set.pages).toBe(2);
  });
});
