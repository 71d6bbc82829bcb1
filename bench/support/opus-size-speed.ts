// Target tokens/s of the opus-mt engine on a model of opus-mt-en-fr's exact shape (random
// weights: speed does not depend on them). Every row decodes exactly --tokens new tokens (64 by
// default) so figures do not depend on when a model ends its sentences; batch sizes 1, 8 and 32,
// fp32 and q8, medians of --runs runs.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LanguagePair } from '../../src/domain/types.js';
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

async function measureBatch(options: OpusMtOptions, sentences: readonly string[], batch: number, runs: number, tokens: number): Promise<{ rates: number[]; loadSeconds: number }> {
  const loadStarted = process.hrtime.bigint();
  const engine = createOpusMtEngine({ ...options, maxBatch: batch });
  const segments = Array.from({ length: batch }, (_, i) => sentences[i % sentences.length]!);
  try {
    await engine.translate(segments.slice(0, 1), PAIR); // loads the model
    const loadSeconds = Number(process.hrtime.bigint() - loadStarted) / 1e9;
    // At least 512 target tokens per run, so batch 1 is not timed on a single short call.
    const calls = Math.max(1, Math.ceil(512 / (batch * tokens)));
    const rates: number[] = [];
    for (let run = 0; run < runs; run++) {
      const started = process.hrtime.bigint();
      for (let call = 0; call < calls; call++) await engine.translate(segments, PAIR);
      rates.push((calls * batch * tokens) / (Number(process.hrtime.bigint() - started) / 1e9));
    }
    return { rates, loadSeconds };
  } finally {
    await engine.close();
  }
}

/** Prints target tokens/s for batch sizes 1, 8 and 32 in fp32 and q8 on the opus-size model under `modelsDir`. */
export async function printOpusSizeSpeed(modelsDir: string, args: BenchArgs): Promise<void> {
  if (!existsSync(join(modelsDir, 'Xenova', 'opus-mt-en-fr', 'onnx', 'encoder_model.onnx'))) {
    throw new Error(`no opus-size model in ${modelsDir} (make it: /usr/bin/python3 scripts/make-tiny-marian.py --opus-size --out ${modelsDir})`);
  }
  const runs = args.readCount('runs', 3);
  const tokens = args.readCount('tokens', 64);
  const threads = args.read('threads') === undefined ? undefined : args.readCount('threads', 1);
  const sentences = pickSentences();
  const dtypes = (args.read('dtypes') ?? 'fp32,q8').split(',') as Array<'fp32' | 'q8'>;
  const batches = (args.read('batches') ?? BATCH_SIZES.join(',')).split(',').map(Number);
  console.log(`opus-size model (${modelsDir}): ${tokens} new tokens per row, sources of 20–30 words, ${threads ?? 'default'} threads${args.has('spinning') ? ', spinning threads' : ''}, median of ${runs} runs`);
  for (const dtype of dtypes) {
    for (const batch of batches) {
      const options: OpusMtOptions = { modelsDir, dtype, maxBatch: batch, fixedNewTokens: tokens, spinning: args.has('spinning'), ...(threads === undefined ? {} : { threads }) };
      const { rates, loadSeconds } = await measureBatch(options, sentences, batch, runs, tokens);
      console.log(`  ${dtype} batch ${String(batch).padStart(2)}: ${median(rates).toFixed(0)} target tokens/s (runs ${rates.map((r) => r.toFixed(0)).join(', ')}; load ${loadSeconds.toFixed(1)} s)`);
    }
  }
}
