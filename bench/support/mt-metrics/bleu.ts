import { splitPythonWords, trimPythonEnd } from './python-text.js';
import { tokenize13a } from './tokenize-13a.js';

// Corpus BLEU computed as sacrebleu 2.x computes it (its `BLEU` metric): clipped n-gram counts
// summed over the corpus, the closest reference length per segment (the shorter on a tie),
// a brevity penalty, and by default the `exp` smoothing of mteval-v13a (NIST, method 3 of
// Chen & Cherry 2014). Defaults: 13a tokenization, n-grams up to 4, case-sensitive.

/** How n-gram precisions with no match are smoothed (sacrebleu's `smooth_method`). */
export type BleuSmoothing = 'exp' | 'floor' | 'add-k' | 'none';

/** Options with sacrebleu's names and defaults. */
export interface BleuOptions {
  /** `13a` (default) or `none` (the text is already tokenized; split on whitespace). */
  tokenize?: '13a' | 'none';
  smooth?: BleuSmoothing;
  /** The value `floor` (default 0.1) and `add-k` (default 1) use. */
  smoothValue?: number;
  /** Average over the orders the hypotheses reach only (sacrebleu's `effective_order`, default false). */
  effectiveOrder?: boolean;
  lowercase?: boolean;
  maxNgramOrder?: number;
}

/** Sufficient statistics of BLEU over a corpus. */
export interface BleuStatistics {
  correct: number[];
  total: number[];
  sysLen: number;
  refLen: number;
}

/** A BLEU score (0–100) with what it was computed from. */
export interface BleuScore extends BleuStatistics {
  score: number;
  /** Per order, 0–100. */
  precisions: number[];
  brevityPenalty: number;
}

const SMOOTH_DEFAULTS: Readonly<Record<BleuSmoothing, number>> = { exp: 0, floor: 0.1, 'add-k': 1, none: 0 };

/**
 * Computes corpus BLEU of `hypotheses` against one or more reference streams
 * (`references[k][i]` is the k-th reference of line i), as `sacrebleu.corpus_bleu` does.
 */
export function computeCorpusBleu(
  hypotheses: readonly string[],
  references: ReadonlyArray<readonly string[]>,
  options: BleuOptions = {},
): BleuScore {
  const maxOrder = options.maxNgramOrder ?? 4;
  for (const stream of references) {
    if (stream.length !== hypotheses.length) {
      throw new RangeError(`BLEU: ${hypotheses.length} hypotheses but a reference stream of ${stream.length} lines; give one reference per line`);
    }
  }
  const stats: BleuStatistics = { correct: new Array<number>(maxOrder).fill(0), total: new Array<number>(maxOrder).fill(0), sysLen: 0, refLen: 0 };
  hypotheses.forEach((hypothesis, i) => {
    const refs = references.map((stream) => stream[i]).filter((ref): ref is string => ref !== undefined && ref !== null);
    addSegmentStatistics(stats, prepareSegment(hypothesis, options), refs.map((ref) => prepareSegment(ref, options)), maxOrder);
  });
  return computeBleu(stats, options);
}

/** Computes BLEU from summed statistics, as sacrebleu's `BLEU.compute_bleu` does. */
export function computeBleu(stats: BleuStatistics, options: BleuOptions = {}): BleuScore {
  const smooth = options.smooth ?? 'exp';
  const smoothValue = options.smoothValue ?? SMOOTH_DEFAULTS[smooth];
  const correct = [...stats.correct];
  const total = [...stats.total];
  const { sysLen, refLen } = stats;
  const brevityPenalty = sysLen < refLen ? (sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0) : 1;
  const precisions = new Array<number>(correct.length).fill(0);
  const result = { correct, total, sysLen, refLen, precisions, brevityPenalty };
  // sacrebleu stops early when nothing matched at all (its issue #141).
  if (!correct.some((count) => count !== 0)) return { ...result, score: 0 };
  let mteval = 1;
  let order = correct.length;
  for (let n = 1; n <= correct.length; n++) {
    if (smooth === 'add-k' && n > 1) {
      correct[n - 1]! += smoothValue;
      total[n - 1]! += smoothValue;
    }
    if (total[n - 1] === 0) break;
    if (options.effectiveOrder) order = n;
    if (correct[n - 1] === 0) {
      if (smooth === 'exp') {
        mteval *= 2;
        precisions[n - 1] = 100 / (mteval * total[n - 1]!);
      } else if (smooth === 'floor') {
        precisions[n - 1] = (100 * smoothValue) / total[n - 1]!;
      }
    } else {
      precisions[n - 1] = (100 * correct[n - 1]!) / total[n - 1]!;
    }
  }
  const logSum = precisions.slice(0, order).reduce((sum, p) => sum + flooredLog(p), 0);
  return { ...result, score: brevityPenalty * Math.exp(logSum / order) };
}

// sacrebleu's `my_log`: the log of zero is a very low number, not -Infinity.
function flooredLog(value: number): number {
  return value === 0 ? -9999999999 : Math.log(value);
}

function prepareSegment(line: string, options: BleuOptions): string[] {
  const cased = options.lowercase ? line.toLowerCase() : line;
  const trimmed = trimPythonEnd(cased);
  return splitPythonWords(options.tokenize === 'none' ? trimmed : tokenize13a(trimmed));
}

function addSegmentStatistics(stats: BleuStatistics, hypothesis: string[], references: string[][], maxOrder: number): void {
  const referenceCounts = new Map<string, number>();
  for (const reference of references) {
    // Several references: each n-gram counts as often as in the reference that has it most.
    for (const [ngram, count] of countNgrams(reference, maxOrder)) {
      referenceCounts.set(ngram, Math.max(referenceCounts.get(ngram) ?? 0, count));
    }
  }
  for (const [ngram, count] of countNgrams(hypothesis, maxOrder)) {
    const order = ngramOrder(ngram);
    stats.total[order - 1]! += count;
    stats.correct[order - 1]! += Math.min(count, referenceCounts.get(ngram) ?? 0);
  }
  stats.sysLen += hypothesis.length;
  stats.refLen += closestReferenceLength(hypothesis.length, references.map((reference) => reference.length));
}

// Tokens never contain a space, so a space-joined key is unambiguous and its order is its word count.
function countNgrams(tokens: readonly string[], maxOrder: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let n = 1; n <= maxOrder; n++) {
    for (let i = 0; i + n <= tokens.length; i++) {
      const key = tokens.slice(i, i + n).join(' ');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

function ngramOrder(ngram: string): number {
  let order = 1;
  for (const char of ngram) if (char === ' ') order += 1;
  return order;
}

function closestReferenceLength(hypothesisLength: number, referenceLengths: readonly number[]): number {
  let closestDiff = -1;
  let closest = -1;
  for (const length of referenceLengths) {
    const diff = Math.abs(hypothesisLength - length);
    if (closestDiff === -1 || diff < closestDiff) {
      closestDiff = diff;
      closest = length;
    } else if (diff === closestDiff && length < closest) {
      closest = length;
    }
  }
  return closest;
}
