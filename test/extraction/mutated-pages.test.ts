import { dirname } from 'node:path';
import { expect, it } from 'vitest';
import { listExtractionSets, openExtractionSet, samplePages } from '../support/extraction-pages.js';
import { findExtractionProblem, summarizeProblems } from '../support/extraction-checks.js';
import { pageMutations } from '../support/page-mutations.js';
import { seededRandom } from '../support/seeded-random.js';
import { describeWithSharedData } from '../support/shared-data.js';

// Benchmark pages damaged as pages arrive in the wild: a seeded sample, so that a failure names the
// seed and page and reproduces (RELAIS_MUTATION_SEED picks another sample to explore with).
const SEED = Number(process.env.RELAIS_MUTATION_SEED ?? 20261203);
const SAMPLE_SIZE = 200;

describeWithSharedData(`extractArticle on damaged benchmark pages (seed ${SEED})`, 'bench/extraction-more', (more) => {
  const sets = listExtractionSets(dirname(more));
  const sample = samplePages(sets, SAMPLE_SIZE, seededRandom(SEED));
  const readers = new Map(sets.map((set) => [set.name, openExtractionSet(set)]));

  it.each(pageMutations.map((mutation, index) => [mutation.name, index] as const))('%s: never throws, always an article or a reason', (_name, index) => {
    const mutation = pageMutations[index]!;
    const random = seededRandom(SEED + index + 1);
    const problems: string[] = [];
    for (const { set, id } of sample) {
      const page = readers.get(set.name)!(id);
      const problem = findExtractionProblem(mutation.mutate(page.html, random), page.url);
      if (problem !== undefined) problems.push(`${set.name}/${id} ${mutation.name}: ${problem}`);
    }
    expect(sample.length).toBe(SAMPLE_SIZE);
    expect(problems, summarizeProblems(problems)).toEqual([]);
  }, 300_000);
});
