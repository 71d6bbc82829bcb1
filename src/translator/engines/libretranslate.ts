import type { LanguageCode, LanguagePair, TranslationEngine } from '../../domain/types.js';
import { createEngineContext, createHttpEngine, createRefusalError, expectStrings, joinUrl, readStringField, sendJsonRequest } from './http-engine.js';
import type { HttpEngineContext, HttpEngineOptions } from './http-engine.js';
import { describeUrl } from './http-retry.js';
import { decodeHtmlSegment, encodeSegmentAsHtml } from './markup-text.js';

// LibreTranslate (POST /translate, JSON): `q` as an array translates several texts in one
// request and `translatedText` comes back as an array; `format: html` keeps tags. A key is
// optional (self-hosted servers often need none). Errors are `{ error }` with 400, 403
// (banned or bad key), 429 (slow down) and 500; 400 and 403 stop the engine until someone acts.

/** Where the LibreTranslate server is and how to talk to it. */
export interface LibreTranslateOptions extends HttpEngineOptions {
  /** Most segments per request (default 25; servers may set --batch-limit). */
  maxBatch?: number;
}

/** Maps a language tag to LibreTranslate's code (`zh-TW` → `zt`, otherwise the primary subtag). */
export function toLibreTranslateCode(lang: LanguageCode): string {
  const [primary = lang, region = ''] = lang.toLowerCase().split(/[-_]/);
  if (primary === 'zh' && ['hant', 'tw', 'hk', 'mo'].includes(region)) return 'zt';
  return primary;
}

type LibreContext = HttpEngineContext<LibreTranslateOptions>;

/** Creates the LibreTranslate engine for the server at `options.url`. */
export function createLibreTranslateEngine(options: LibreTranslateOptions): TranslationEngine {
  const ctx = createEngineContext(options);
  return createHttpEngine({
    id: 'libretranslate',
    capabilities: { maxBatch: options.maxBatch ?? 25, acceptsMarkup: true },
    limits: { maxChars: 20_000, concurrency: options.concurrency ?? 2 },
    missingKeyEnv: undefined,
    checkPair: async (pair) => findMissingPair(await requestLibre(ctx, 'languages'), pair, options.url),
    translateBatch: (batch, pair) => translateBatch(ctx, batch, pair),
  });
}

async function translateBatch(ctx: LibreContext, batch: readonly string[], pair: LanguagePair): Promise<string[]> {
  const answer = await requestLibre(ctx, 'translate', {
    q: batch.map(encodeSegmentAsHtml),
    source: toLibreTranslateCode(pair.from),
    target: toLibreTranslateCode(pair.to),
    format: 'html',
    ...(ctx.apiKey ? { api_key: ctx.apiKey } : {}),
  });
  const translated = (answer as { translatedText?: unknown }).translatedText;
  return expectStrings('libretranslate', translated, batch.length, describeUrl(joinUrl(ctx.options.url, 'translate'))).map(decodeHtmlSegment);
}

// A 4xx answer becomes a failure that says what to change.
async function requestLibre(ctx: LibreContext, path: string, body?: unknown): Promise<unknown> {
  const url = joinUrl(ctx.options.url, path);
  const { status, answer } = await sendJsonRequest(ctx, 'libretranslate', { url, body, timeoutMs: ctx.options.timeoutMs });
  if (status < 400) return answer;
  const detail = readStringField(answer, 'error');
  throw createRefusalError('libretranslate', describeUrl(url), status, detail, adviseOn(ctx, status, detail));
}

function adviseOn(ctx: LibreContext, status: number, detail: string | undefined): string {
  const isAboutKey = status === 403 || /api key/i.test(detail ?? '');
  if (!isAboutKey) return 'check the language pair (relais doctor lists what the server offers) and engines.libretranslate.url';
  return ctx.apiKey ? `check the key in ${ctx.options.apiKeyEnv}` : `this server needs a key; set ${ctx.options.apiKeyEnv}`;
}

// GET /languages answers [{ code, name, targets: [...] }].
function findMissingPair(answer: unknown, pair: LanguagePair, url: string): string | null {
  const languages = Array.isArray(answer) ? (answer as Array<{ code?: unknown; targets?: unknown }>) : [];
  const from = toLibreTranslateCode(pair.from);
  const to = toLibreTranslateCode(pair.to);
  const source = languages.find((language) => language.code === from);
  if (source && Array.isArray(source.targets) && source.targets.includes(to)) return null;
  const known = languages.map((language) => String(language.code)).join(', ') || 'none';
  return `libretranslate: no ${from}→${to} at ${url} (languages: ${known}); load the models for the pair on the server (--load-only)`;
}
