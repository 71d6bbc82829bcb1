import { cp, mkdtemp, rm, truncate } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TranslateError } from '../../domain/errors.js';
import type { TranslationEngine } from '../../domain/types.js';
import { createOpusMtEngine } from './opus-mt.js';

// The tiny model is a real Marian graph with random weights (scripts/make-tiny-marian.py), so
// its output is gibberish; reference.json holds what a cache-free torch decode of it gives.
const fixtures = fileURLToPath(new URL('../../../test/fixtures/tiny-marian', import.meta.url));
const reference = JSON.parse(readFileSync(join(fixtures, 'reference.json'), 'utf8')) as {
  cases: { source: string; target_ids: number[]; target: string }[];
};
const enFr = { from: 'en', to: 'fr' };
const sources = reference.cases.map((c) => c.source);
const engines: TranslationEngine[] = [];
const temps: string[] = [];

function openEngine(options: Partial<Parameters<typeof createOpusMtEngine>[0]> = {}): TranslationEngine {
  const engine = createOpusMtEngine({ modelsDir: fixtures, dtype: 'fp32', maxBatch: 8, ...options });
  engines.push(engine);
  return engine;
}

async function makeTemp(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'relais-opus-mt-'));
  temps.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(engines.map((e) => e.close()));
  await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
});

describe('opus-mt engine on the tiny Marian model', () => {
  it('gives the tokens of the reference decode (fp32, batched with padding)', async () => {
    const output = await openEngine().translate(sources, enFr);
    expect(output).toHaveLength(sources.length);
    reference.cases.forEach((c, i) => {
      // A reference that ended (id 0) is complete; one cut at 16 tokens is a prefix of ours.
      if (c.target_ids.includes(0)) expect(output[i]).toBe(c.target);
      else expect(output[i]?.startsWith(c.target)).toBe(true);
    });
  });

  it.each(['fp32', 'q8'] as const)('%s: one string per segment, the same on a second call', async (dtype) => {
    const engine = openEngine({ dtype });
    const first = await engine.translate(sources, enFr);
    expect(first).toHaveLength(3);
    for (const text of first) expect(typeof text).toBe('string');
    expect(new Set(first).size).toBeGreaterThan(1);
    expect(await engine.translate(sources, enFr)).toEqual(first);
  });

  // Only fp32: q8 quantizes activations per tensor, so a row's result depends on its batch.
  it('fp32: gives the same output batched as one by one', async () => {
    const batched = await openEngine({ maxBatch: 8 }).translate(sources, enFr);
    const single = await openEngine({ maxBatch: 1 }).translate(sources, enFr);
    expect(single).toEqual(batched);
    expect(await openEngine({ maxBatch: 2 }).translate(sources, enFr)).toEqual(batched);
  });

  // relais's greedy loop stops once every row has ended; transformers.js's generate() runs on.
  const moreSources = [
    ...sources,
    'The minister said on Tuesday that the talks would go on.',
    'Rain.',
    'Police in the capital arrested two men after the protest outside the parliament building last night.',
    'It was, he said, "a very good day" for the country and for its neighbours.',
  ];

  it.each([
    ['fp32', 8],
    ['fp32', 3],
    ['q8', 8],
    ['q8', 1],
  ] as const)('%s, batch %i: the greedy loop gives what generate() gives', async (dtype, maxBatch) => {
    const fast = await openEngine({ dtype, maxBatch }).translate(moreSources, enFr);
    const general = await openEngine({ dtype, maxBatch, useGenerate: true }).translate(moreSources, enFr);
    expect(fast).toEqual(general);
    expect(new Set(fast).size).toBeGreaterThan(3);
  });

  it('with a fixed output length, the greedy loop gives what generate() gives', async () => {
    const fast = await openEngine({ fixedNewTokens: 12 }).translate(moreSources, enFr);
    const general = await openEngine({ fixedNewTokens: 12, useGenerate: true }).translate(moreSources, enFr);
    expect(fast).toEqual(general);
  });

  it('returns blank segments as empty strings without disturbing the others', async () => {
    const engine = openEngine();
    const plain = await engine.translate(sources, enFr);
    const output = await engine.translate(['', sources[0]!, '   ', sources[2]!], enFr);
    expect(output).toEqual(['', plain[0], '', plain[2]]);
    expect(await engine.translate([], enFr)).toEqual([]);
  });

  it('answers check() with null when the files are there', async () => {
    expect(await openEngine({ dtype: 'q8' }).check(enFr)).toBeNull();
  });

  it('serves a pair from the model id that overrides the default', async () => {
    const engine = openEngine({ modelIds: { 'en-de': 'Xenova/opus-mt-en-fr' } });
    expect(await engine.check({ from: 'en', to: 'de' })).toBeNull();
    expect(await engine.translate(sources, { from: 'en', to: 'de' })).toEqual(await engine.translate(sources, enFr));
  });

  it('loads again after close()', async () => {
    const engine = openEngine();
    const before = await engine.translate(sources.slice(0, 1), enFr);
    await engine.close();
    expect(await engine.translate(sources.slice(0, 1), enFr)).toEqual(before);
  });
});

describe('opus-mt engine without its model', () => {
  it('names the missing file and the command that fetches it', async () => {
    const dir = await makeTemp();
    const engine = openEngine({ modelsDir: dir, dtype: 'q8' });
    const expected =
      `opus-mt: no model for en→fr in ${dir} ` +
      `(missing ${dir}/Xenova/opus-mt-en-fr/onnx/encoder_model_quantized.onnx; run: relais models pull opus-mt en-fr)`;
    expect(await engine.check(enFr)).toBe(expected);
    const error = await engine.translate(['Hello.'], enFr).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranslateError);
    expect((error as TranslateError).retryable).toBe(false);
    expect((error as TranslateError).message).toBe(`translate: ${expected}`);
  });

  it.each([
    ['fp32', 'onnx/decoder_model_merged.onnx'],
    ['q8', 'tokenizer.json'],
  ] as const)('%s: names %s when only that file is absent', async (dtype, file) => {
    const dir = await makeTemp();
    await cp(fixtures, dir, { recursive: true });
    await rm(join(dir, 'Xenova/opus-mt-en-fr', file));
    const problem = await openEngine({ modelsDir: dir, dtype }).check(enFr);
    expect(problem).toContain(`missing ${dir}/Xenova/opus-mt-en-fr/${file};`);
  });

  it('says which model could not be loaded when a file is damaged', async () => {
    const dir = await makeTemp();
    await cp(fixtures, dir, { recursive: true });
    await truncate(join(dir, 'Xenova/opus-mt-en-fr/onnx/encoder_model.onnx'), 1000);
    const engine = openEngine({ modelsDir: dir });
    expect(await engine.check(enFr)).toBeNull();
    const error = await engine.translate(['Hello.'], enFr).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranslateError);
    expect((error as Error).message).toContain(`could not load ${dir}/Xenova/opus-mt-en-fr for en→fr`);
    expect((error as Error).message).toContain('relais models list');
    expect((error as Error).message).toContain('relais models pull opus-mt en-fr');
  });
});
