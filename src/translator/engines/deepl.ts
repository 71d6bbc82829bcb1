import type { LanguageCode, LanguagePair, TranslationEngine } from '../../domain/types.js';
import { createEngineContext, createHttpEngine, createRefusalError, expectStrings, joinUrl, readStringField, sendJsonRequest } from './http-engine.js';
import type { HttpEngineContext, HttpEngineOptions } from './http-engine.js';
import { describeUrl } from './http-retry.js';
import { decodeHtmlSegment, encodeSegmentAsHtml } from './markup-text.js';

// DeepL API v2 (POST /v2/translate, JSON, `Authorization: DeepL-Auth-Key KEY`): up to 50
// texts per request, at most 128 KiB of body; `tag_handling: html` keeps tags. Errors:
// 403 bad key, 456 quota exceeded (neither is retried, and both stop the engine until someone
// acts), 429 and 5xx (retried).

/** Where the DeepL API is (https://api-free.deepl.com for keys ending in :fx, https://api.deepl.com otherwise) and how to use it. */
export interface DeeplOptions extends HttpEngineOptions {
  formality: 'default' | 'more' | 'less' | 'prefer_more' | 'prefer_less';
  /** A glossary made in DeepL for the pair (requires the source language, which relais always sends). */
  glossaryId?: string;
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

type DeeplContext = HttpEngineContext<DeeplOptions>;

/** Creates the DeepL engine; the key is read from `options.env[options.apiKeyEnv]`. */
export function createDeeplEngine(options: DeeplOptions): TranslationEngine {
  const ctx = createEngineContext(options);
  return createHttpEngine({
    id: 'deepl',
    capabilities: { maxBatch: DEEPL_MAX_TEXTS, acceptsMarkup: true },
    limits: { maxChars: DEEPL_MAX_CHARS, concurrency: options.concurrency ?? 4 },
    missingKeyEnv: ctx.apiKey ? undefined : options.apiKeyEnv,
    checkPair: async (pair) => findMissingTarget(await requestDeepl(ctx, 'v2/languages?type=target'), pair, options.url),
    translateBatch: (batch, pair) => translateBatch(ctx, batch, pair),
  });
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
  const headers = { authorization: `DeepL-Auth-Key ${ctx.apiKey ?? ''}` };
  const { status, answer } = await sendJsonRequest(ctx, 'deepl', { url, headers, body, timeoutMs: ctx.options.timeoutMs });
  if (status < 400) return answer;
  const detail = readStringField(answer, 'message');
  if (status === 456) {
    const advice = 'the character quota of this billing period is spent; raise it in the DeepL account or wait for the next period';
    throw createRefusalError('deepl', describeUrl(url), 456, detail ?? 'quota exceeded', advice);
  }
  throw createRefusalError('deepl', describeUrl(url), status, detail, adviseOn(ctx, status));
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
