import {
  AutoModelForSeq2SeqLM,
  AutoTokenizer,
  env,
  LogLevel,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  type Tensor,
} from '@huggingface/transformers';
import { describeError, TranslateError } from '../../domain/errors.js';
import type { LanguagePair, TranslationEngine } from '../../domain/types.js';
import { findMissingModelFile, formatModelPath, resolveModelId, type ModelDtype } from '../models.js';
import { decodeGreedy } from './opus-mt-greedy.js';

// OPUS-MT (Marian) models run in process through transformers.js on onnxruntime-node, from
// files pulled beforehand with `relais models pull`; nothing is downloaded at translation time.

/** What the opus-mt engine needs: the models folder, the weights' precision and a batch size. */
export interface OpusMtOptions {
  modelsDir: string;
  dtype: ModelDtype;
  maxBatch: number;
  /** Model ids by pair (`en-fr` → `Helsinki-NLP/opus-mt-tc-big-en-fr`); default `Xenova/opus-mt-{from}-{to}`. */
  modelIds?: Readonly<Record<string, string>>;
  /** ONNX Runtime's intra-op threads (default: its own choice, one per physical core). */
  threads?: number;
  /** Let ONNX Runtime's idle threads spin while waiting for work (default false, see sessionOptions). */
  spinning?: boolean;
  /** Benches only: every row decodes exactly this many tokens, so speed does not depend on when a model ends. */
  fixedNewTokens?: number;
  /** Benches and tests only: decode with transformers.js's generate() instead of relais's greedy loop. */
  useGenerate?: boolean;
}

interface LoadedPair {
  tokenizer: PreTrainedTokenizer;
  model: PreTrainedModel;
  /** Marian ends a sentence with this id; generation does not stop finished rows of a batch. */
  eosTokenId: number;
}

const ENGINE_ID = 'opus-mt';
/** Marian's position table has 512 rows, so neither source nor output may exceed it. */
const MAX_TOKENS = 512;

/** Creates the in-process OPUS-MT engine; models load on first use of a pair and stay loaded. */
export function createOpusMtEngine(options: OpusMtOptions): TranslationEngine {
  configureRuntime(options.modelsDir);
  const loaded = new Map<string, Promise<LoadedPair>>();
  const decode: DecodeOptions = { fixedNewTokens: options.fixedNewTokens, useGenerate: options.useGenerate };

  async function loadPair(pair: LanguagePair): Promise<LoadedPair> {
    const key = `${pair.from}-${pair.to}`;
    let pending = loaded.get(key);
    if (pending === undefined) {
      pending = loadModel(options, pair);
      loaded.set(key, pending);
      // A failed load is forgotten so that a later call sees a freshly pulled model.
      pending.catch(() => loaded.delete(key));
    }
    return pending;
  }

  return {
    id: ENGINE_ID,
    capabilities: { maxBatch: options.maxBatch, acceptsMarkup: false },
    async translate(segments, pair) {
      if (segments.length === 0) return [];
      const loadedPair = await loadPair(pair);
      // Segments of similar length share a batch: less padding, and a batch runs as long as its longest row.
      const order = segments.map((_, i) => i).sort((a, b) => segments[a]!.length - segments[b]!.length);
      const results: string[] = new Array<string>(segments.length).fill('');
      for (let start = 0; start < order.length; start += options.maxBatch) {
        const indices = order.slice(start, start + options.maxBatch);
        const texts = await translateBatch(loadedPair, indices.map((i) => segments[i]!), decode);
        indices.forEach((i, k) => (results[i] = texts[k] ?? ''));
      }
      return results;
    },
    async check(pair) {
      return describeMissingModel(options, pair);
    },
    async close() {
      const pairs = await Promise.allSettled(loaded.values());
      loaded.clear();
      for (const result of pairs) {
        if (result.status === 'fulfilled') await result.value.model.dispose();
      }
    },
  };
}

// transformers.js keeps its settings in one module-level `env` object, so they are set when an
// engine is created (and again before each load): one models folder per process. Remote models
// stay off so a missing file is an error here, never a download; the file cache is off because
// local files need none. The log level hides the MarianTokenizer notice printed on every load.
function configureRuntime(modelsDir: string): void {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = modelsDir;
  env.useFSCache = false;
  env.logLevel = LogLevel.ERROR;
}

async function loadModel(options: OpusMtOptions, pair: LanguagePair): Promise<LoadedPair> {
  const missing = await describeMissingModel(options, pair);
  if (missing !== null) throw new TranslateError(ENGINE_ID, missing.replace(/^opus-mt: /, ''), { retryable: false });
  const modelId = resolveModelId(pair, options.modelIds);
  configureRuntime(options.modelsDir);
  try {
    const tokenizer = await AutoTokenizer.from_pretrained(modelId);
    const model = await AutoModelForSeq2SeqLM.from_pretrained(modelId, { dtype: options.dtype, session_options: sessionOptions(options) });
    const eos = (model.config as { eos_token_id?: number | number[] }).eos_token_id;
    return { tokenizer, model, eosTokenId: Array.isArray(eos) ? (eos[0] ?? 0) : (eos ?? 0) };
  } catch (error) {
    const where = formatModelPath(options.modelsDir, modelId);
    throw new TranslateError(
      ENGINE_ID,
      `could not load ${where} for ${pair.from}→${pair.to} (${describeError(error)}); ` +
        `check it with: relais models list; fetch it again with: relais models pull opus-mt ${pair.from}-${pair.to}`,
      { cause: error, retryable: false },
    );
  }
}

// Spinning threads wait for work by busy-looping between the decoder's small per-token runs; on a
// machine with few cores they take CPU from the JavaScript that runs between those steps.
function sessionOptions(options: OpusMtOptions): Record<string, unknown> {
  return {
    ...(options.threads === undefined ? {} : { intraOpNumThreads: options.threads }),
    extra: { session: { intra_op: { allow_spinning: options.spinning ? '1' : '0' } } },
  };
}

async function describeMissingModel(options: OpusMtOptions, pair: LanguagePair): Promise<string | null> {
  const modelId = resolveModelId(pair, options.modelIds);
  const missing = await findMissingModelFile(options.modelsDir, modelId, options.dtype);
  if (missing === null) return null;
  return (
    `${ENGINE_ID}: no model for ${pair.from}→${pair.to} in ${options.modelsDir} ` +
    `(missing ${missing}; run: relais models pull opus-mt ${pair.from}-${pair.to})`
  );
}

// How a batch is decoded: benches fix the output length or force transformers.js's generate().
interface DecodeOptions {
  fixedNewTokens?: number;
  useGenerate?: boolean;
}

async function translateBatch(loaded: LoadedPair, segments: readonly string[], decode: DecodeOptions): Promise<string[]> {
  const { tokenizer } = loaded;
  // Blank segments get no model call: Marian given nothing still invents a sentence.
  const wanted = segments.map((s, i) => ({ text: s.trim(), i })).filter((s) => s.text !== '');
  const results = segments.map(() => '');
  if (wanted.length === 0) return results;
  const inputs = tokenizer(
    wanted.map((s) => s.text),
    { padding: true, truncation: true, max_length: MAX_TOKENS },
  ) as { input_ids: Tensor; attention_mask: Tensor };
  const budgets = inputs.attention_mask
    .tolist()
    .map((mask) => (decode.fixedNewTokens === undefined ? limitNewTokens(countTokens(mask as bigint[])) : decode.fixedNewTokens + 1));
  const plan = { keep: budgets.map((budget) => budget - 1), maxNewTokens: decode.fixedNewTokens, minNewTokens: decode.fixedNewTokens };
  const rows = (decode.useGenerate ? null : await decodeGreedy(loaded.model, inputs, plan)) ?? (await generateRows(loaded, inputs, budgets, decode));
  const texts = tokenizer.batch_decode(rows, { skip_special_tokens: true });
  wanted.forEach((s, k) => (results[s.i] = (texts[k] ?? '').trim()));
  return results;
}

// The general path: transformers.js's generate(), whose rows are then cut to what decodeGreedy keeps.
async function generateRows(
  { model, eosTokenId }: LoadedPair,
  inputs: { input_ids: Tensor; attention_mask: Tensor },
  budgets: readonly number[],
  decode: DecodeOptions,
): Promise<number[][]> {
  const fixed = decode.fixedNewTokens;
  const output = (await model.generate({
    ...inputs,
    max_new_tokens: fixed ?? Math.max(...budgets),
    ...(fixed === undefined ? {} : { min_new_tokens: fixed }),
    num_beams: 1,
    do_sample: false,
  } as Parameters<PreTrainedModel['generate']>[0])) as Tensor;
  return (output.tolist() as bigint[][]).map((row, k) => cutAtEnd(row, eosTokenId, budgets[k] ?? 0));
}

// A bound tied to the source keeps a degenerate model (repeating, never ending) finite.
function limitNewTokens(sourceTokens: number): number {
  return Math.min(MAX_TOKENS, 2 * sourceTokens + 16);
}

function countTokens(attentionMask: readonly bigint[]): number {
  return attentionMask.reduce((sum, bit) => sum + Number(bit), 0);
}

// transformers.js 4.3 keeps generating for rows of a batch that already ended, and the batch
// runs to its longest row's budget; so each row is cut at its first end-of-sentence token and at
// its own budget (less the last step, where a lone row gets a forced end token). Batched output
// then equals one-by-one output. Index 0 is the decoder start token.
function cutAtEnd(row: readonly bigint[], eosTokenId: number, budget: number): number[] {
  const ids = row.slice(1, budget).map(Number);
  const end = ids.indexOf(eosTokenId);
  return end === -1 ? ids : ids.slice(0, end);
}
