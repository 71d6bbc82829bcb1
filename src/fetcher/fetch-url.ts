// One fetch: a chain of hops, each a plain GET through the guarded dispatcher, redirects
// followed by hand so every hop's scheme and address are checked again.
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'undici';
import type { Dispatcher } from 'undici';
import { FetchError } from '../domain/errors.js';
import type { FetchOutcome, Validators } from '../domain/types.js';
import type { HostLimiter } from './host-limiter.js';
import { toFetchError } from './map-fetch-error.js';
import type { TimeoutLimits } from './map-fetch-error.js';
import { acceptedEncodings, discardBody, parseContentEncoding, readBody } from './read-body.js';
import { parseRetryAfter } from './retry-after.js';

/** Per-call choices of `fetchUrl`. */
export interface FetchUrlOptions {
  /** Validators from the previous fetch, sent as If-None-Match / If-Modified-Since. */
  validators?: Validators;
  /** The Accept header (default: any type). */
  accept?: string;
  /** A cap on decompressed body bytes lower or higher than the fetcher's. */
  maxBytes?: number;
}

/** What a fetch runs with: the fetcher's dispatcher, limiter and settings. */
export interface FetchContext {
  dispatcher: Dispatcher;
  limiter: HostLimiter;
  limits: TimeoutLimits;
  maxRedirects: number;
  maxBytes: number;
  userAgent: string;
}

type HopResult = FetchOutcome | { kind: 'redirect'; location: string };

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/** Parses a URL and insists on http or https. */
export function parseFetchableUrl(text: string, referrer?: string): URL {
  let url: URL;
  try {
    url = new URL(text, referrer);
  } catch (error) {
    throw new FetchError('bad-url', text, 'not a valid URL; check the source configuration', { cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    const where = referrer ? `redirect from ${referrer} to a ${url.protocol} URL` : `${url.protocol} URL`;
    throw new FetchError('bad-url', url.href, `refused ${where}: only http and https are fetched`);
  }
  url.hash = '';
  return url;
}

/** Fetches one URL: follows up to `maxRedirects` redirects, sends validators, caps the body. */
export async function fetchUrl(context: FetchContext, url: string, options: FetchUrlOptions = {}): Promise<FetchOutcome> {
  let current = parseFetchableUrl(url);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  // The clock starts with the first request, not while waiting in the per-host queue.
  const startClock = (): void => {
    timer ??= setTimeout(() => controller.abort(), context.limits.totalTimeoutMs);
  };
  try {
    for (let redirects = 0; ; redirects += 1) {
      const hopUrl = current;
      const hop = (): Promise<HopResult> => {
        startClock();
        return requestHop(context, hopUrl, options, controller.signal);
      };
      const result = await context.limiter.run(hopUrl.hostname, hop).catch((error: unknown) => {
        throw toFetchError(error, hopUrl.href, context.limits, controller.signal.aborted);
      });
      if (result.kind !== 'redirect') return result;
      if (redirects >= context.maxRedirects) {
        const message = `more than ${context.maxRedirects} redirects (fetch.max_redirects); the site may be looping`;
        throw new FetchError('too-many-redirects', url, message);
      }
      current = parseFetchableUrl(result.location, hopUrl.href);
    }
  } finally {
    clearTimeout(timer);
  }
}

function buildHeaders(context: FetchContext, options: FetchUrlOptions): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': context.userAgent,
    accept: options.accept ?? '*/*',
    'accept-encoding': acceptedEncodings,
  };
  if (options.validators?.etag) headers['if-none-match'] = options.validators.etag;
  if (options.validators?.lastModified) headers['if-modified-since'] = options.validators.lastModified;
  return headers;
}

async function requestHop(context: FetchContext, url: URL, options: FetchUrlOptions, signal: AbortSignal): Promise<HopResult> {
  const response = await request(url, {
    dispatcher: context.dispatcher,
    method: 'GET',
    headers: buildHeaders(context, options),
    headersTimeout: context.limits.responseTimeoutMs,
    bodyTimeout: context.limits.responseTimeoutMs,
    signal,
  });
  const { statusCode: status, headers, body } = response;
  if (status >= 200 && status < 300) return readFreshResponse(context, url, response, options.maxBytes ?? context.maxBytes);
  await body.dump();
  if (status === 304) return { kind: 'not-modified', url: url.href };
  const location = readHeader(headers, 'location');
  if (redirectStatuses.has(status) && location) return { kind: 'redirect', location };
  throw createStatusError(url.href, status, headers);
}

async function readFreshResponse(
  context: FetchContext,
  url: URL,
  response: Dispatcher.ResponseData,
  maxBytes: number,
): Promise<FetchOutcome> {
  const { statusCode: status, headers, body } = response;
  const encodings = parseContentEncoding(readHeader(headers, 'content-encoding'));
  const declaredLength = Number(readHeader(headers, 'content-length') ?? Number.NaN);
  // An honest Content-Length over the cap fails at once; a dishonest one is caught while reading.
  if (encodings.length === 0 && declaredLength > maxBytes) {
    discardBody(body);
    throw createTooLargeError(url.href, maxBytes);
  }
  const outcome = await readBody(body, encodings, maxBytes);
  if (outcome.kind === 'too-large') throw createTooLargeError(url.href, maxBytes);
  if (outcome.kind === 'unsupported-encoding') {
    throw new FetchError('unsupported-content', url.href, `the server sent Content-Encoding "${outcome.encoding}", which relais cannot decode`, { status });
  }
  return {
    kind: 'fresh',
    url: url.href,
    status,
    contentType: readHeader(headers, 'content-type') ?? '',
    body: outcome.body,
    validators: readValidators(headers),
  };
}

function readValidators(headers: IncomingHttpHeaders): Validators {
  const validators: Validators = {};
  const etag = readHeader(headers, 'etag');
  const lastModified = readHeader(headers, 'last-modified');
  if (etag) validators.etag = etag;
  if (lastModified) validators.lastModified = lastModified;
  return validators;
}

function readHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function createTooLargeError(url: string, maxBytes: number): FetchError {
  return new FetchError('too-large', url, `body larger than ${maxBytes} bytes once decompressed (fetch.max_bytes); raise the limit if the page is legitimate`);
}

function adviseOnStatus(status: number): string {
  if (status === 404 || status === 410) return 'the page is gone; remove or fix the link';
  if (status === 429 || status === 503) return 'the server asks us to slow down; try again later';
  if (status >= 500) return 'the server failed; try again later';
  return 'the server refused the request';
}

function createStatusError(url: string, status: number, headers: IncomingHttpHeaders): FetchError {
  const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(readHeader(headers, 'retry-after'), Date.now()) : undefined;
  return new FetchError('http-status', url, `HTTP ${status}; ${adviseOnStatus(status)}`, {
    status,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}
