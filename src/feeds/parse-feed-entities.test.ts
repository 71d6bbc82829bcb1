// DOCTYPE entities must never be expanded or fetched (DESIGN.md, "no XML entity expansion"):
// a billion-laughs feed must not blow up, an external entity must not read a file or a URL.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedError } from '../domain/errors.js';
import { parseFeed } from './parse-feed.js';

const SECRET = 'relais-secret-3f9c1e';

function billionLaughs(root: string, item: string): string {
  const levels = ['<!ENTITY lol0 "lol">'];
  for (let i = 1; i <= 9; i++) levels.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
  return `<?xml version="1.0"?>\n<!DOCTYPE ${root} [\n${levels.join('\n')}\n]>\n${item}`;
}

function rssWithTitle(title: string): string {
  return `<rss version="2.0"><channel><title>t</title><item><title>${title}</title><link>https://e.example/1</link></item></channel></rss>`;
}

/** Parses, turning a FeedError into its message: either outcome is acceptable, any other exception is not. */
function parseOrReject(body: string): string {
  try {
    return JSON.stringify(parseFeed(body, 'https://e.example/feed'));
  } catch (error) {
    if (error instanceof FeedError) return error.message;
    throw error;
  }
}

describe('parseFeed and DOCTYPE entities', () => {
  let dir = '';
  let secretUrl = '';
  let server: Server;
  let requests = 0;
  let serverUrl = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relais-feeds-'));
    const file = join(dir, 'secret.txt');
    writeFileSync(file, SECRET);
    secretUrl = pathToFileURL(file).href;
    server = createServer((_req, res) => {
      requests++;
      res.end(SECRET);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/entity`;
  });

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it.each([
    ['rss', rssWithTitle('&lol9;')],
    ['feed', `<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&lol9;</title><link href="https://e.example/1"/><id>x</id></entry></feed>`],
  ])('leaves billion laughs unexpanded in <%s>', (root, item) => {
    const feed = parseFeed(billionLaughs(root, item), 'https://e.example/feed');
    expect(feed.items[0]?.title).toBe('&lol9;');
  });

  it('does not read a file through an external entity', () => {
    const body = `<?xml version="1.0"?>\n<!DOCTYPE rss [ <!ENTITY xxe SYSTEM "${secretUrl}"> ]>\n${rssWithTitle('&xxe;')}`;
    const outcome = parseOrReject(body);
    expect(outcome).not.toContain(SECRET);
    expect(outcome).toContain('&xxe;');
  });

  it('does not fetch an external entity or a parameter entity over HTTP', async () => {
    const body = `<?xml version="1.0"?>
<!DOCTYPE rss [ <!ENTITY % remote SYSTEM "${serverUrl}"> %remote; <!ENTITY web SYSTEM "${serverUrl}"> ]>
${rssWithTitle('&web;')}`;
    const outcome = parseOrReject(body);
    // Let any request a parser might have started reach the server before counting.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(outcome).not.toContain(SECRET);
    expect(requests).toBe(0);
  });

  it('does not expand internal entities either (the DOCTYPE never reaches the parser)', () => {
    const body = `<!DOCTYPE rss [ <!ENTITY who "World"> ]>${rssWithTitle('Hello &who;')}`;
    expect(parseFeed(body, 'https://e.example/feed').items[0]?.title).toBe('Hello &who;');
  });
});
