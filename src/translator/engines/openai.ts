import { TranslateError } from '../../domain/errors.js';
import type { LanguageCode, LanguagePair, TranslationEngine } from '../../domain/types.js';
import { createEngineContext, createHttpEngine, createRefusalError, joinUrl, sendJsonRequest } from './http-engine.js';
import type { HttpEngineContext, HttpEngineOptions } from './http-engine.js';
import { describeUrl } from './http-retry.js';

// Any OpenAI-compatible chat completions endpoint (OpenAI, Ollama, vLLM, llama.cpp):
// a fixed prompt, temperature 0, segments in and out as JSON `{"segments": [...]}`. A reply
// whose count differs (merged, split or dropped segments) or that is not that JSON is never
// patched up: the batch is asked again in halves, down to single segments.

/** Where the chat endpoint is and which model answers. */
export interface OpenAiOptions extends HttpEngineOptions {
  /** The model that answers (the key, when set, goes as a Bearer token; api.openai.com needs one). */
  model: string;
  /** Most segments per request (default 16: long replies are where models lose count). */
  maxBatch?: number;
}

type OpenAiContext = HttpEngineContext<OpenAiOptions>;

type SegmentsReply = { kind: 'ok'; segments: string[] } | { kind: 'unusable'; problem: string };

/** The system prompt: fixed, only the language names change. */
export function buildSystemPrompt(pair: LanguagePair): string {
  return [
    `You translate news text from ${nameLanguage(pair.from)} (${pair.from}) to ${nameLanguage(pair.to)} (${pair.to}).`,
    'The user sends JSON {"segments": [...]}. Reply with JSON only, {"segments": [...]}, holding exactly one translation per input segment, in the same order; never merge, split, add or drop segments.',
    'Keep every tag such as <x1>, </x1> and <x2/> exactly as written, around the words that translate the words it surrounded.',
    'Keep names of people, URLs, e-mail addresses, @handles and #hashtags unchanged. Add no notes or explanations.',
  ].join('\n');
}

/** Creates the engine for an OpenAI-compatible endpoint; the key is read from `options.env[options.apiKeyEnv]`. */
export function createOpenAiEngine(options: OpenAiOptions): TranslationEngine {
  const ctx = createEngineContext(options);
  return createHttpEngine({
    id: 'openai',
    capabilities: { maxBatch: options.maxBatch ?? 16, acceptsMarkup: true },
    limits: { maxChars: 12_000, concurrency: options.concurrency ?? 2 },
    missingKeyEnv: !ctx.apiKey && isKeyRequired(options.url) ? options.apiKeyEnv : undefined,
    checkPair: async () => findMissingModel(await requestOpenAi(ctx, 'models'), options),
    translateBatch: (batch, pair) => translateSplitting(ctx, batch, pair),
  });
}

// Halves until the model keeps count; a single segment it still cannot answer is a failure.
async function translateSplitting(ctx: OpenAiContext, batch: readonly string[], pair: LanguagePair): Promise<string[]> {
  const reply = await requestSegments(ctx, batch, pair);
  if (reply.kind === 'ok') return reply.segments;
  if (batch.length === 1) {
    const shown = describeUrl(joinUrl(ctx.options.url, 'chat/completions'));
    throw new TranslateError('openai', `${shown} (model ${ctx.options.model}) gave no usable translation of a single segment (${reply.problem}); try another model`, {
      retryable: true,
    });
  }
  const half = Math.ceil(batch.length / 2);
  const first = await translateSplitting(ctx, batch.slice(0, half), pair);
  const second = await translateSplitting(ctx, batch.slice(half), pair);
  return [...first, ...second];
}

async function requestSegments(ctx: OpenAiContext, batch: readonly string[], pair: LanguagePair): Promise<SegmentsReply> {
  const answer = await requestOpenAi(ctx, 'chat/completions', {
    model: ctx.options.model,
    temperature: 0,
    response_format: { type: 'json_object' },
    messages: [
      { role: 'system', content: buildSystemPrompt(pair) },
      { role: 'user', content: JSON.stringify({ segments: batch }) },
    ],
  });
  const choice = (answer as { choices?: Array<{ message?: { content?: unknown }; finish_reason?: unknown }> }).choices?.[0];
  if (choice?.finish_reason === 'length') return { kind: 'unusable', problem: 'the reply was cut short' };
  const content = choice?.message?.content;
  if (typeof content !== 'string') return { kind: 'unusable', problem: 'no message content' };
  return readSegments(content, batch.length);
}

/** Reads a model's reply as `{"segments": [...]}` with exactly `count` strings. */
export function readSegments(content: string, count: number): SegmentsReply {
  // Some models fence JSON in Markdown even when asked for JSON only.
  const json = content.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/u, '$1');
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { kind: 'unusable', problem: 'the reply is not JSON' };
  }
  const segments = (parsed as { segments?: unknown } | null)?.segments;
  if (!Array.isArray(segments) || !segments.every((segment) => typeof segment === 'string')) {
    return { kind: 'unusable', problem: 'the reply has no "segments" list of strings' };
  }
  if (segments.length !== count) return { kind: 'unusable', problem: `${segments.length} segments for ${count}` };
  return { kind: 'ok', segments: segments as string[] };
}

async function requestOpenAi(ctx: OpenAiContext, path: string, body?: unknown): Promise<unknown> {
  const url = joinUrl(ctx.options.url, path);
  const headers: Record<string, string> = ctx.apiKey ? { authorization: `Bearer ${ctx.apiKey}` } : {};
  // OpenAI answers 429 both to "slow down" and to "no credit left"; only the first passes.
  const isTransient = (code: number, text: string) => code >= 500 || (code === 429 && !text.includes('insufficient_quota'));
  const { status, answer } = await sendJsonRequest(ctx, 'openai', { url, headers, body, timeoutMs: ctx.options.timeoutMs, isTransient });
  if (status < 400) return answer;
  const error = (answer as { error?: { message?: unknown } } | undefined)?.error;
  const detail = typeof error?.message === 'string' ? error.message : undefined;
  // A 429 that reaches here is a spent quota (see isTransient); a request over the model's context
  // is about this text, not the engine.
  const isTooLong = status === 400 && /context.length|maximum context|too many tokens/i.test(detail ?? '');
  throw createRefusalError('openai', describeUrl(url), status, detail, adviseOn(ctx, status, isTooLong), isTooLong);
}

function adviseOn(ctx: OpenAiContext, status: number, isTooLong: boolean): string {
  if (isTooLong) return `the text is longer than the model "${ctx.options.model}" takes; the story is tried again later`;
  if (status === 401 || status === 403) return ctx.apiKey ? `check the key in ${ctx.options.apiKeyEnv}` : `this server needs a key; set ${ctx.options.apiKeyEnv}`;
  if (status === 404) return `check engines.openai.url and that the model "${ctx.options.model}" exists there`;
  if (status === 429) return 'the account has no quota left; add credit or wait until it resets';
  return 'check engines.openai.url and engines.openai.model';
}

// GET /models answers { data: [{ id }] }; a server without the list is not held against it.
function findMissingModel(answer: unknown, options: OpenAiOptions): string | null {
  const data = (answer as { data?: unknown }).data;
  if (!Array.isArray(data)) return null;
  const ids = data.map((entry: { id?: unknown }) => String(entry.id));
  if (ids.includes(options.model)) return null;
  return `openai: ${options.url} has no model "${options.model}" (models: ${ids.join(', ') || 'none'}); set engines.openai.model or pull the model`;
}

function isKeyRequired(url: string): boolean {
  try {
    return new URL(url).hostname === 'api.openai.com';
  } catch {
    return false;
  }
}

function nameLanguage(lang: LanguageCode): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(lang) ?? lang;
  } catch {
    return lang;
  }
}
