import { describeError, TranslateError } from '../../domain/errors.js';
import { mapWithConcurrency } from '../../util/concurrency.js';
import type { EngineCapabilities, HttpClient, LanguagePair, TranslationEngine } from '../../domain/types.js';
import { DEFAULT_RETRY_POLICY, describeUrl, sendEngineRequest } from './http-retry.js';
import type { EngineRequest, EngineResponse, RetryPolicy } from './http-retry.js';

// What the HTTP engines (libretranslate, deepl, google, openai) share: keys from the
// environment, batches sized to the service, bounded parallel requests, JSON answers.

/** Environment variables as the engines read them (process.env or a test's own object). */
export type EnvVars = Readonly<Record<string, string | undefined>>;

/** What every HTTP engine is configured with. */
export interface HttpEngineOptions {
  /** The service's base URL. */
  url: string;
  /** The client requests go through; it must allow the origin of `url`. */
  http: HttpClient;
  /** The environment variable holding the API key. */
  apiKeyEnv: string;
  env: EnvVars;
  /** Longest wait for one answer, in ms. */
  timeoutMs: number;
  /** Requests in flight at once (each engine has its default). */
  concurrency?: number;
  /** Overrides of DEFAULT_RETRY_POLICY. */
  retry?: Partial<RetryPolicy>;
}

/** An HTTP engine's settings with its key read and its retry policy complete. */
export interface HttpEngineContext<O extends HttpEngineOptions> {
  options: O;
  apiKey: string | undefined;
  policy: RetryPolicy;
}

/** Reads the key from the environment once, at engine creation, and completes the retry policy. */
export function createEngineContext<O extends HttpEngineOptions>(options: O): HttpEngineContext<O> {
  return { options, apiKey: readApiKey(options.env, options.apiKeyEnv), policy: { ...DEFAULT_RETRY_POLICY, ...options.retry } };
}

/** How one engine cuts work into requests. */
export interface BatchLimits {
  /** Most segments per request (the service's documented limit). */
  maxSegments: number;
  /** Most characters per request, so a request stays under the service's body limit. */
  maxChars: number;
  /** Requests in flight at once. */
  concurrency: number;
}

/** What one HTTP engine brings; `createHttpEngine` adds the key check, batching and error handling. */
export interface HttpEngineParts {
  id: string;
  capabilities: EngineCapabilities;
  /** Characters per request and requests in flight; segments per request is `capabilities.maxBatch`. */
  limits: Omit<BatchLimits, 'maxSegments'>;
  /** The variable to set when a key the engine needs is absent; undefined when it can run. */
  missingKeyEnv: string | undefined;
  /** Asks the service whether it serves the pair; resolves to a problem or null. */
  checkPair(pair: LanguagePair): Promise<string | null>;
  /** Translates one batch (within the limits); one result per segment. */
  translateBatch(batch: string[], pair: LanguagePair): Promise<string[]>;
}

/** Assembles a TranslationEngine from an HTTP engine's parts. */
export function createHttpEngine(parts: HttpEngineParts): TranslationEngine {
  const { id, capabilities, missingKeyEnv } = parts;
  const limits: BatchLimits = { ...parts.limits, maxSegments: capabilities.maxBatch };
  return {
    id,
    capabilities,
    async check(pair) {
      if (missingKeyEnv) return describeMissingKey(id, missingKeyEnv);
      try {
        return await parts.checkPair(pair);
      } catch (error) {
        return describeCheckFailure(error);
      }
    },
    async translate(segments, pair) {
      if (missingKeyEnv) throw createMissingKeyError(id, missingKeyEnv);
      return translateInBatches(segments, limits, (batch) => parts.translateBatch(batch, pair));
    },
    async close() {
      // Nothing held: the HTTP client belongs to whoever passed it in.
    },
  };
}

/** A JSON request: GET without a body, POST with one. */
export interface JsonRequest extends Pick<EngineRequest, 'url' | 'timeoutMs' | 'isTransient'> {
  headers?: Record<string, string>;
  body?: unknown;
  /** Content type of the body (default application/json). */
  contentType?: string;
}

/** Sends a JSON request with retries and parses the answer; the status is left to the engine. */
export async function sendJsonRequest(
  ctx: HttpEngineContext<HttpEngineOptions>,
  engine: string,
  request: JsonRequest,
): Promise<{ status: number; answer: unknown }> {
  const hasBody = request.body !== undefined;
  const headers = { ...request.headers, ...(hasBody ? { 'content-type': request.contentType ?? 'application/json' } : {}) };
  const response = await sendEngineRequest(
    ctx.options.http,
    engine,
    {
      url: request.url,
      method: hasBody ? 'POST' : 'GET',
      headers,
      body: hasBody ? JSON.stringify(request.body) : undefined,
      timeoutMs: request.timeoutMs,
      ...(request.isTransient ? { isTransient: request.isTransient } : {}),
    },
    ctx.policy,
  );
  return { status: response.status, answer: parseJsonAnswer(engine, response, describeUrl(request.url)) };
}

/** Reads the API key from the variable `name`; blank counts as absent. */
function readApiKey(env: EnvVars, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** The problem of an engine whose key is not set, as `check` reports it: says which variable to set. */
function describeMissingKey(engine: string, envName: string): string {
  return `${engine}: no API key; set ${envName}`;
}

/** The failure of an engine whose key is not set; says which variable to set. */
function createMissingKeyError(engine: string, envName: string): TranslateError {
  return new TranslateError(engine, `no API key; set ${envName}`, { retryable: false });
}

/**
 * Translates `segments` in batches within `limits`, several requests at once; blank segments
 * are not sent and come back as they were. The result has one entry per segment, in order.
 */
async function translateInBatches(
  segments: readonly string[],
  limits: BatchLimits,
  translateBatch: (batch: string[]) => Promise<string[]>,
): Promise<string[]> {
  const indexes = segments.flatMap((segment, i) => (segment.trim().length > 0 ? [i] : []));
  const batches = packBatches(indexes, segments, limits);
  const translated = await mapWithConcurrency(batches, limits.concurrency, (batch) => translateBatch(batch.map((i) => segments[i] ?? '')));
  const result = [...segments];
  batches.forEach((batch, b) => batch.forEach((segmentIndex, i) => (result[segmentIndex] = translated[b]?.[i] ?? '')));
  return result;
}

function packBatches(indexes: readonly number[], segments: readonly string[], limits: BatchLimits): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let chars = 0;
  for (const index of indexes) {
    const size = segments[index]?.length ?? 0;
    if (current.length > 0 && (current.length >= limits.maxSegments || chars + size > limits.maxChars)) {
      batches.push(current);
      current = [];
      chars = 0;
    }
    current.push(index);
    chars += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Parses a JSON answer. A success that is not JSON means the URL is not the service; an error
 * answer that is not JSON (a proxy's page, an empty 456) gives undefined: its status says enough.
 */
function parseJsonAnswer(engine: string, response: EngineResponse, shownUrl: string): unknown {
  try {
    return JSON.parse(response.text) as unknown;
  } catch (error) {
    if (response.status >= 400) return undefined;
    throw new TranslateError(engine, `${shownUrl} answered HTTP ${response.status} with something that is not JSON; check engines.${engine}.url (is it a ${engine} server?)`, {
      cause: error,
      retryable: false,
    });
  }
}

/** A failure as `check` reports it: the engine and what happened, without the stage prefix. */
export function describeCheckFailure(error: unknown): string {
  return error instanceof TranslateError ? `${error.engine}: ${error.detail}` : describeError(error);
}

/** Joins a service base URL (with or without a trailing slash) and a path. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** Reads `value[key]` when it is a string. */
export function readStringField(value: unknown, key: string): string | undefined {
  const field = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof field === 'string' ? field : undefined;
}

/** Checks an engine returned one string per segment it was sent; anything else is a faulty answer. */
export function expectStrings(engine: string, value: unknown, count: number, shownUrl: string): string[] {
  if (Array.isArray(value) && value.length === count && value.every((item) => typeof item === 'string')) return value as string[];
  const got = Array.isArray(value) ? `${value.length} entries` : typeof value;
  throw new TranslateError(engine, `${shownUrl} answered ${got} for ${count} segments; check engines.${engine}.url (is it a ${engine} server?)`, {
    retryable: false,
  });
}

/** The failure of a request the service refused (4xx that retrying would not change). */
export function createRefusalError(
  engine: string,
  shownUrl: string,
  status: number,
  detail: string | undefined,
  advice: string,
  retryable = false,
): TranslateError {
  const said = detail ? `: ${detail}` : '';
  return new TranslateError(engine, `${shownUrl} refused the request (HTTP ${status}${said}); ${advice}`, { retryable });
}
