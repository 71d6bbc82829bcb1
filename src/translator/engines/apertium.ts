import { TranslateError } from '../../domain/errors.js';
import type { HttpClient, LanguageCode, LanguagePair, TranslationEngine } from '../../domain/types.js';
import { requestApy } from './apertium-http.js';
import { mapWithConcurrency } from '../../util/concurrency.js';
import { describeCheckFailure } from './http-engine.js';
import type { ApyClientOptions } from './apertium-http.js';

// Apertium through its APy server: direct pairs with /translate, pivots (eng→spa→fra) with
// /translateChain. APy translates one text per request, so several segments travel together
// as numbered paragraphs; a reply that lost one is redone one segment per request.

/** Where APy listens and how to talk to it. */
export interface ApertiumOptions {
  url: string;
  /** The client requests go through; it must allow the origin of `url`. */
  http: HttpClient;
  timeoutMs: number;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Extra attempts on 5xx, timeouts and refused connections (default 2). */
  retries?: number;
  /** Wait before the first retry in ms, doubled each time (default 250). */
  backoffMs?: number;
  /** Most characters joined into one request (default 2000). */
  maxCharsPerRequest?: number;
}

type Route = { kind: 'direct'; langpair: string } | { kind: 'chain'; langpairs: string };

// APy names languages by ISO 639-3 codes.
const ISO_639_3: Readonly<Record<string, string>> = {
  af: 'afr', an: 'arg', ar: 'ara', ast: 'ast', be: 'bel', bg: 'bul', br: 'bre', ca: 'cat', cs: 'ces',
  cy: 'cym', da: 'dan', de: 'deu', el: 'ell', en: 'eng', eo: 'epo', es: 'spa', et: 'est', eu: 'eus',
  fa: 'fas', fi: 'fin', fr: 'fra', ga: 'gle', gl: 'glg', he: 'heb', hi: 'hin', hr: 'hrv', hu: 'hun',
  id: 'ind', is: 'isl', it: 'ita', ja: 'jpn', kk: 'kaz', ko: 'kor', lt: 'lit', lv: 'lav', mk: 'mkd',
  ms: 'msa', mt: 'mlt', nb: 'nob', nl: 'nld', nn: 'nno', no: 'nob', oc: 'oci', pl: 'pol', pt: 'por',
  ro: 'ron', ru: 'rus', sc: 'srd', sk: 'slk', sl: 'slv', sq: 'sqi', sr: 'srp', sv: 'swe', tr: 'tur',
  uk: 'ukr', ur: 'urd', zh: 'zho',
};

/** Maps a language tag (`en`, `pt-BR`, `eng`) to the ISO 639-3 code APy uses. */
export function toApertiumCode(lang: LanguageCode): string {
  const primary = lang.toLowerCase().split(/[-_]/)[0] ?? lang;
  return ISO_639_3[primary] ?? primary;
}

/** Creates the Apertium engine for an APy server at `url`. */
export function createApertiumEngine(options: ApertiumOptions): TranslationEngine {
  const client: ApyClientOptions = {
    url: options.url,
    http: options.http,
    timeoutMs: options.timeoutMs,
    retries: options.retries ?? 2,
    backoffMs: options.backoffMs ?? 250,
  };
  const findRouteOnce = createRouteCache(client);
  return {
    id: 'apertium',
    capabilities: { maxBatch: 64, acceptsMarkup: true },
    async check(pair) {
      try {
        const route = await findRouteOnce(pair);
        return typeof route === 'string' ? `apertium: ${route}` : null;
      } catch (error) {
        return describeCheckFailure(error);
      }
    },
    async translate(segments, pair) {
      const route = await findRouteOnce(pair);
      if (typeof route === 'string') throw new TranslateError('apertium', route, { retryable: false });
      const batches = packBatches(segments, options.maxCharsPerRequest ?? 2000);
      const translated = await mapWithConcurrency(batches, options.concurrency ?? 4, (batch) =>
        translateBatch(client, route, batch),
      );
      return translated.flat().map((text, i) => cleanOutput(text, segments[i] ?? ''));
    },
    async close() {
      // Nothing held: the HTTP client belongs to whoever passed it in.
    },
  };
}

// One /listPairs per pair and engine; a lookup that failed is forgotten (the server may be up next time).
function createRouteCache(client: ApyClientOptions): (pair: LanguagePair) => Promise<Route | string> {
  const routes = new Map<string, Promise<Route | string>>();
  return (pair) => {
    const key = `${pair.from}|${pair.to}`;
    let route = routes.get(key);
    if (!route) {
      route = findRoute(client, pair);
      routes.set(key, route);
      route.catch(() => routes.delete(key));
    }
    return route;
  };
}

async function findRoute(client: ApyClientOptions, pair: LanguagePair): Promise<Route | string> {
  const from = toApertiumCode(pair.from);
  const to = toApertiumCode(pair.to);
  const answer = await requestApy(client, 'listPairs');
  const pairs = answer.kind === 'ok' && Array.isArray(answer.data) ? (answer.data as Array<Record<string, unknown>>) : [];
  const edges = pairs.map((p) => [String(p.sourceLanguage), String(p.targetLanguage)] as const);
  if (edges.some(([source, target]) => source === from && target === to)) return { kind: 'direct', langpair: `${from}|${to}` };
  if (hasPath(edges, from, to)) return { kind: 'chain', langpairs: `${from}|${to}` };
  return (
    `no pair or chain for ${pair.from}→${pair.to} at ${client.url}; install the pair package ` +
    `(apt-get install apertium-${pair.from}-${pair.to}, or pairs that pivot through a third language; apt-cache search apertium lists them)`
  );
}

function hasPath(edges: ReadonlyArray<readonly [string, string]>, from: string, to: string): boolean {
  const reached = new Set([from]);
  const queue = [from];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    for (const [source, target] of edges) {
      if (source !== current || reached.has(target)) continue;
      if (target === to) return true;
      reached.add(target);
      queue.push(target);
    }
  }
  return false;
}

// A segment holding markup of its own that could close the paragraph wrapper goes alone.
function packBatches(segments: readonly string[], maxChars: number): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const segment of segments) {
    const isAlone = /<\/?p\b/i.test(segment);
    if (current.length > 0 && (isAlone || size + segment.length > maxChars)) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(segment);
    size += segment.length + 1;
    if (isAlone) {
      batches.push(current);
      current = [];
      size = 0;
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

// Each segment travels as its own numbered paragraph: a paragraph is a sentence boundary for
// Apertium's HTML deformatter, whereas across a bare newline transfer rules move words
// ("What we know\nThe talks…" came back as "Qu'est-ce que nous\nsavons Le début…").
async function translateBatch(client: ApyClientOptions, route: Route, batch: readonly string[]): Promise<string[]> {
  if (batch.length === 1) return [await translateOne(client, route, batch[0] ?? '')];
  const joined = batch.map((segment, i) => `<p id="s${i}">${segment}</p>`).join('\n');
  const translated = await translateOne(client, route, joined);
  const byIndex = new Map<number, string>();
  for (const match of translated.matchAll(/<p id="s(\d+)">([\s\S]*?)<\/p>/g)) byIndex.set(Number(match[1]), match[2] ?? '');
  if (byIndex.size === batch.length && batch.every((_, i) => byIndex.has(i))) return batch.map((_, i) => byIndex.get(i) ?? '');
  // Paragraphs were lost or merged: redo this batch one segment per request.
  return mapWithConcurrency(batch, 4, (segment) => translateOne(client, route, segment));
}

async function translateOne(client: ApyClientOptions, route: Route, text: string): Promise<string> {
  if (text.trim().length === 0) return text;
  const form = new URLSearchParams({ q: text, markUnknown: 'no' });
  if (route.kind === 'direct') form.set('langpair', route.langpair);
  else form.set('langpairs', route.langpairs);
  const answer = await requestApy(client, route.kind === 'direct' ? 'translate' : 'translateChain', form);
  if (answer.kind === 'refused') throw createApyRefusalError(client, answer.explanation);
  const translated = (answer.data as { translatedText?: unknown } | undefined)?.translatedText;
  if (typeof translated !== 'string') {
    throw new TranslateError('apertium', `${client.url} answered without translatedText; check engines.apertium.url (is it an Apertium APy server?)`, {
      retryable: false,
    });
  }
  return translated;
}

// APy refuses a pair it has no mode for ("That pair is not installed", "No path found"): the
// engine cannot serve the pair. Any other refusal is about this text: that story alone fails, to be tried again later.
function createApyRefusalError(client: ApyClientOptions, explanation: string): TranslateError {
  if (/\bpair\b|\bpath\b|\bmode\b/i.test(explanation)) {
    return new TranslateError('apertium', `${client.url} has no mode for the pair (${explanation}); install the pair package (apt-cache search apertium lists them)`, {
      retryable: false,
    });
  }
  return new TranslateError('apertium', `${client.url} refused the text (${explanation})`, { retryable: true });
}

// Unknown words keep Apertium's marks through chains (*word, #word, @word) even with
// markUnknown=no; the marks are dropped unless the source had them.
function cleanOutput(translated: string, source: string): string {
  let text = translated;
  for (const mark of ['*', '#', '@']) {
    if (source.includes(mark)) continue;
    text = text.split(mark).join('');
  }
  return text.replace(/[ \t]{2,}/g, ' ').trim();
}
