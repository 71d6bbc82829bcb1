// Prints the translate stage's speed against its engine's own: for Apertium and for the tiny
// opus-mt model, translateArticle over the extracted article pages of test/fixtures/news-site
// (an empty translation memory each run) and the engine alone on the same batches in the same
// run; relais's overhead is (stage − engine) / engine. Medians of --runs runs (default 3).
// With --opus-size DIR it also prints target tokens/s of a model of opus-mt-en-fr's exact shape
// (make it with: /usr/bin/python3 scripts/make-tiny-marian.py --opus-size --out DIR).
//
//   npm run bench:translate [-- --config FILE] [--runs N] [--engines apertium,opus-mt|none]
//   npm run bench:translate -- --engines none --opus-size DIR [--dtypes fp32,q8] [--batches 1,8,32]
//                              [--tokens 64] [--variants relais,generate,spinning,generate-spinning,threads-1]

import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { LanguagePair, TranslatableText } from '../src/domain/types.js';
import { isApertiumInstalled } from '../src/translator/engines/apertium-process.js';
import { median, parseBenchArgs } from './support/args.js';
import type { BenchArgs } from './support/args.js';
import { readFixtureArticles } from './support/articles.js';
import { openBenchEngine } from './support/open-engine.js';
import { printOpusSizeSpeed } from './support/opus-size-speed.js';
import { timeStageAndEngine } from './support/stage-timing.js';
import type { StageRun } from './support/stage-timing.js';

const PAIR: LanguagePair = { from: 'en', to: 'fr' };
const tinyModel = fileURLToPath(new URL('../test/fixtures/tiny-marian', import.meta.url));

async function benchEngine(engineId: string, args: BenchArgs, articles: readonly TranslatableText[]): Promise<void> {
  const configFile = args.read('config');
  // Without a configuration, opus-mt runs the tiny test model: the figure is relais's overhead, not the model's speed.
  const modelsDir = engineId === 'opus-mt' && configFile === undefined ? tinyModel : undefined;
  const opened = await openBenchEngine({ engine: engineId, configFile, modelsDir });
  try {
    const problem = await opened.engine.check(PAIR);
    if (problem !== null) {
      console.log(`${engineId}: skipped (${problem})`);
      return;
    }
    // Warm-up (model load, APy pipes); its batches are what every run replays to the engine alone.
    const { sentBatches } = await timeStageAndEngine(opened.engine, articles, PAIR);
    const runs: StageRun[] = [];
    for (let i = 0; i < args.readCount('runs', 3); i++) {
      runs.push(await timeStageAndEngine(opened.engine, articles, PAIR, { batches: sentBatches, isEngineFirst: i % 2 === 1 }));
    }
    printRuns(opened.description, runs);
  } finally {
    await opened.close();
  }
}

function printRuns(description: string, runs: readonly StageRun[]): void {
  const first = runs[0]!;
  const rate = (count: number, seconds: readonly number[]): string => (count / median(seconds)).toFixed(1);
  const stage = runs.map((r) => r.stageSeconds);
  const engine = runs.map((r) => r.engineSeconds);
  const overheads = runs.map((r) => (100 * (r.stageSeconds - r.engineSeconds)) / r.engineSeconds);
  const idle = runs.map((r) => (100 * (r.stageSeconds - r.engineBusySeconds)) / r.stageSeconds);
  const own = runs.map((r) => (100 * r.relaisSeconds) / r.engineSeconds);
  console.log(`${description}: ${first.segments} segments, ${first.words} words in ${first.batches} batches; median of ${runs.length} runs`);
  console.log(`  stage (translateArticle): ${rate(first.segments, stage)} segments/s, ${rate(first.words, stage)} words/s (runs ${stage.map((s) => s.toFixed(2)).join(', ')} s)`);
  console.log(`  engine alone:             ${rate(first.segments, engine)} segments/s, ${rate(first.words, engine)} words/s (runs ${engine.map((s) => s.toFixed(2)).join(', ')} s)`);
  console.log(`  relais overhead: ${median(overheads).toFixed(1)}% of engine time (runs ${overheads.map((o) => o.toFixed(1)).join(', ')}; goal < 10%)`);
  console.log(`  relais's own work (the stage with an engine that answers at once): ${median(own).toFixed(1)}% of engine time; engine idle during the stage: ${median(idle).toFixed(1)}%`);
}

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  const articles = readFixtureArticles();
  console.log(`articles: ${articles.length} pages of test/fixtures/news-site, extracted; machine load ${loadavg()[0]!.toFixed(1)}`);
  const engines = (args.read('engines') ?? 'apertium,opus-mt').split(',').filter((id) => id !== 'none');
  for (const engineId of engines) {
    if (engineId === 'apertium' && args.read('config') === undefined && !isApertiumInstalled()) {
      console.log('apertium: skipped (apertium-apy is not installed: apt-get install apertium-apy apertium-eng-spa apertium-fr-es)');
      continue;
    }
    await benchEngine(engineId, args, articles);
  }
  const opusSize = args.read('opus-size');
  if (opusSize !== undefined) await printOpusSizeSpeed(opusSize, args);
}

try {
  await main();
} catch (error) {
  console.error(`bench:translate: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
