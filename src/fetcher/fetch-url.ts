// A page or feed: a GET with validators through the hop loop; 2xx gives the body, 304 says
// "not modified", any other status is a FetchError that says what to do.
import type { IncomingHttpHeaders } from 'node:http';
import { FetchError } from '../domain/errors.js';
import type { FetchOutcome, Validators } from '../domain/types.js';
import { readCappedBody } from './answer.js';
import { followRedirects, openExchange, parseFetchableUrl, readHeader } from './hops.js';
import type { FetchContext, HopAnswer } from './hops.js';
import { acceptedEncodings } from './read-body.js';
import { parseRetryAfter } from './retry-after.js';

/** Per-call choices of `fetchUrl`. */
export interface FetchUrlOptions {
  /** Validators from the previous fetch, sent as If-None-Match / If-Modified-Since. */
  validators?: Validators;
  /** The Accept header (default: any type). */
  accept?: string;
  /** A cap on decompressed body bytes lower or higher than the fetcher's. */
  maxBytes?: number;
  /** Runs before each hop is requested, the first included; throwing refuses the hop (robots.txt). */
  checkHop?: (url: URL) => Promise<void>;
}

/** Fetches one URL: follows up to `maxRedirects` redirects, sends validators, caps the body. */
export async function fetchUrl(context: FetchContext, url: string, options: FetchUrlOptions = {}): Promise<FetchOutcome> {
  const exchange = openExchange(context.limits);
  const hop = { url: parseFetchableUrl(url), method: 'GET', headers: buildHeaders(context, options) };
  try {
    return await followRedirects(context, hop, exchange, (answer) => readOutcome(answer, options.maxBytes ?? context.maxBytes), options.checkHop);
  } finally {
    exchange.finish();
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

async function readOutcome(answer: HopAnswer, maxBytes: number): Promise<FetchOutcome> {
  const { status, headers, url } = answer;
  if (status >= 200 && status < 300) {
    const body = await readCappedBody(answer, maxBytes);
    return { kind: 'fresh', url: url.href, status, contentType: readHeader(headers, 'content-type') ?? '', body, validators: readValidators(headers) };
  }
  await answer.body.dump();
  if (status === 304) return { kind: 'not-modified', url: url.href };
  throw createStatusError(url.href, status, headers);
}

function readValidators(headers: IncomingHttpHeaders): Validators {
  const validators: Validators = {};
  const etag = readHeader(headers, 'etag');
  const lastModified = readHeader(headers, 'last-modified');
  if (etag) validators.etag = etag;
  if (lastModified) validators.lastModified = lastModified;
  return validators;
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
