import { createServer, type Server } from 'node:http';
import { buildCnnLikePages, type CnnLikePage } from '../support/cnn-like-pages.js';
import { seededRandom } from '../support/seeded-random.js';

/** A loopback news site of 24 CNN-like stories and their RSS feed; stop it when done. */
export interface CnnLikeSite {
  baseUrl: string;
  feedUrl: string;
  pages: CnnLikePage[];
  stop(): Promise<void>;
}

// Each answer waits a little (seeded), as a real site does, so fetches overlap and a kill can
// land while pages are in flight or being stored.
export async function serveCnnLikeSite(options: { seed: number; maxDelayMs: number }): Promise<CnnLikeSite> {
  const random = seededRandom(options.seed);
  let pages: CnnLikePage[] = [];
  let feed = '';
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const page = pages.find((candidate) => new URL(candidate.url).pathname === path);
    const answer = (): void => {
      if (path === '/feed.xml') response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(feed);
      else if (page) response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page.html);
      else response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    };
    setTimeout(answer, Math.floor(random() * options.maxDelayMs));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  pages = buildCnnLikePages(baseUrl);
  feed = rss(baseUrl, pages);
  return {
    baseUrl,
    feedUrl: `${baseUrl}/feed.xml`,
    pages,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function rss(baseUrl: string, pages: readonly CnnLikePage[]): string {
  const items = pages
    .map((page, index) => {
      const title = /<title>([^<|]*)/.exec(page.html)?.[1]?.trim() ?? page.slug;
      const date = new Date(Date.UTC(2026, 10, 1 + index, 12)).toUTCString();
      return `<item><title>${title}</title><link>${page.url}</link><guid>${page.url}</guid><pubDate>${date}</pubDate></item>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>World</title><link>${baseUrl}/</link>\n${items}\n</channel></rss>`;
}
