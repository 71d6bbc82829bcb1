// Prints the extractor's quality and speed on extraction benchmark sets, next to plain Readability
// on linkedom measured in the same run (same pages, same block-by-block text, runs interleaved page
// by page so that both see the same machine load).
//
//   npm run bench:extraction -- --data DIR [--out FILE] [--runs N] [--worst N] [--limit N]
//   npm run bench:extraction -- --all ROOT [--sets a,b] [--out DIR] [--runs N] [--limit N]
//
// A set is a folder with html/<id>.html.gz and ground-truth.json (scored by 4-token shingles) or
// snippets.json (scored by snippets found and absent), and charsets.json when its pages are not all
// UTF-8 (bench/support/extraction-sets.ts). --all runs every set under ROOT and ends with macro
// averages. --out writes relais's predictions as { "<id>": { "articleBody": "…" } } (with --all, one
// <set>.json per set in DIR); --runs times each page N times and keeps the median (default 3, or 1
// with --all); --worst lists the N pages relais scores lowest on; --limit reads the first N pages
// of each set. A page an extractor throws on is counted, reported and scored as empty.

import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { CleanupRules } from '../src/domain/types.js';
import { extractArticle } from '../src/extractor/index.js';
import type { DomElement } from '../src/extractor/dom.js';
import { readTextBlocks } from '../src/extractor/text-blocks.js';
import { median, parseBenchArgs } from './support/args.js';
import { scoreExtraction, scorePage, scoreSnippetSet, type ExtractionScores, type SnippetScores } from './support/extraction-metrics.js';
import { listBenchSets, readBenchSet, type BenchPage, type BenchSet } from './support/extraction-sets.js';

// The pipeline's default cleanup rules, with min_words 0 so that no page is skipped for length.
const RULES: CleanupRules = { dropSelectors: [], dropPatterns: [], minWords: 0 };
const CRASHES_SHOWN = 3;

interface ExtractorRun {
  name: string;
  predictions: Map<string, string>;
  msPerPage: number[];
  /** Page id and message of each page the extractor threw on. */
  crashes: { id: string; message: string }[];
  /** Pages the extractor said are not articles, by the reason's kind ("gallery", "listing page"…). */
  skips: Map<string, number>;
}

type Extract = (page: BenchPage) => { text: string; skipped?: string };

/** relais: exactly what the pipeline's extract stage calls. */
const extractWithRelais: Extract = (page) => {
  const outcome = extractArticle(page.html, { url: page.url, rules: RULES });
  return outcome.kind === 'article' ? { text: outcome.article.text } : { text: '', skipped: outcome.reason };
};

/** The baseline: Readability 0.6 on linkedom, its content read block by block like relais's. */
const extractWithReadability: Extract = (page) => {
  const { document } = parseHTML(page.html) as { document: unknown };
  const result = new Readability<DomElement>(document as never, { serializer: (node) => node as unknown as DomElement }).parse();
  return { text: result?.content ? readTextBlocks(result.content).join('\n') : '' };
};

function newRun(name: string): ExtractorRun {
  return { name, predictions: new Map(), msPerPage: [], crashes: [], skips: new Map() };
}

function runPage(run: ExtractorRun, extract: Extract, page: BenchPage, runs: number): void {
  const times: number[] = [];
  let text = '';
  for (let at = 0; at < runs; at++) {
    const started = performance.now();
    try {
      const result = extract(page);
      text = result.text;
      if (at === 0 && result.skipped !== undefined) {
        const kind = result.skipped.split(':')[0] ?? result.skipped;
        run.skips.set(kind, (run.skips.get(kind) ?? 0) + 1);
      }
    } catch (error) {
      if (at === 0) run.crashes.push({ id: page.id, message: error instanceof Error ? error.message : String(error) });
      text = '';
    }
    times.push(performance.now() - started);
  }
  run.predictions.set(page.id, text);
  run.msPerPage.push(median(times));
}

function runBoth(set: BenchSet, runs: number): [ExtractorRun, ExtractorRun] {
  const relais = newRun('relais');
  const plain = newRun('readability');
  for (const page of set.pages) {
    runPage(relais, extractWithRelais, page, runs);
    runPage(plain, extractWithReadability, page, runs);
  }
  return [relais, plain];
}

type SetScore = { kind: 'bodies'; scores: ExtractionScores } | { kind: 'snippets'; scores: SnippetScores } | { kind: 'none' };

function scoreRun(set: BenchSet, run: ExtractorRun): SetScore {
  if (set.truth.kind === 'bodies') return { kind: 'bodies', scores: scoreExtraction(set.truth.bodies, run.predictions) };
  if (set.truth.kind === 'snippets') return { kind: 'snippets', scores: scoreSnippetSet(set.truth.snippets, run.predictions) };
  return { kind: 'none' };
}

function formatScore(score: SetScore): string {
  if (score.kind === 'bodies') return `F1 ${score.scores.f1.toFixed(3)} P ${score.scores.precision.toFixed(3)} R ${score.scores.recall.toFixed(3)}`;
  if (score.kind === 'snippets') return `with ${score.scores.found.toFixed(3)} without ${score.scores.absent.toFixed(3)} mean ${score.scores.mean.toFixed(3)}`;
  return 'no ground truth';
}

function headline(score: SetScore): number {
  return score.kind === 'bodies' ? score.scores.f1 : score.kind === 'snippets' ? score.scores.mean : 0;
}

function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? 0;
}

function printSet(set: BenchSet, relais: ExtractorRun, plain: ExtractorRun, ours: SetScore, theirs: SetScore): void {
  const difference = ours.kind === 'none' ? '' : `  Δ ${(headline(ours) - headline(theirs)).toFixed(3)}`;
  const speed = `ms ${median(relais.msPerPage).toFixed(1)} / ${median(plain.msPerPage).toFixed(1)} (p90 ${percentile(relais.msPerPage, 0.9).toFixed(1)} / ${percentile(plain.msPerPage, 0.9).toFixed(1)})`;
  console.log(`${set.name.padEnd(20)} ${String(set.pages.length).padStart(5)} pages  relais ${formatScore(ours)} | readability ${formatScore(theirs)}${difference}  ${speed}`);
  const skips = [...relais.skips].sort((a, b) => b[1] - a[1]).map(([kind, count]) => `${kind} ${count}`);
  if (skips.length > 0) console.log(`${''.padEnd(27)}relais skipped: ${skips.join(', ')}`);
  for (const run of [relais, plain]) {
    if (run.crashes.length === 0) continue;
    const distinct = [...new Map(run.crashes.map((crash) => [crash.message, crash])).values()].slice(0, CRASHES_SHOWN);
    console.log(`${''.padEnd(27)}${run.name} threw on ${run.crashes.length} pages: ${distinct.map((crash) => `${crash.id}: ${crash.message.slice(0, 120)}`).join(' | ')}`);
  }
}

function printWorst(set: BenchSet, run: ExtractorRun, baseline: ExtractorRun, count: number): void {
  if (set.truth.kind !== 'bodies') return;
  const f1 = (score: ReturnType<typeof scorePage>): number => (2 * score.tp) / (2 * score.tp + score.fp + score.fn || 1);
  const rows = [...set.truth.bodies].map(([id, body]) => {
    const ours = scorePage(body, run.predictions.get(id) ?? '');
    return { id, ours, f1: f1(ours), baseF1: f1(scorePage(body, baseline.predictions.get(id) ?? '')) };
  });
  rows.sort((a, b) => a.f1 - b.f1);
  const urls = new Map(set.pages.map((page) => [page.id, page.url]));
  for (const row of rows.slice(0, count)) {
    const p = row.ours.tp / (row.ours.tp + row.ours.fp || 1);
    const r = row.ours.tp / (row.ours.tp + row.ours.fn || 1);
    console.log(`  ${row.id.slice(0, 24).padEnd(24)} F1 ${row.f1.toFixed(3)} (readability ${row.baseF1.toFixed(3)})  P ${p.toFixed(3)}  R ${r.toFixed(3)}  ${urls.get(row.id) ?? ''}`);
  }
}

function writePredictions(file: string, run: ExtractorRun): void {
  const predictions = Object.fromEntries([...run.predictions].map(([id, articleBody]) => [id, { articleBody }]));
  writeFileSync(file, `${JSON.stringify(predictions, null, 1)}\n`);
}

function average(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / (values.length || 1);
}

function printMacro(results: readonly { ours: SetScore; theirs: SetScore }[]): void {
  const bodies = results.flatMap(({ ours, theirs }) => (ours.kind === 'bodies' && theirs.kind === 'bodies' ? [{ ours: ours.scores, theirs: theirs.scores }] : []));
  if (bodies.length > 1) {
    const row = (side: 'ours' | 'theirs'): string => {
      const mean = (pick: (scores: ExtractionScores) => number): string => average(bodies.map((result) => pick(result[side]))).toFixed(3);
      return `F1 ${mean((s) => s.f1)} P ${mean((s) => s.precision)} R ${mean((s) => s.recall)}`;
    };
    console.log(`${'macro average'.padEnd(20)} ${String(bodies.length).padStart(5)} sets   relais ${row('ours')} | readability ${row('theirs')}`);
  }
  const snippets = results.filter((result) => result.ours.kind === 'snippets');
  if (snippets.length > 1) {
    const mean = (side: 'ours' | 'theirs'): string => average(snippets.map((result) => headline(result[side]))).toFixed(3);
    console.log(`${'macro (snippets)'.padEnd(20)} ${String(snippets.length).padStart(5)} sets   relais mean ${mean('ours')} | readability mean ${mean('theirs')}`);
  }
}

// The pipeline runs under npm start's V8 flags; the figures are only comparable under the same ones.
function describeRuntime(): string {
  const flags = [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/u)].filter((flag) => flag.startsWith('--max-semi-space-size'));
  return `node ${process.version} ${flags.length > 0 ? flags.join(' ') : "(default young generation: not the pipeline's setting)"}`;
}

function main(): void {
  const args = parseBenchArgs(process.argv.slice(2));
  const one = args.read('data');
  const root = args.read('all');
  if ((one === undefined) === (root === undefined)) throw new Error('pass --data DIR (one set) or --all ROOT (every set under ROOT)');
  const wanted = args.read('sets')?.split(',').map((name) => name.trim());
  const dirs = one !== undefined ? [one] : listBenchSets(root!).filter((dir) => wanted === undefined || wanted.some((name) => dir.endsWith(`/${name}`)));
  if (dirs.length === 0) throw new Error(`no set under ${root}${wanted ? ` named ${wanted.join(', ')}` : ''}`);
  const runs = args.readCount('runs', root !== undefined ? 1 : 3);
  const limit = args.has('limit') ? args.readCount('limit', Infinity) : undefined;
  const out = args.read('out');
  const worst = args.has('worst') ? args.readCount('worst', 15) : 0;
  if (out !== undefined && root !== undefined) mkdirSync(out, { recursive: true });
  console.log(`ms/page is the median of ${runs} run(s) per page, relais / readability; load average ${loadavg()[0]!.toFixed(1)}; ${describeRuntime()}`);
  const results: { ours: SetScore; theirs: SetScore }[] = [];
  const times = { relais: [] as number[], plain: [] as number[] };
  for (const dir of dirs) {
    const set = readBenchSet(dir, limit === undefined ? {} : { limit });
    const [relais, plain] = runBoth(set, runs);
    const ours = scoreRun(set, relais);
    const theirs = scoreRun(set, plain);
    results.push({ ours, theirs });
    times.relais.push(...relais.msPerPage);
    times.plain.push(...plain.msPerPage);
    printSet(set, relais, plain, ours, theirs);
    if (worst > 0) printWorst(set, relais, plain, worst);
    if (out !== undefined) writePredictions(root !== undefined ? join(out, `${set.name}.json`) : out, relais);
  }
  printMacro(results);
  console.log(`relais / readability time: ${(median(times.relais) / median(times.plain)).toFixed(2)} (medians over ${times.relais.length} pages)`);
}

main();
