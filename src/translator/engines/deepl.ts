import type { LanguageCode, LanguagePair, TranslationEngine } from '../../domain/types.js';
import {
  createMissingKeyError,
  describeMissingKey,
  createRefusalError,
  expectStrings,
  joinUrl,
  parseJsonAnswer,
  readApiKey,
  readStringField,
  translateInBatches,
} from './http-engine.js';
import type { EnvVars } from './http-engine.js';
import { DEFAULT_RETRY_POLICY, describeUrl, sendEngineRequest } from './http-retry.js';
import type { RetryPolicy } from './http-retry.js';
import { decodeHtmlSegment, encodeSegmentAsHtml } from './markup-text.js';

// DeepL API v2 (POST /v2/translate, JSON, `Authorization: DeepL-Auth-Key KEY`): up to 50
// texts per request, at most 128 KiB of body; `tag_handling: html` keeps tags. Errors:
// 403 bad key, 456 quota exceeded (neither is retried), 429 and 5xx (retried).

/** Where the DeepL API is and how to use it. */
export interface DeeplOptions {
  /** https://api-free.deepl.com for free keys (ending in :fx), https://api.deepl.com otherwise. */
  url: string;
  apiKeyEnv: string;
  env: EnvVars;
  timeoutMs: number;
  formality: 'default' | 'more' | 'less' | 'prefer_more' | 'prefer_less';
  /** A glossary made in DeepL for the pair (requires the source language, which relais always sends). */
  glossaryId?: string;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  retry?: Partial<RetryPolicy>;
}

const DEEPL_MAX_TEXTS = 50;
// 128 KiB per request, documented; characters may take several bytes.
const DEEPL_MAX_CHARS = 30_000;

/** Maps a language tag to DeepL's source language code (`en` → `EN`). */
export function toDeeplSourceCode(lang: LanguageCode): string {
  return (lang.split(/[-_]/)[0] ?? lang).toUpperCase();
}

/** Maps a language tag to DeepL's target code: English and Portuguese need a variant, Chinese a script. */
export function toDeeplTargetCode(lang: LanguageCode): string {
  const [primary = lang, region = ''] = lang.toUpperCase().split(/[-_]/);
  if (primary === 'EN') return region === 'GB' || region === 'UK' ? 'EN-GB' : 'EN-US';
  if (primary === 'PT') return region === 'BR' ? 'PT-BR' : 'PT-PT';
  if (primary === 'ZH') return ['HANT', 'TW', 'HK', 'MO'].includes(region) ? 'ZH-HANT' : 'ZH-HANS';
  return primary;
}

interface DeeplContext {
  options: DeeplOptions;
  apiKey: string;
  policy: RetryPolicy;
}

/** Creates the DeepL engine; the key is read from `options.env[options.apiKeyEnv]`. */
export function createDeeplEngine(options: DeeplOptions): TranslationEngine {
  const apiKey = readApiKey(options.env, options.apiKeyEnv);
  const ctx = apiKey ? { options, apiKey, policy: { ...DEFAULT_RETRY_POLICY, ...options.retry } } : undefined;
  return {
    id: 'deepl',
    capabilities: { maxBatch: DEEPL_MAX_TEXTS, acceptsMarkup: true },
    async check(pair) {
      if (!ctx) return describeMissingKey('deepl', options.apiKeyEnv);
      try {
        return findMissingTarget(await requestDeepl(ctx, 'v2/languages?type=target'), pair, options.url);
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    },
    async translate(segments, pair) {
      if (!ctx) throw createMissingKeyError('deepl', options.apiKeyEnv);
      const limits = { maxSegments: DEEPL_MAX_TEXTS, maxChars: DEEPL_MAX_CHARS, concurrency: options.concurrency ?? 4 };
      return translateInBatches(segments, limits, (batch) => translateBatch(ctx, batch, pair));
    },
    async close() {
      // Nothing held: every request is its own fetch.
    },
  };
}

async function translateBatch(ctx: DeeplContext, batch: readonly string[], pair: LanguagePair): Promise<string[]> {
  const { formality, glossaryId } = ctx.options;
  const answer = await requestDeepl(ctx, 'v2/translate', {
    text: batch.map(encodeSegmentAsHtml),
    source_lang: toDeeplSourceCode(pair.from),
    target_lang: toDeeplTargetCode(pair.to),
    tag_handling: 'html',
    ...(formality === 'default' ? {} : { formality }),
    ...(glossaryId ? { glossary_id: glossaryId } : {}),
  });
  const translations = (answer as { translations?: unknown }).translations;
  const texts = Array.isArray(translations) ? translations.map((entry: unknown) => readStringField(entry, 'text')) : translations;
  return expectStrings('deepl', texts, batch.length, describeUrl(joinUrl(ctx.options.url, 'v2/translate'))).map(decodeHtmlSegment);
}

async function requestDeepl(ctx: DeeplContext, path: string, body?: unknown): Promise<unknown> {
  const url = joinUrl(ctx.options.url, path);
  const headers: Record<string, string> = { authorization: `DeepL-Auth-Key ${ctx.apiKey}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await sendEngineRequest(
    'deepl',
    { url, method: body === undefined ? 'GET' : 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body), timeoutMs: ctx.options.timeoutMs },
    ctx.policy,
  );
  const answer = parseJsonAnswer('deepl', response, describeUrl(url));
  if (response.status < 400) return answer;
  const detail = readStringField(answer, 'message');
  if (response.status === 456) {
    throw createRefusalError('deepl', describeUrl(url), 456, detail ?? 'quota exceeded', 'the character quota of this billing period is spent; raise it in the DeepL account or wait for the next period', true);
  }
  throw createRefusalError('deepl', describeUrl(url), response.status, detail, adviseOn(ctx, response.status));
}

function adviseOn(ctx: DeeplContext, status: number): string {
  if (status === 401 || status === 403) {
    return `check the key in ${ctx.options.apiKeyEnv} (keys ending in :fx belong to https://api-free.deepl.com, others to https://api.deepl.com)`;
  }
  if (status === 404) return 'check engines.deepl.url and engines.deepl.glossary_id';
  return 'check the language pair and engines.deepl settings';
}

// GET /v2/languages?type=target answers [{ language: 'FR', name: 'French', supports_formality: true }].
function findMissingTarget(answer: unknown, pair: LanguagePair, url: string): string | null {
  const languages = Array.isArray(answer) ? answer.map((entry: unknown) => readStringField(entry, 'language')?.toUpperCase()) : [];
  const target = toDeeplTargetCode(pair.to);
  if (languages.includes(target) || languages.includes(target.split('-')[0])) return null;
  return `deepl: ${url} does not translate into ${target} (targets: ${languages.join(', ') || 'none'})`;
}
