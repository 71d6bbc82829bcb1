// The HTTP clients relais opens, each a hardened client of its own: one for sources (feeds and
// pages, which may be hostile), one for what the operator configured (engine URLs, a model hub).
// Keeping them apart means a feed cannot reach an engine's port through the source client.
import type { Config } from '../config/index.js';
import type { TranslationEngineId } from '../domain/types.js';
import type { Logger } from 'pino';
import { createFetcher, formatAllowedHost, type Fetcher, type FetcherOptions } from '../fetcher/index.js';
import { createWebSubPublisher, describeWebSubFailure, type WebSubPublisher } from '../publisher/index.js';
import { findEngineUrl } from '../translator/index.js';

// Engines set their own concurrency; the operator client does not hold them back or space them per host.
const operatorHostConcurrency = 16;

/** The `fetch` section as fetcher options, with the origins allowed to reach private addresses. */
export function readFetcherOptions(config: Readonly<Config>, allowHosts: readonly string[]): FetcherOptions {
  return {
    allowPrivateAddresses: config.fetch.allow_private_addresses,
    allowHosts,
    connectTimeoutMs: config.fetch.connect_timeout_ms,
    responseTimeoutMs: config.fetch.response_timeout_ms,
    totalTimeoutMs: config.fetch.total_timeout_ms,
    maxRedirects: config.fetch.max_redirects,
    maxBytes: config.fetch.max_bytes,
    perHostConcurrency: config.fetch.per_host_concurrency,
    perHostDelayMs: config.fetch.per_host_delay_ms,
    ...(config.fetch.user_agent ? { userAgent: config.fetch.user_agent } : {}),
  };
}

/**
 * The client for what the operator configured: it reaches the origins of `urls` (and
 * fetch.allow_hosts) although they may be private; everything else, redirects included, meets
 * the same address policy as sources.
 */
export function createOperatorClient(config: Readonly<Config>, urls: readonly string[]): Fetcher {
  const allowHosts = [...config.fetch.allow_hosts, ...urls.map(formatAllowedHost)];
  return createFetcher({ ...readFetcherOptions(config, allowHosts), perHostConcurrency: operatorHostConcurrency, perHostDelayMs: 0 });
}

/** The client engines send through: it reaches the configured URLs of the engines `ids`. */
export function createEngineClient(config: Readonly<Config>, ids: Iterable<TranslationEngineId>): Fetcher {
  const urls = [...new Set(ids)].flatMap((id) => findEngineUrl(id, config) ?? []);
  return createOperatorClient(config, urls);
}

/** The WebSub publisher of `site.websub_hub` over a client of its own, or undefined without a hub; close it when done. */
export function openWebSub(config: Readonly<Config>, logger: Pick<Logger, 'warn'>): { websub: WebSubPublisher; close(): Promise<void> } | undefined {
  const hub = config.site.websub_hub;
  if (!hub) return undefined;
  // The hub is the operator's choice, like an engine: it may be on their network.
  const client = createOperatorClient(config, [hub]);
  const websub = createWebSubPublisher({
    hub,
    client,
    onFailure: (outcome) => logger.warn({ hub, feed: outcome.feedUrl, reason: outcome.reason }, describeWebSubFailure(outcome.reason)),
  });
  return { websub, close: () => client.close() };
}
