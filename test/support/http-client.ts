import { createFetcher, formatAllowedHost, type Fetcher } from '../../src/fetcher/index.js';

// The hardened client for tests and benches that talk to their own loopback services (fake
// engines, a fake hub, a private APy): it reaches exactly those origins, as relais's engine
// client reaches the configured engine URLs, and refuses every other private address.

/** A client that allows the origins of `urls` and nothing else private; close it when done. */
export function openTestHttpClient(urls: readonly string[]): Fetcher {
  return createFetcher({ allowPrivateAddresses: false, allowHosts: urls.map(formatAllowedHost), perHostConcurrency: 16 });
}
