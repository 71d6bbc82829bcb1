import type { LanguageCode, LanguagePair, TranslationEngine } from '../../domain/types.js';
import { createEngineContext, createHttpEngine, createRefusalError, expectStrings, joinUrl, readStringField, sendJsonRequest } from './http-engine.js';
import type { HttpEngineContext, HttpEngineOptions } from './http-engine.js';
import { describeUrl } from './http-retry.js';
import { decodeHtmlSegment, encodeSegmentAsHtml } from './markup-text.js';

// Google Cloud Translation - Basic (v2): POST /language/translate/v2?key=KEY with `q` as a
// list (at most 128 texts), `format: html`; answers `{ data: { translations: [{ translatedText }] } }`
// with entities in the text. Errors are `{ error: { code, message, errors: [{ reason }], status } }`:
// 400 (a bad key too), 403 (daily quota spent, API not enabled; not retried, the engine stops),
// 403 rateLimitExceeded (a per-minute limit: the story is tried again later), 429 and 5xx (retried).

/** Where the Cloud Translation API is and how to use it. */
export type GoogleOptions = HttpEngineOptions;

const GOOGLE_MAX_TEXTS = 128;
// Google recommends requests well under its 30k code point limit.
const GOOGLE_MAX_CHARS = 25_000;
const TRANSLATE_PATH = 'language/translate/v2';

/** Maps a language tag to Google's code: Chinese by script or region, Portugal's Portuguese kept, otherwise the primary subtag. */
export function toGoogleCode(lang: LanguageCode): string {
  const [primary = lang, region = ''] = lang.toLowerCase().split(/[-_]/);
  if (primary === 'zh') return ['hant', 'tw', 'hk', 'mo'].includes(region) ? 'zh-TW' : 'zh-CN';
  if (primary === 'pt' && region === 'pt') return 'pt-PT';
  return primary;
}

type GoogleContext = HttpEngineContext<GoogleOptions>;

/** Creates the Google Cloud Translation engine; the key is read from `options.env[options.apiKeyEnv]`. */
export function createGoogleEngine(options: GoogleOptions): TranslationEngine {
  const ctx = createEngineContext(options);
  return createHttpEngine({
    id: 'google',
    capabilities: { maxBatch: GOOGLE_MAX_TEXTS, acceptsMarkup: true },
    limits: { maxChars: GOOGLE_MAX_CHARS, concurrency: options.concurrency ?? 4 },
    missingKeyEnv: ctx.apiKey ? undefined : options.apiKeyEnv,
    checkPair: async (pair) => findMissingLanguage(await requestGoogle(ctx, `${TRANSLATE_PATH}/languages`), pair, options.url),
    translateBatch: (batch, pair) => translateBatch(ctx, batch, pair),
  });
}

async function translateBatch(ctx: GoogleContext, batch: readonly string[], pair: LanguagePair): Promise<string[]> {
  const answer = await requestGoogle(ctx, TRANSLATE_PATH, {
    q: batch.map(encodeSegmentAsHtml),
    source: toGoogleCode(pair.from),
    target: toGoogleCode(pair.to),
    format: 'html',
  });
  const translations = (answer as { data?: { translations?: unknown } }).data?.translations;
  const texts = Array.isArray(translations) ? translations.map((entry: unknown) => readStringField(entry, 'translatedText')) : translations;
  return expectStrings('google', texts, batch.length, describeUrl(joinUrl(ctx.options.url, TRANSLATE_PATH))).map(decodeHtmlSegment);
}

async function requestGoogle(ctx: GoogleContext, path: string, body?: unknown): Promise<unknown> {
  const url = `${joinUrl(ctx.options.url, path)}?key=${encodeURIComponent(ctx.apiKey ?? '')}`;
  const request = { url, body, contentType: 'application/json; charset=utf-8', timeoutMs: ctx.options.timeoutMs };
  const { status, answer } = await sendJsonRequest(ctx, 'google', request);
  if (status < 400) return answer;
  const error = (answer as { error?: { message?: unknown; errors?: Array<{ reason?: unknown }> } } | undefined)?.error;
  const reason = String(error?.errors?.[0]?.reason ?? '');
  const detail = [readStringField(error, 'message'), reason].filter(Boolean).join(', ') || undefined;
  // rateLimitExceeded and userRateLimitExceeded are per-minute limits that pass; dailyLimitExceeded
  // and quotaExceeded last until the quota resets or is raised.
  const isRateLimit = /ratelimitexceeded/i.test(reason);
  const isQuota = !isRateLimit && /limit|quota/i.test(reason);
  throw createRefusalError('google', describeUrl(url), status, detail, adviseOn(ctx, status, detail ?? '', isQuota, isRateLimit), isRateLimit);
}

function adviseOn(ctx: GoogleContext, status: number, detail: string, isQuota: boolean, isRateLimit: boolean): string {
  if (isRateLimit) return 'the per-minute limit of the Google Cloud project is reached; the story is tried again later';
  if (isQuota) return 'the quota of the Google Cloud project is spent; raise it in the console or wait until it resets';
  if (/key/i.test(detail) || status === 401 || status === 403) {
    return `check the key in ${ctx.options.apiKeyEnv} and that the Cloud Translation API is enabled for its project`;
  }
  return 'check the language pair (relais doctor lists what the service offers)';
}

// GET /language/translate/v2/languages answers { data: { languages: [{ language: 'fr' }] } }.
function findMissingLanguage(answer: unknown, pair: LanguagePair, url: string): string | null {
  const listed = (answer as { data?: { languages?: unknown } }).data?.languages;
  const codes = Array.isArray(listed) ? listed.map((entry: unknown) => readStringField(entry, 'language')) : [];
  const missing = [toGoogleCode(pair.from), toGoogleCode(pair.to)].filter((code) => !codes.includes(code));
  if (missing.length === 0) return null;
  return `google: ${url} does not list ${missing.join(', ')} among its languages`;
}
