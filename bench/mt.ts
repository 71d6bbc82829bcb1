// Prints translation quality on the shared test sets: BLEU and chrF computed the sacrebleu way
// (13a tokenization; character 6-grams, beta 2), with the engine's speed. Each line goes the
// way the translate stage sends text: cut into sentences, sent in batches of the engine's size,
// put back together; no translation memory, no typography (figures compare with published ones).
//
//   npm run bench:mt -- --engine apertium [--config FILE] [--limit N] [--set newstest2014|flores200]
//   npm run bench:mt -- --engine opus-mt --model-dir ./models [--dtype q8|fp32] [--batch N] [--limit N]
//   npm run bench:mt -- --engine opus-mt --model-dir test/fixtures/tiny-marian --limit 100   (random weights)
//   [--out FILE] writes the translations, one per line.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanguagePair, TranslationEngine } from '../src/domain/types.js';
import { computeCorpusBleu, computeCorpusChrf } from './support/mt-metrics/index.js';
import { canonicalizeTranslation, formatForEngine, hasTranslatableText, renderText, segmentText } from '../src/translator/index.js';
import type { Segment } from '../src/translator/index.js';
import { countWords, parseBenchArgs } from './support/args.js';
import { openBenchEngine } from './support/open-engine.js';

const SETS: Readonly<Record<string, { source: string; reference: string }>> = {
  newstest2014: { source: 'newstest2014.en-fr.en', reference: 'newstest2014.en-fr.fr' },
  flores200: { source: 'flores200.devtest.eng_Latn.en', reference: 'flores200.devtest.fra_Latn.fr' },
};
const PAIR: LanguagePair = { from: 'en', to: 'fr' };
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

function readSet(name: string, limit: number | undefined): { sources: string[]; references: string[] } {
  const set = SETS[name];
  if (set === undefined) throw new Error(`--set ${name}: unknown test set (known: ${Object.keys(SETS).join(', ')})`);
  const dir = resolve(repoRoot, '..', 'shared', 'bench', 'mt');
  if (!existsSync(dir)) throw new Error(`${dir} is absent: the test sets live in ../shared/bench/mt beside the repository`);
  const readLines = (file: string): string[] => readFileSync(resolve(dir, file), 'utf8').replace(/\n$/, '').split('\n');
  const sources = readLines(set.source);
  const references = readLines(set.reference);
  if (sources.length !== references.length) throw new Error(`${name}: ${sources.length} source lines but ${references.length} reference lines`);
  const count = Math.min(limit ?? sources.length, sources.length);
  return { sources: sources.slice(0, count), references: references.slice(0, count) };
}

/** Translates lines through segmentation, batches of the engine's size and reassembly; returns the lines and engine seconds. */
async function translateLines(engine: TranslationEngine, lines: readonly string[]): Promise<{ output: string[]; seconds: number }> {
  const segmented = lines.map((line) => segmentText(line, PAIR.from));
  const wanted = segmented.flat().filter(hasTranslatableText);
  const style = engine.capabilities.acceptsMarkup ? 'markup' : 'token';
  const batchSize = Math.max(1, engine.capabilities.maxBatch);
  const translated = new Map<Segment, string>();
  const started = process.hrtime.bigint();
  for (let start = 0; start < wanted.length; start += batchSize) {
    const batch = wanted.slice(start, start + batchSize);
    const output = await engine.translate(batch.map((segment) => formatForEngine(segment, style)), PAIR);
    batch.forEach((segment, i) => translated.set(segment, canonicalizeTranslation(output[i] ?? '', segment)));
    if (process.stderr.isTTY) process.stderr.write(`\r${Math.min(start + batchSize, wanted.length)}/${wanted.length} sentences`);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (process.stderr.isTTY) process.stderr.write('\n');
  const output = segmented.map((segments) => renderText(segments, segments.map((s) => translated.get(s) ?? s.text)).text);
  return { output, seconds };
}

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  const engineId = args.read('engine');
  if (engineId === undefined) throw new Error('--engine E is required (apertium, opus-mt, …)');
  const setName = args.read('set') ?? 'newstest2014';
  const limit = args.read('limit') === undefined ? undefined : args.readCount('limit', 1);
  const { sources, references } = readSet(setName, limit);
  const dtype = args.read('dtype');
  if (dtype !== undefined && dtype !== 'fp32' && dtype !== 'q8') throw new Error(`--dtype ${dtype}: expected fp32 or q8`);
  const opened = await openBenchEngine({
    engine: engineId,
    configFile: args.read('config'),
    modelsDir: args.read('model-dir'),
    dtype,
    maxBatch: args.read('batch') === undefined ? undefined : args.readCount('batch', 8),
  });
  try {
    const problem = await opened.engine.check(PAIR);
    if (problem !== null) throw new Error(problem);
    const { output, seconds } = await translateLines(opened.engine, sources);
    const out = args.read('out');
    if (out !== undefined) writeFileSync(out, `${output.join('\n')}\n`);
    const bleu = computeCorpusBleu(output, [references]);
    const chrf = computeCorpusChrf(output, [references]);
    const words = sources.reduce((sum, line) => sum + countWords(line), 0);
    const precisions = bleu.precisions.map((p) => p.toFixed(1)).join('/');
    console.log(`engine: ${opened.description}`);
    console.log(`set: ${setName} en→fr, ${sources.length} lines${limit === undefined ? '' : ` (the first ${sources.length}, --limit ${limit})`}`);
    console.log(`BLEU ${bleu.score.toFixed(2)} (${precisions}, BP ${bleu.brevityPenalty.toFixed(3)}, ${bleu.sysLen}/${bleu.refLen} tokens)  chrF2 ${chrf.score.toFixed(2)}`);
    console.log(`speed: ${(words / seconds).toFixed(1)} source words/s, ${(sources.length / seconds).toFixed(2)} lines/s (${words} words in ${seconds.toFixed(1)} s of engine time)`);
  } finally {
    await opened.close();
  }
}

try {
  await main();
} catch (error) {
  console.error(`bench:mt: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
