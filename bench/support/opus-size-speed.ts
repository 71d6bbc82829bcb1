// Target tokens/s of the opus-mt engine on a model of opus-mt-en-fr's exact shape (random
// weights: speed does not depend on them). Every row decodes exactly --tokens new tokens (64 by
// default) so figures do not depend on when a model ends its sentences; batch sizes 1, 8 and 32,
// fp32 and q8, medians of --runs runs.

import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { LanguagePair, TranslationEngine } from '../../src/domain/types.js';
import { createOpusMtEngine } from '../../src/translator/engines/opus-mt.js';
import type { OpusMtOptions } from '../../src/translator/engines/opus-mt.js';
import { median } from './args.js';
import type { BenchArgs } from './args.js';
import { readFixtureArticles } from './articles.js';
import { segmentHtml } from '../../src/translator/index.js';

const PAIR: LanguagePair = { from: 'en', to: 'fr' };
const BATCH_SIZES = [1, 8, 32] as const;

// Sentences of 20–30 words (about 30–40 Marian tokens), as news sentences typically are.
function pickSentences(): string[] {
  const sentences = readFixtureArticles()
    .flatMap((article) => segmentHtml(article.html, PAIR.from).segments)
    .map((segment) => segment.text.replace(/<[^>]*>/g, ''))
    .filter((text) => {
      const words = text.split(/\s+/).length;
      return words >= 20 && words <= 30;
    });
  if (sentences.length === 0) throw new Error('no sentence of 20–30 words in test/fixtures/news-site');
  return sentences;
}

// Variants compared in the same run, their runs interleaved so that a loaded machine weighs on each alike.
const VARIANTS: Readonly<Record<string, { label: string; options: Partial<OpusMtOptions> }>> = {
  relais: { label: 'relais greedy loop, no spinning', options: {} },
  generate: { label: 'transformers.js generate()', options: { useGenerate: true } },
  spinning: { label: 'relais greedy loop, spinning threads', options: { spinning: true } },
  'generate-spinning': { label: 'generate(), spinning threads (before)', options: { useGenerate: true, spinning: true } },
  'threads-1': { label: 'relais greedy loop, 1 thread', options: { threads: 1 } },
};

// Wall-clock tokens/s, and tokens per CPU-second of the whole process (all its threads): the
// second is what a loaded machine disturbs least.
interface VariantFigures {
  rates: number[];
  cpuRates: number[];
  loadSeconds: number;
}

async function measureBatch(
  options: OpusMtOptions,
  variants: readonly string[],
  sentences: readonly string[],
  runs: number,
): Promise<Map<string, VariantFigures>> {
  const batch = options.maxBatch;
  const tokens = options.fixedNewTokens ?? 64;
  const segments = Array.from({ length: batch }, (_, i) => sentences[i % sentences.length]!);
  // At least 512 target tokens per run, so batch 1 is not timed on a single short call.
  const calls = Math.max(1, Math.ceil(512 / (batch * tokens)));
  const results = new Map<string, VariantFigures>();
  const engines = new Map<string, TranslationEngine>();
  try {
    for (const name of variants) {
      const started = process.hrtime.bigint();
      const engine = createOpusMtEngine({ ...options, ...VARIANTS[name]!.options });
      engines.set(name, engine);
      await engine.translate(segments.slice(0, 1), PAIR); // loads the model
      results.set(name, { rates: [], cpuRates: [], loadSeconds: Number(process.hrtime.bigint() - started) / 1e9 });
    }
    for (let run = 0; run < runs; run++) {
      for (const name of variants) {
        const started = process.hrtime.bigint();
        const cpu = process.cpuUsage();
        for (let call = 0; call < calls; call++) await engines.get(name)!.translate(segments, PAIR);
        const used = process.cpuUsage(cpu);
        const figures = results.get(name)!;
        figures.rates.push((calls * batch * tokens) / (Number(process.hrtime.bigint() - started) / 1e9));
        figures.cpuRates.push((calls * batch * tokens) / ((used.user + used.system) / 1e6));
      }
    }
    return results;
  } finally {
    for (const engine of engines.values()) await engine.close();
  }
}

/** Prints target tokens/s for batch sizes 1, 8 and 32 in fp32 and q8 on the opus-size model under `modelsDir`. */
export async function printOpusSizeSpeed(modelsDir: string, args: BenchArgs): Promise<void> {
  if (!existsSync(join(modelsDir, 'Xenova', 'opus-mt-en-fr', 'onnx', 'encoder_model.onnx'))) {
    throw new Error(`no opus-size model in ${modelsDir} (make it: /usr/bin/python3 scripts/make-tiny-marian.py --opus-size --out ${modelsDir})`);
  }
  const runs = args.readCount('runs', 3);
  const tokens = args.readCount('tokens', 64);
  const sentences = pickSentences();
  const dtypes = (args.read('dtypes') ?? 'fp32,q8').split(',') as Array<'fp32' | 'q8'>;
  const batches = (args.read('batches') ?? BATCH_SIZES.join(',')).split(',').map(Number);
  const variants = (args.read('variants') ?? 'relais,generate').split(',');
  const unknown = variants.filter((name) => VARIANTS[name] === undefined);
  if (unknown.length > 0) throw new Error(`--variants: unknown ${unknown.join(', ')} (known: ${Object.keys(VARIANTS).join(', ')})`);
  console.log(`opus-size model (${modelsDir}): ${tokens} new tokens per row, sources of 20–30 words, median of ${runs} interleaved runs; machine load ${loadavg()[0]!.toFixed(1)}`);
  for (const dtype of dtypes) {
    for (const batch of batches) {
      const results = await measureBatch({ modelsDir, dtype, maxBatch: batch, fixedNewTokens: tokens }, variants, sentences, runs);
      for (const [name, { rates, cpuRates, loadSeconds }] of results) {
        const runsText = rates.map((r) => r.toFixed(0)).join(', ');
        const figures = `${median(rates).toFixed(0)} target tokens/s (runs ${runsText}), ${median(cpuRates).toFixed(0)} per CPU-second; load ${loadSeconds.toFixed(1)} s`;
        console.log(`  ${dtype} batch ${String(batch).padStart(2)}, ${VARIANTS[name]!.label}: ${figures}`);
      }
    }
  }
}
