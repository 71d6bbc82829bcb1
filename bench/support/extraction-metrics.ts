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

/** Which snippets a page's extraction must contain and must not (the trafilatura set's ground truth). */
export interface PageSnippets {
  with: readonly string[];
  without: readonly string[];
}

/** Snippet figures of one page or, averaged, of a set: shares in [0, 1]. */
export interface SnippetScores {
  /** Share of `with` snippets found in the extracted text. */
  found: number;
  /** Share of `without` snippets absent from it. */
  absent: number;
  /** Harmonic mean of the two (per page; the set's is the mean of the pages'). */
  mean: number;
  pages: number;
}

// Matching ignores how whitespace runs: extractors and annotators break lines differently.
const collapseWhitespace = (text: string): string => text.replace(/\s+/gu, ' ').trim();

/** Scores one page by snippets: case-sensitive substring matches after collapsing whitespace. */
export function scoreSnippets(snippets: PageSnippets, prediction: string): SnippetScores {
  const text = collapseWhitespace(prediction);
  const share = (list: readonly string[], wanted: boolean): number =>
    list.length === 0 ? 1 : list.filter((snippet) => text.includes(collapseWhitespace(snippet)) === wanted).length / list.length;
  const found = share(snippets.with, true);
  const absent = share(snippets.without, false);
  const mean = found + absent === 0 ? 0 : (2 * found * absent) / (found + absent);
  return { found, absent, mean, pages: 1 };
}

/** Scores a set by snippets: the means over its pages; a page without a prediction counts as empty. */
export function scoreSnippetSet(truth: ReadonlyMap<string, PageSnippets>, predictions: ReadonlyMap<string, string>): SnippetScores {
  let found = 0;
  let absent = 0;
  let mean = 0;
  for (const [id, snippets] of truth) {
    const page = scoreSnippets(snippets, predictions.get(id) ?? '');
    found += page.found;
    absent += page.absent;
    mean += page.mean;
  }
  const pages = truth.size;
  return pages === 0 ? { found: 0, absent: 0, mean: 0, pages } : { found: found / pages, absent: absent / pages, mean: mean / pages, pages };
}
