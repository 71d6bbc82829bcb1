import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

/** A loopback web server standing in for a news site; stop it when done. */
export interface NewsSiteServer {
  baseUrl: string;
  stop(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.xml': 'application/rss+xml; charset=utf-8',
  '.json': 'application/feed+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves a folder on 127.0.0.1, replacing `{{BASE}}` in text files with the server's own base URL,
 * so pages written once link to wherever the server happens to listen.
 */
export async function serveNewsSite(root: string, options: { port?: number } = {}): Promise<NewsSiteServer> {
  let baseUrl = '';
  const server = createServer((request, response) => {
    void answer(root, baseUrl, request.url ?? '/').then(({ status, type, body }) => {
      response.writeHead(status, { 'content-type': type, 'content-length': body.length });
      response.end(request.method === 'HEAD' ? undefined : body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { baseUrl, stop: () => closeServer(server) };
}

async function answer(root: string, baseUrl: string, url: string): Promise<{ status: number; type: string; body: Buffer }> {
  const path = new URL(url, 'http://x').pathname;
  const file = resolveFile(root, decodeURIComponent(path));
  try {
    const found = (await stat(file)).isDirectory() ? join(file, 'index.html') : file;
    const type = contentTypes[extname(found)] ?? 'application/octet-stream';
    const bytes = await readFile(found);
    const body = type.includes('charset=utf-8') || type === 'image/svg+xml' ? Buffer.from(bytes.toString('utf8').replaceAll('{{BASE}}', baseUrl)) : bytes;
    return { status: 200, type, body };
  } catch {
    return { status: 404, type: 'text/plain; charset=utf-8', body: Buffer.from('not found') };
  }
}

// Never serve outside the root, whatever the request path says.
function resolveFile(root: string, path: string): string {
  const file = normalize(join(root, path));
  return file.startsWith(normalize(root + sep)) || file === normalize(root) ? file : join(root, '__outside__');
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
