import { extractArticle } from '../../src/extractor/index.js';
import type { CleanupRules } from '../../src/domain/types.js';

// The rules of bench/extraction.ts: no campaign selectors or patterns, and no page skipped for length.
const RULES: CleanupRules = { dropSelectors: [], dropPatterns: [], minWords: 0 };

/** Most CPU time one extraction may take before it counts as a runaway (the slowest benchmark page takes well under 1 s). */
export const EXTRACTION_TIME_LIMIT_MS = 2_000;

/** What went wrong extracting one page: it threw, gave an outcome of another kind, or ran past `limitMs`. */
export function findExtractionProblem(html: string, url: string, limitMs = Infinity): string | undefined {
  // CPU time rather than wall time: test files run side by side on shared cores, and a runaway
  // (a walk that never ends, backtracking that explodes) shows as CPU time whatever the load.
  const started = process.cpuUsage();
  let kind: string;
  try {
    kind = extractArticle(html, { url, rules: RULES }).kind;
  } catch (error) {
    const inner = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    return `threw ${inner instanceof Error ? (inner.stack ?? inner.message) : String(inner)}`;
  }
  const spent = process.cpuUsage(started);
  const ms = (spent.user + spent.system) / 1000;
  if (kind !== 'article' && kind !== 'not-article') return `gave an outcome of kind ${kind}`;
  if (ms > limitMs) return `took ${ms.toFixed(0)} ms of CPU time (limit ${limitMs} ms)`;
  return undefined;
}

/** The first lines of each problem (a stack's top frames), so that a failure lists many pages readably. */
export function summarizeProblems(problems: readonly string[]): string {
  return problems.map((problem) => problem.split('\n').slice(0, 6).join('\n')).join('\n\n');
}
