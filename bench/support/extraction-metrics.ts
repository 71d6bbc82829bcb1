// The Article Extraction Benchmark's metric (scrapinghub/article-extraction-benchmark, as described
// in ../shared/bench/extraction/README.md): 4-token shingle multisets compared page by page.

/** One page's shingle counts, scaled so that tp + fp + fn = 1 (all zero when both texts are empty). */
export interface PageScore {
  tp: number;
  fp: number;
  fn: number;
}

/** Benchmark figures over a set of pages. */
export interface ExtractionScores {
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
  pages: number;
}

const SHINGLE_SIZE = 4;

/** Splits a text into the benchmark's tokens: maximal runs of Unicode letters, digits and `_`. */
export function tokenizeForMetric(text: string): string[] {
  return text.match(/[\p{L}\p{N}_]+/gu) ?? [];
}

/** Counts the contiguous 4-token shingles of a text (1–3 tokens make one shorter shingle). */
export function countShingles(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  const size = Math.min(SHINGLE_SIZE, tokens.length);
  for (let start = 0; size > 0 && start + size <= tokens.length; start++) {
    // U+0001 cannot occur inside a token, so joined keys never collide.
    const key = tokens.slice(start, start + size).join('\u0001');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Scores one predicted text against its ground truth. */
export function scorePage(truth: string, prediction: string): PageScore {
  const expected = countShingles(tokenizeForMetric(truth));
  const predicted = countShingles(tokenizeForMetric(prediction));
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [key, count] of predicted) {
    const inTruth = expected.get(key) ?? 0;
    tp += Math.min(inTruth, count);
    fp += Math.max(0, count - inTruth);
  }
  for (const [key, count] of expected) fn += Math.max(0, count - (predicted.get(key) ?? 0));
  const total = tp + fp + fn;
  return total === 0 ? { tp: 0, fp: 0, fn: 0 } : { tp: tp / total, fp: fp / total, fn: fn / total };
}

/** Tells whether two texts have the same token list, the benchmark's "accuracy" criterion. */
export function isExactMatch(truth: string, prediction: string): boolean {
  const expected = tokenizeForMetric(truth);
  const predicted = tokenizeForMetric(prediction);
  return expected.length === predicted.length && expected.every((token, at) => token === predicted[at]);
}

/**
 * Scores predictions against the ground truth, both keyed by page id; a page missing from the
 * predictions counts as an empty prediction (it lowers recall and is skipped by precision).
 */
export function scoreExtraction(truth: ReadonlyMap<string, string>, predictions: ReadonlyMap<string, string>): ExtractionScores {
  let precisionSum = 0;
  let precisionPages = 0;
  let recallSum = 0;
  let recallPages = 0;
  let exact = 0;
  for (const [id, expected] of truth) {
    const predicted = predictions.get(id) ?? '';
    const { tp, fp, fn } = scorePage(expected, predicted);
    if (tp + fp > 0) {
      precisionSum += tp / (tp + fp);
      precisionPages++;
    }
    if (tp + fn > 0) {
      recallSum += tp / (tp + fn);
      recallPages++;
    }
    if (isExactMatch(expected, predicted)) exact++;
  }
  const precision = precisionPages === 0 ? 0 : precisionSum / precisionPages;
  const recall = recallPages === 0 ? 0 : recallSum / recallPages;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, accuracy: truth.size === 0 ? 0 : exact / truth.size, pages: truth.size };
}
