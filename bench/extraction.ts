// Prints the extractor's quality and speed on an Article Extraction Benchmark folder, next to plain
// Readability on linkedom measured in the same run (same pages, same block-by-block text, runs
// interleaved page by page so that both see the same machine load).
//
//   npm run bench:extraction -- --data DIR [--out FILE] [--runs N] [--worst N]
//
// DIR holds html/<id>.html.gz (gzipped UTF-8) and, when scores are wanted, ground-truth.json.
// --out writes relais's predictions as { "<id>": { "articleBody": "…" } }; --runs times each page
// N times and keeps the median (default 3); --worst lists the N pages relais scores lowest on.

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { CleanupRules } from '../src/domain/types.js';
import { extractArticle } from '../src/extractor/index.js';
import { scoreExtraction, scorePage } from './support/extraction-metrics.js';
import type { DomElement } from '../src/extractor/dom.js';
import { readTextBlocks } from '../src/extractor/text-blocks.js';
import { decodeText } from '../src/fetcher/index.js';
import { median, parseBenchArgs } from './support/args.js';

// The pipeline's default cleanup rules, with min_words 0 so that no page is skipped for length.
const RULES: CleanupRules = { dropSelectors: [], dropPatterns: [], minWords: 0 };
const FALLBACK_URL = 'https://example.com/';

interface BenchPage {
  id: string;
  html: string;
  url: string;
}

interface ExtractorRun {
  name: string;
  predictions: Map<string, string>;
  msPerPage: number[];
}

function readPages(dataDir: string, urls: ReadonlyMap<string, string>): BenchPage[] {
  const htmlDir = join(dataDir, 'html');
  return readdirSync(htmlDir)
    .filter((name) => name.endsWith('.html.gz'))
    .sort()
    .map((name) => {
      const id = name.slice(0, -'.html.gz'.length);
      // The benchmark stores every page as UTF-8; decoding goes through the fetcher as in the pipeline.
      const { text } = decodeText(gunzipSync(readFileSync(join(htmlDir, name))), 'text/html; charset=utf-8');
      return { id, html: text, url: urls.get(id) ?? FALLBACK_URL };
    });
}

function readGroundTruth(dataDir: string): { bodies: Map<string, string>; urls: Map<string, string> } | undefined {
  const file = join(dataDir, 'ground-truth.json');
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { articleBody?: string; url?: string }>;
  const bodies = new Map<string, string>();
  const urls = new Map<string, string>();
  for (const [id, entry] of Object.entries(parsed)) {
    bodies.set(id, entry.articleBody ?? '');
    if (entry.url !== undefined) urls.set(id, entry.url);
  }
  return { bodies, urls };
}

/** relais: exactly what the pipeline's extract stage calls. */
function extractWithRelais(page: BenchPage): string {
  const outcome = extractArticle(page.html, { url: page.url, rules: RULES });
  return outcome.kind === 'article' ? outcome.article.text : '';
}

/** The baseline: Readability 0.6 on linkedom, its content read block by block like relais's. */
function extractWithReadability(page: BenchPage): string {
  const { document } = parseHTML(page.html) as { document: unknown };
  const result = new Readability<DomElement>(document as never, { serializer: (node) => node as unknown as DomElement }).parse();
  return result?.content ? readTextBlocks(result.content).join('\n') : '';
}

function timeExtraction(extract: (page: BenchPage) => string, page: BenchPage, runs: number): { text: string; ms: number } {
  const times: number[] = [];
  let text = '';
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    text = extract(page);
    times.push(performance.now() - started);
  }
  return { text, ms: median(times) };
}

function runBoth(pages: readonly BenchPage[], runs: number): [ExtractorRun, ExtractorRun] {
  const relais: ExtractorRun = { name: 'relais extractArticle', predictions: new Map(), msPerPage: [] };
  const plain: ExtractorRun = { name: 'readability on linkedom', predictions: new Map(), msPerPage: [] };
  for (const page of pages) {
    for (const [run, extract] of [[relais, extractWithRelais], [plain, extractWithReadability]] as const) {
      const { text, ms } = timeExtraction(extract, page, runs);
      run.predictions.set(page.id, text);
      run.msPerPage.push(ms);
    }
  }
  return [relais, plain];
}

function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? 0;
}

function formatRun(run: ExtractorRun, truth: ReadonlyMap<string, string> | undefined): string {
  const speed = `median ${median(run.msPerPage).toFixed(1)} ms  p90 ${percentile(run.msPerPage, 0.9).toFixed(1)} ms`;
  if (truth === undefined) return `${run.name.padEnd(24)} ${speed}  (${run.msPerPage.length} pages, no ground truth)`;
  const s = scoreExtraction(truth, run.predictions);
  const figures = `F1 ${s.f1.toFixed(3)}  P ${s.precision.toFixed(3)}  R ${s.recall.toFixed(3)}  acc ${s.accuracy.toFixed(3)}`;
  return `${run.name.padEnd(24)} ${figures}  ${speed}  (${s.pages} pages)`;
}

function printWorst(run: ExtractorRun, baseline: ExtractorRun, truth: ReadonlyMap<string, string>, urls: ReadonlyMap<string, string>, count: number): void {
  const rows = [...truth].map(([id, body]) => {
    const ours = scorePage(body, run.predictions.get(id) ?? '');
    const theirs = scorePage(body, baseline.predictions.get(id) ?? '');
    const f1 = (score: typeof ours): number => (2 * score.tp) / (2 * score.tp + score.fp + score.fn || 1);
    return { id, ours, f1: f1(ours), baseF1: f1(theirs) };
  });
  rows.sort((a, b) => a.f1 - b.f1);
  for (const row of rows.slice(0, count)) {
    const p = row.ours.tp / (row.ours.tp + row.ours.fp || 1);
    const r = row.ours.tp / (row.ours.tp + row.ours.fn || 1);
    console.log(`  ${row.id.slice(0, 10)} F1 ${row.f1.toFixed(3)} (readability ${row.baseF1.toFixed(3)})  P ${p.toFixed(3)}  R ${r.toFixed(3)}  ${urls.get(row.id) ?? ''}`);
  }
}

// The pipeline runs under npm start's V8 flags; the figures are only comparable under the same ones.
function describeRuntime(): string {
  const flags = [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/u)].filter((flag) => flag.startsWith('--max-semi-space-size'));
  return `node ${process.version} ${flags.length > 0 ? flags.join(' ') : '(default young generation: not the pipeline\'s setting)'}`;
}

function main(): void {
  const args = parseBenchArgs(process.argv.slice(2));
  const dataDir = args.read('data');
  if (dataDir === undefined) throw new Error('--data DIR is required (a folder with html/<id>.html.gz and ground-truth.json)');
  const truth = readGroundTruth(dataDir);
  const pages = readPages(dataDir, truth?.urls ?? new Map());
  const runs = args.readCount('runs', 3);
  const [relais, plain] = runBoth(pages, runs);
  const out = args.read('out');
  if (out !== undefined) {
    const predictions = Object.fromEntries([...relais.predictions].map(([id, articleBody]) => [id, { articleBody }]));
    writeFileSync(out, `${JSON.stringify(predictions, null, 1)}\n`);
  }
  console.log(`${pages.length} pages from ${dataDir}; ms/page is the median of ${runs} runs per page; load average ${loadavg()[0]!.toFixed(1)}; ${describeRuntime()}`);
  console.log(formatRun(relais, truth?.bodies));
  console.log(formatRun(plain, truth?.bodies));
  console.log(`relais / readability time: ${(median(relais.msPerPage) / median(plain.msPerPage)).toFixed(2)} (medians)`);
  const worst = args.has('worst') ? args.readCount('worst', 15) : 0;
  if (truth !== undefined && worst > 0) printWorst(relais, plain, truth.bodies, truth.urls, worst);
}

main();
