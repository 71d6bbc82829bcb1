import { removePythonWhitespace } from './python-text.js';

// Corpus chrF as sacrebleu 2.x computes it (its `CHRF` metric, Popović 2015): character n-gram
// statistics summed over the corpus, then an F-score with recall weighted by beta. Defaults are
// sacrebleu's: character order 6, word order 0, beta 2, whitespace removed, case-sensitive, and
// the "effective order" averaging (orders that neither side reaches are left out) rather than
// chrF++.py's epsilon smoothing. Characters are code points, as in Python.

/** Options with sacrebleu's names and defaults. */
export interface ChrfOptions {
  charOrder?: number;
  beta?: number;
  /** Keep whitespace inside the character n-grams (default false). */
  whitespace?: boolean;
  lowercase?: boolean;
  /** chrF++.py's epsilon smoothing instead of the effective order (default false). */
  epsSmoothing?: boolean;
}

/** A chrF score (0–100) with the summed [hypothesis, reference, match] counts per order. */
export interface ChrfScore {
  score: number;
  statistics: number[];
}

/**
 * Computes corpus chrF of `hypotheses` against one or more reference streams
 * (`references[k][i]` is the k-th reference of line i), as `sacrebleu.corpus_chrf` does;
 * with several references, each line counts the reference that gives it the best F-score.
 */
export function computeCorpusChrf(
  hypotheses: readonly string[],
  references: ReadonlyArray<readonly string[]>,
  options: ChrfOptions = {},
): ChrfScore {
  const order = options.charOrder ?? 6;
  for (const stream of references) {
    if (stream.length !== hypotheses.length) {
      throw new RangeError(`chrF: ${hypotheses.length} hypotheses but a reference stream of ${stream.length} lines; give one reference per line`);
    }
  }
  const totals = new Array<number>(3 * order).fill(0);
  hypotheses.forEach((hypothesis, i) => {
    const hypothesisNgrams = countCharNgrams(prepare(hypothesis, options), order);
    let best: number[] = [];
    let bestScore = -1;
    for (const stream of references) {
      const reference = stream[i];
      if (reference === undefined || reference === null) continue;
      const stats = matchStatistics(hypothesisNgrams, countCharNgrams(prepare(reference, options), order));
      const score = computeChrfFromStatistics(stats, options);
      if (score > bestScore) {
        bestScore = score;
        best = stats;
      }
    }
    best.forEach((value, k) => (totals[k]! += value));
  });
  return { score: computeChrfFromStatistics(totals, options), statistics: totals };
}

/** The F-score (0–100) of summed chrF statistics, as sacrebleu's `CHRF._compute_f_score`. */
export function computeChrfFromStatistics(statistics: readonly number[], options: ChrfOptions = {}): number {
  const eps = 1e-16;
  const factor = (options.beta ?? 2) ** 2;
  const orders = statistics.length / 3;
  let smoothed = 0;
  let effectiveOrder = 0;
  let averagePrecision = 0;
  let averageRecall = 0;
  for (let i = 0; i < orders; i++) {
    const [hypothesisCount, referenceCount, matches] = [statistics[3 * i]!, statistics[3 * i + 1]!, statistics[3 * i + 2]!];
    const precision = hypothesisCount > 0 ? matches / hypothesisCount : eps;
    const recall = referenceCount > 0 ? matches / referenceCount : eps;
    const denominator = factor * precision + recall;
    smoothed += denominator > 0 ? ((1 + factor) * precision * recall) / denominator : eps;
    if (hypothesisCount > 0 && referenceCount > 0) {
      averagePrecision += precision;
      averageRecall += recall;
      effectiveOrder += 1;
    }
  }
  if (options.epsSmoothing) return (100 * smoothed) / orders;
  if (effectiveOrder === 0) return 0;
  averagePrecision /= effectiveOrder;
  averageRecall /= effectiveOrder;
  if (averagePrecision + averageRecall === 0) return 0;
  return (100 * (1 + factor) * averagePrecision * averageRecall) / (factor * averagePrecision + averageRecall);
}

function prepare(line: string, options: ChrfOptions): string[] {
  const cased = options.lowercase ? line.toLowerCase() : line;
  return Array.from(options.whitespace ? cased : removePythonWhitespace(cased));
}

function countCharNgrams(chars: readonly string[], order: number): Array<Map<string, number>> {
  const counters: Array<Map<string, number>> = [];
  for (let n = 1; n <= order; n++) {
    const counts = new Map<string, number>();
    for (let i = 0; i + n <= chars.length; i++) {
      const key = chars.slice(i, i + n).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    counters.push(counts);
  }
  return counters;
}

// Per order: hypothesis n-grams (counted only when the reference has n-grams of that order),
// reference n-grams, and clipped matches; as sacrebleu's `_get_match_statistics`.
function matchStatistics(hypothesis: ReadonlyArray<Map<string, number>>, reference: ReadonlyArray<Map<string, number>>): number[] {
  const stats: number[] = [];
  hypothesis.forEach((hypothesisCounts, k) => {
    const referenceCounts = reference[k] ?? new Map<string, number>();
    let matches = 0;
    let hypothesisTotal = 0;
    for (const [ngram, count] of hypothesisCounts) {
      hypothesisTotal += count;
      matches += Math.min(count, referenceCounts.get(ngram) ?? 0);
    }
    let referenceTotal = 0;
    for (const count of referenceCounts.values()) referenceTotal += count;
    stats.push(referenceCounts.size > 0 ? hypothesisTotal : 0, referenceTotal, matches);
  });
  return stats;
}
