// The fetcher resource handle: one guarded undici Agent and one per-host limiter per fetcher.
import { Agent } from 'undici';
import type { FetchOutcome, HttpClient } from '../domain/types.js';
import { createAddressPolicy } from './address-policy.js';
import { createHostAllowList } from './allow-hosts.js';
import { fetchUrl } from './fetch-url.js';
import type { FetchUrlOptions } from './fetch-url.js';
import { createGuardedConnector } from './guarded-connector.js';
import type { FetchContext } from './hops.js';
import { createHostLimiter, type SharedHostTurn } from './host-limiter.js';
import { sendRequest, streamRequest } from './http-request.js';
import type { TimeoutLimits } from './map-fetch-error.js';

/** How a fetcher behaves; the defaults match the `fetch` section of the configuration. */
export interface FetcherOptions {
  /** Allows loopback, private, link-local and CGNAT addresses for every origin (cloud metadata stays refused). */
  allowPrivateAddresses: boolean;
  /** "host:port" origins that may reach such addresses although allowPrivateAddresses is off (fetch.allow_hosts). */
  allowHosts?: readonly string[];
  connectTimeoutMs?: number;
  /** Time until the response headers arrive (and the longest stall while reading the body). */
  responseTimeoutMs?: number;
  /** Time for the whole fetch: every redirect hop and the body. */
  totalTimeoutMs?: number;
  maxRedirects?: number;
  /** Cap on decompressed body bytes. */
  maxBytes?: number;
  userAgent?: string;
  /** Most requests in flight to one host name; the rest wait in order. */
  perHostConcurrency?: number;
  /** Least time between the starts of two requests to one host (fetch.per_host_delay_ms); 0 by default. */
  perHostDelayMs?: number;
  /** Where the spacing between requests to a host is kept across processes (the database's host turns). */
  sharedHostTurn?: SharedHostTurn;
}

/** A hardened HTTP client; close it to release its connections. */
export interface Fetcher extends HttpClient {
  /** Fetches a page or feed (GET, http/https); failures and statuses other than 2xx and 304 are thrown as FetchError. */
  fetchUrl(url: string, options?: FetchUrlOptions): Promise<FetchOutcome>;
  /** Spaces requests to a host name by at least `ms` (robots.txt Crawl-delay); 0 removes it. */
  setCrawlDelay(host: string, ms: number): void;
}

/** The User-Agent sent when none is configured: names relais and why it fetches. */
export const defaultUserAgent = 'relais/0.1 (+automatic news relay; translation with attribution)';

/** Creates a fetcher with its own connection pool, address policy and per-host queues. */
export function createFetcher(options: FetcherOptions): Fetcher {
  const limits: TimeoutLimits = {
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    responseTimeoutMs: options.responseTimeoutMs ?? 20_000,
    totalTimeoutMs: options.totalTimeoutMs ?? 60_000,
    settings: { connect: 'fetch.connect_timeout_ms', response: 'fetch.response_timeout_ms', total: 'fetch.total_timeout_ms' },
  };
  const policies = {
    isAllowedHost: createHostAllowList(options.allowHosts ?? []),
    listed: createAddressPolicy({ allowPrivateAddresses: true }),
    strict: createAddressPolicy({ allowPrivateAddresses: options.allowPrivateAddresses }),
  };
  const dispatcher = new Agent({
    connect: createGuardedConnector(policies, limits.connectTimeoutMs),
    headersTimeout: limits.responseTimeoutMs,
    bodyTimeout: limits.responseTimeoutMs,
  });
  const context: FetchContext = {
    dispatcher,
    limiter: createHostLimiter(options.perHostConcurrency ?? 2, {
      delayMs: options.perHostDelayMs ?? 0,
      ...(options.sharedHostTurn ? { sharedTurn: options.sharedHostTurn } : {}),
    }),
    limits,
    maxRedirects: options.maxRedirects ?? 5,
    maxBytes: options.maxBytes ?? 10 * 1024 * 1024,
    userAgent: options.userAgent ?? defaultUserAgent,
  };
  return {
    fetchUrl: (url, fetchOptions) => fetchUrl(context, url, fetchOptions),
    request: (request) => sendRequest(context, request),
    stream: (request) => streamRequest(context, request),
    setCrawlDelay: (host, ms) => context.limiter.setMinInterval(host, ms),
    close: () => dispatcher.close(),
  };
}
