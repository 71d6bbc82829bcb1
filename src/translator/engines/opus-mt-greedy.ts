import type { PreTrainedModel, Tensor } from '@huggingface/transformers';

// Greedy decoding of a batch for Marian models, on transformers.js's own encoder, decoder, cache
// and input plumbing, with two savings over its `generate()` (4.3):
// - it stops once every row has ended (end token or its own budget), where `generate()` runs on
//   until every row's *latest* token is an end token at the same step, in practice to the budget
//   of the longest row;
// - it picks each row's token straight from the decoder's logits buffer, in one pass, instead of
//   copying the logits, running a chain of processors over tensor views and an argmax per row.
// The steps it computes are the ones `generate()` computes, so the tokens kept are identical.
// A model whose generation settings need processors beyond these returns null: the caller then
// uses `generate()`.

/** What one batch may generate. */
export interface GreedyPlan {
  /** Per row: new tokens kept at most (the row's budget less the step that `generate()` forces to end). */
  keep: readonly number[];
  /** Steps at most, the last forcing the end token (default: the largest `keep` plus one). */
  maxNewTokens?: number;
  /** New tokens before which the end token is barred (benches that fix the output length). */
  minNewTokens?: number;
}

interface GenerationSettings {
  decoder_start_token_id: number | null;
  bos_token_id: number | null;
  eos_token_id: number | number[] | null;
  bad_words_ids: number[][] | null;
  repetition_penalty: number | null;
  no_repeat_ngram_size: number | null;
  min_length: number | null;
  forced_bos_token_id: number | null;
  suppress_tokens: number[] | null;
  begin_suppress_tokens: number[] | null;
  guidance_scale: number | null;
}

type ModelInputs = Record<string, unknown> & { past_key_values?: { dispose?: () => Promise<void> | void } };

// The parts of transformers.js's PreTrainedModel that `generate()` itself uses for each step.
interface GenerationInternals {
  _prepare_generation_config(config: null, kwargs: Record<string, unknown>): GenerationSettings;
  _prepare_encoder_decoder_kwargs_for_generation(args: Record<string, unknown>): Promise<ModelInputs>;
  _prepare_decoder_input_ids_for_generation(args: Record<string, unknown>): { input_ids: Tensor; model_inputs: ModelInputs };
  prepare_inputs_for_generation(ids: bigint[][], inputs: ModelInputs, config: GenerationSettings): ModelInputs;
  forward(inputs: ModelInputs): Promise<{ logits: Tensor }>;
  _update_model_kwargs_for_generation(args: Record<string, unknown>): ModelInputs;
}

/**
 * Decodes `inputs` greedily; returns each row's new token ids cut at its first end token and at
 * `plan.keep`, or null when the model's settings need the general `generate()`.
 */
export async function decodeGreedy(
  model: PreTrainedModel,
  inputs: { input_ids: Tensor; attention_mask: Tensor },
  plan: GreedyPlan,
): Promise<number[][] | null> {
  const internals = model as unknown as GenerationInternals;
  if (!hasInternals(internals)) return null;
  const maxNewTokens = plan.maxNewTokens ?? Math.max(1, ...plan.keep) + 1;
  const config = internals._prepare_generation_config(null, { max_new_tokens: maxNewTokens, num_beams: 1, do_sample: false });
  const banned = readBannedTokens(config);
  if (banned === null) return null;
  const eos = toList(config.eos_token_id);
  const encoded = await internals._prepare_encoder_decoder_kwargs_for_generation({
    inputs_tensor: inputs.input_ids,
    model_inputs: { input_ids: inputs.input_ids, attention_mask: inputs.attention_mask },
    model_input_name: 'input_ids',
    generation_config: config,
  });
  const batchSize = inputs.input_ids.dims[0] ?? 0;
  const start = internals._prepare_decoder_input_ids_for_generation({
    batch_size: batchSize,
    model_input_name: 'input_ids',
    model_kwargs: encoded,
    decoder_start_token_id: config.decoder_start_token_id,
    bos_token_id: config.bos_token_id,
    generation_config: config,
  });
  const ids = start.input_ids.tolist() as bigint[][];
  const kept: number[][] = Array.from({ length: batchSize }, () => []);
  const done = plan.keep.map((limit) => limit <= 0);
  let modelInputs = start.model_inputs;
  for (let step = 1; step <= maxNewTokens && !done.every(Boolean); step++) {
    modelInputs = internals.prepare_inputs_for_generation(ids, modelInputs, config);
    const outputs = await internals.forward(modelInputs);
    const isLast = step === maxNewTokens;
    const next = pickTokens(outputs.logits, banned, eos, { barEnd: step <= (plan.minNewTokens ?? 0), forceEnd: isLast });
    next.forEach((token, row) => {
      ids[row]!.push(BigInt(token));
      if (done[row]) return;
      if (eos.includes(token)) done[row] = true;
      else kept[row]!.push(token);
      if (kept[row]!.length >= plan.keep[row]!) done[row] = true;
    });
    modelInputs = internals._update_model_kwargs_for_generation({
      generated_input_ids: next.map((token) => [BigInt(token)]),
      outputs,
      model_inputs: modelInputs,
      is_encoder_decoder: true,
    });
  }
  await modelInputs.past_key_values?.dispose?.();
  return kept;
}

function hasInternals(model: GenerationInternals): boolean {
  return (
    typeof model._prepare_generation_config === 'function' &&
    typeof model._prepare_encoder_decoder_kwargs_for_generation === 'function' &&
    typeof model._prepare_decoder_input_ids_for_generation === 'function' &&
    typeof model.prepare_inputs_for_generation === 'function' &&
    typeof model.forward === 'function' &&
    typeof model._update_model_kwargs_for_generation === 'function'
  );
}

// Marian's settings bar single tokens (the pad token) and force the end token on the last step;
// any other processor `generate()` would apply means this path does not reproduce it.
function readBannedTokens(config: GenerationSettings): number[] | null {
  const isNeutral =
    (config.repetition_penalty ?? 1) === 1 &&
    (config.no_repeat_ngram_size ?? 0) <= 0 &&
    (config.min_length ?? 0) <= 0 &&
    config.forced_bos_token_id === null &&
    config.suppress_tokens === null &&
    config.begin_suppress_tokens === null &&
    (config.guidance_scale ?? 1) <= 1;
  const words = config.bad_words_ids ?? [];
  if (!isNeutral || words.some((word) => word.length !== 1) || config.eos_token_id === null) return null;
  return words.map((word) => word[0]!);
}

function toList(value: number | number[] | null): number[] {
  if (value === null) return [];
  return Array.isArray(value) ? value : [value];
}

// Reads each row's last-position logits in place. Barred tokens are set to -Infinity first, then
// the first index of the largest value wins: what NoBadWords, MinNewTokensLength, ForcedEOSToken
// and the greedy sampler's argmax do.
function pickTokens(logits: Tensor, banned: readonly number[], eos: readonly number[], rules: { barEnd: boolean; forceEnd: boolean }): number[] {
  const [rows = 0, length = 1, vocab = 0] = logits.dims;
  const data = logits.data as Float32Array;
  const tokens: number[] = [];
  for (let row = 0; row < rows; row++) {
    const offset = (row * length + length - 1) * vocab;
    if (rules.forceEnd) {
      tokens.push(eos[0]!);
      continue;
    }
    for (const id of banned) data[offset + id] = -Infinity;
    if (rules.barEnd) for (const id of eos) data[offset + id] = -Infinity;
    let best = data[offset]!;
    let bestIndex = 0;
    for (let i = 1; i < vocab; i++) {
      const value = data[offset + i]!;
      if (value > best) {
        best = value;
        bestIndex = i;
      }
    }
    tokens.push(bestIndex);
  }
  return tokens;
}
