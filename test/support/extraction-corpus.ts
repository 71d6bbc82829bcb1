import { dirname } from 'node:path';
import { expect, it } from 'vitest';
import { listExtractionSets, openExtractionSet } from './extraction-pages.js';
import { EXTRACTION_TIME_LIMIT_MS, findExtractionProblem, summarizeProblems } from './extraction-checks.js';
import { describeWithSharedData } from './shared-data.js';

// Every page of the shared extraction benchmarks, split into shards of one test file each, which
// vitest runs side by side when it has more than one worker: a page goes to shard `index % shards`
// of its set.

// Half of the largest set takes about 10 s on an idle core; the rest is room for a loaded machine.
const SET_TIMEOUT_MS = 300_000;

/** Tests that extractArticle never throws, always says article or not-article, and never runs away, on one shard of every page. */
export function describeBenchmarkShard(shard: number, shards: number): void {
  describeWithSharedData(`extractArticle on the shared benchmark pages (shard ${shard + 1} of ${shards})`, 'bench/extraction-more', (more) => {
    const sets = listExtractionSets(dirname(more));
    it('finds the original set and the others', () => {
      expect(sets.map((set) => set.name)).toContain('extraction');
      expect(sets.length).toBeGreaterThan(1);
    });
    for (const set of sets) {
      it(`${set.name}: every page gives an article or a reason, within ${EXTRACTION_TIME_LIMIT_MS} ms`, () => {
        const readPage = openExtractionSet(set);
        const problems: string[] = [];
        const ids = set.ids.filter((_, index) => index % shards === shard);
        for (const id of ids) {
          const page = readPage(id);
          const problem = findExtractionProblem(page.html, page.url, EXTRACTION_TIME_LIMIT_MS);
          if (problem !== undefined) problems.push(`${set.name}/${id} ${problem}`);
        }
        expect(ids.length).toBeGreaterThan(0);
        expect(problems, summarizeProblems(problems)).toEqual([]);
      }, SET_TIMEOUT_MS);
    }
  });
}
