import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseConfig } from '../../src/config/index.js';
import type { Fetcher } from '../../src/fetcher/index.js';
import { createConfiguredFetcher } from '../../src/pipeline/index.js';

// A news site on loopback for the pipeline's fetch tests, with the fetcher the pipeline would
// build from a configuration whose fetch.allow_hosts lists the site (and nothing else private).

/** A running loopback site and a fetcher allowed to reach it. */
export interface LoopbackSite {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  base: string;
  fetcher: Fetcher;
  /** Closes the fetcher, then the server. */
  close(): Promise<void>;
}

/** Serves `handler` on a free loopback port and opens a configured fetcher for it. */
export async function startLoopbackSite(handler: RequestListener): Promise<LoopbackSite> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fetcher = createConfiguredFetcher(parseConfig({ fetch: { allow_hosts: [new URL(base).host] }, campaigns: [] }));
  return {
    base,
    fetcher,
    async close() {
      await fetcher.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A minimal RSS 2.0 feed listing these items, as the loopback news sites of the tests serve. */
export function rssFeed(items: readonly { title: string; link: string }[]): string {
  const entries = items.map((item) => `<item><title>${item.title}</title><link>${item.link}</link></item>`).join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>${entries}</channel></rss>`;
}
