// The fetcher resource handle: one guarded undici Agent and one per-host limiter per fetcher.
import { Agent } from 'undici';
import type { FetchOutcome } from '../domain/types.js';
import { createAddressPolicy } from './address-policy.js';
import { fetchUrl } from './fetch-url.js';
import type { FetchContext, FetchUrlOptions } from './fetch-url.js';
import { createGuardedConnector } from './guarded-connector.js';
import { createHostLimiter } from './host-limiter.js';

/** How a fetcher behaves; the defaults match the `fetch` section of the configuration. */
export interface FetcherOptions {
  /** Allows loopback, private, link-local and CGNAT addresses (cloud metadata stays refused). */
  allowPrivateAddresses: boolean;
  /** IPs or CIDR ranges allowed whatever their kind (a loopback test server, a known intranet source). */
  allowedAddresses?: readonly string[];
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
}

/** A hardened HTTP client; close it to release its connections. */
export interface Fetcher {
  /** Fetches a URL (http/https); failures are thrown as FetchError. */
  fetchUrl(url: string, options?: FetchUrlOptions): Promise<FetchOutcome>;
  /** Closes pooled connections; pending fetches finish first. */
  close(): Promise<void>;
}

/** The User-Agent sent when none is configured: names relais and why it fetches. */
export const defaultUserAgent = 'relais/0.1 (+automatic news relay; translation with attribution)';

/** Creates a fetcher with its own connection pool, address policy and per-host queues. */
export function createFetcher(options: FetcherOptions): Fetcher {
  const limits = {
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    responseTimeoutMs: options.responseTimeoutMs ?? 20_000,
    totalTimeoutMs: options.totalTimeoutMs ?? 60_000,
  };
  const policy = createAddressPolicy({
    allowPrivateAddresses: options.allowPrivateAddresses,
    allowedAddresses: options.allowedAddresses ?? [],
  });
  const dispatcher = new Agent({
    connect: createGuardedConnector(policy, limits.connectTimeoutMs),
    headersTimeout: limits.responseTimeoutMs,
    bodyTimeout: limits.responseTimeoutMs,
  });
  const context: FetchContext = {
    dispatcher,
    limiter: createHostLimiter(options.perHostConcurrency ?? 2),
    limits,
    maxRedirects: options.maxRedirects ?? 5,
    maxBytes: options.maxBytes ?? 10 * 1024 * 1024,
    userAgent: options.userAgent ?? defaultUserAgent,
  };
  return {
    fetchUrl: (url, fetchOptions) => fetchUrl(context, url, fetchOptions),
    close: () => dispatcher.close(),
  };
}
