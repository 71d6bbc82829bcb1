// The hop loop every request goes through: one request per hop through the guarded dispatcher,
// redirects followed by hand so that each hop's scheme is checked here and its address in the
// connector, all hops of one exchange under one total timeout.
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'undici';
import type { Dispatcher } from 'undici';
import { FetchError } from '../domain/errors.js';
import type { HttpTimeouts } from '../domain/types.js';
import type { HostLimiter } from './host-limiter.js';
import { toFetchError } from './map-fetch-error.js';
import type { TimeoutLimits } from './map-fetch-error.js';

/** What a request runs with: the client's dispatcher, limiter and settings. */
export interface FetchContext {
  dispatcher: Dispatcher;
  limiter: HostLimiter;
  limits: TimeoutLimits;
  maxRedirects: number;
  maxBytes: number;
  userAgent: string;
}

/** One hop's request; header names in lower case. */
export interface HopRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/** One hop's answer, its body not read yet. */
export interface HopAnswer {
  url: URL;
  status: number;
  headers: IncomingHttpHeaders;
  body: Dispatcher.ResponseData['body'];
}

/** The limits, clock and abort signal of one exchange: all its hops and the final body. */
export interface Exchange {
  limits: TimeoutLimits;
  signal: AbortSignal;
  /** Starts the total clock (at the first request, not while waiting in the per-host queue). */
  start(): void;
  /** Stops the clock; call once the body is read or dropped. */
  finish(): void;
}

type HopStep<T> = { kind: 'final'; value: T } | { kind: 'redirect'; location: string; status: number };

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
// Headers that describe a body, dropped with it when a redirect turns the request into a GET.
const bodyHeaders = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];
// Credentials are meant for the origin they were sent to.
const credentialHeaders = ['authorization', 'proxy-authorization', 'cookie'];

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

/** The client's limits with one request's overrides; the key that sets them replaces the client's in messages. */
export function applyTimeouts(limits: TimeoutLimits, timeouts: HttpTimeouts | undefined): TimeoutLimits {
  if (!timeouts || (timeouts.responseMs === undefined && timeouts.totalMs === undefined)) return limits;
  const { setting } = timeouts;
  return {
    connectTimeoutMs: limits.connectTimeoutMs,
    responseTimeoutMs: timeouts.responseMs ?? limits.responseTimeoutMs,
    totalTimeoutMs: timeouts.totalMs ?? limits.totalTimeoutMs,
    settings: {
      ...(limits.settings.connect ? { connect: limits.settings.connect } : {}),
      ...(setting ? { response: setting, total: setting } : {}),
    },
  };
}

/** Opens the clock of one exchange; the total timeout aborts whatever hop or body read is under way. */
export function openExchange(limits: TimeoutLimits): Exchange {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  return {
    limits,
    signal: controller.signal,
    start() {
      timer ??= setTimeout(() => controller.abort(), limits.totalTimeoutMs);
    },
    finish() {
      clearTimeout(timer);
    },
  };
}

/**
 * Sends a request and follows up to `maxRedirects` redirects, each hop checked again (scheme,
 * address, and `checkHop` when given); `consume` takes the final answer inside that hop's
 * per-host slot. Failures come out as FetchError.
 */
export async function followRedirects<T>(
  context: FetchContext,
  first: HopRequest,
  exchange: Exchange,
  consume: (answer: HopAnswer) => Promise<T>,
  checkHop?: (url: URL) => Promise<void>,
): Promise<T> {
  let current = first;
  for (let redirects = 0; ; redirects += 1) {
    const hop = current;
    // Outside the per-host slot: the check may itself fetch from that host (its robots.txt).
    await checkHop?.(hop.url);
    const step = await context.limiter
      .run(hop.url.hostname, async (): Promise<HopStep<T>> => {
        exchange.start();
        const answer = await sendHop(context, hop, exchange);
        const location = findRedirect(answer);
        if (location === undefined) return { kind: 'final', value: await consume(answer) };
        await answer.body.dump();
        return { kind: 'redirect', location, status: answer.status };
      })
      .catch((error: unknown) => {
        throw toFetchError(error, hop.url.href, exchange.limits, exchange.signal.aborted);
      });
    if (step.kind === 'final') return step.value;
    if (redirects >= context.maxRedirects) {
      const message = `more than ${context.maxRedirects} redirects (fetch.max_redirects); the site may be looping`;
      throw new FetchError('too-many-redirects', first.url.href, message);
    }
    current = redirectRequest(hop, parseFetchableUrl(step.location, hop.url.href), step.status);
  }
}

async function sendHop(context: FetchContext, hop: HopRequest, exchange: Exchange): Promise<HopAnswer> {
  const response = await request(hop.url, {
    dispatcher: context.dispatcher,
    method: hop.method as Dispatcher.HttpMethod,
    headers: hop.headers,
    ...(hop.body === undefined ? {} : { body: hop.body }),
    headersTimeout: exchange.limits.responseTimeoutMs,
    bodyTimeout: exchange.limits.responseTimeoutMs,
    signal: exchange.signal,
  });
  return { url: hop.url, status: response.statusCode, headers: response.headers, body: response.body };
}

function findRedirect(answer: HopAnswer): string | undefined {
  if (!redirectStatuses.has(answer.status)) return undefined;
  return readHeader(answer.headers, 'location') || undefined;
}

/**
 * The next hop's request (Fetch standard, HTTP-redirect fetch): 303 turns anything but GET and
 * HEAD into a GET, 301 and 302 turn a POST into a GET, 307 and 308 keep method and body;
 * credentials do not follow a redirect to another origin.
 */
export function redirectRequest(previous: HopRequest, next: URL, status: number): HopRequest {
  const method = previous.method.toUpperCase();
  const becomesGet = (status === 303 && method !== 'GET' && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST');
  const headers = { ...previous.headers };
  if (becomesGet) for (const name of bodyHeaders) delete headers[name];
  if (next.origin !== previous.url.origin) for (const name of credentialHeaders) delete headers[name];
  if (becomesGet || previous.body === undefined) return { url: next, method: becomesGet ? 'GET' : previous.method, headers };
  return { url: next, method: previous.method, headers, body: previous.body };
}

/** The first value of a header. */
export function readHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
