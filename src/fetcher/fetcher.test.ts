import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { FetchError } from '../domain/errors.js';
import { createFetcher } from './fetcher.js';
import type { Fetcher, FetcherOptions } from './fetcher.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

interface Loopback {
  origin: string;
  port: number;
  connections: () => number;
}

const cleanups: (() => Promise<void>)[] = [];
// Each test's servers, as fetch.allow_hosts entries: a fetcher reaches them and nothing else private.
const servedHosts: string[] = [];

afterEach(async () => {
  servedHosts.length = 0;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(handler: Handler, host = '127.0.0.1'): Promise<Loopback> {
  const server: Server = createServer(handler);
  let connections = 0;
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const { port } = server.address() as AddressInfo;
  servedHosts.push(`${host}:${port}`);
  return { origin: `http://${host}:${port}`, port, connections: () => connections };
}

function openFetcher(options: Partial<FetcherOptions> = {}): Fetcher {
  const fetcher = createFetcher({ allowPrivateAddresses: false, allowHosts: [...servedHosts], ...options });
  cleanups.push(() => fetcher.close());
  return fetcher;
}

async function fetchError(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}

const text = (body: Uint8Array): string => Buffer.from(body).toString('utf8');

describe('fetchUrl: HTTP semantics', () => {
  it('returns a fresh body with its content type, validators and request headers sent', async () => {
    const seen: IncomingMessage['headers'][] = [];
    const server = await serve((request, response) => {
      seen.push(request.headers);
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag: '"v1"', 'last-modified': 'Tue, 01 Apr 2025 10:00:00 GMT' });
      response.end('<p>hello</p>');
    });
    const outcome = await openFetcher().fetchUrl(`${server.origin}/page#section`, { accept: 'text/html' });
    expect(outcome).toEqual({
      kind: 'fresh',
      url: `${server.origin}/page`,
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: expect.any(Uint8Array),
      validators: { etag: '"v1"', lastModified: 'Tue, 01 Apr 2025 10:00:00 GMT' },
    });
    expect(outcome.kind === 'fresh' && text(outcome.body)).toBe('<p>hello</p>');
    expect(seen[0]).toMatchObject({ accept: 'text/html', 'accept-encoding': 'gzip, deflate, br', 'user-agent': expect.stringMatching(/^relais\//) });
  });

  it('sends validators and reports 304 as not-modified', async () => {
    const server = await serve((request, response) => {
      const fresh = request.headers['if-none-match'] === '"v1"' && request.headers['if-modified-since'] === 'Tue, 01 Apr 2025 10:00:00 GMT';
      response.writeHead(fresh ? 304 : 200, { etag: '"v1"' });
      response.end(fresh ? undefined : 'changed');
    });
    const fetcher = openFetcher();
    const validators = { etag: '"v1"', lastModified: 'Tue, 01 Apr 2025 10:00:00 GMT' };
    expect(await fetcher.fetchUrl(`${server.origin}/feed`, { validators })).toEqual({ kind: 'not-modified', url: `${server.origin}/feed` });
    expect((await fetcher.fetchUrl(`${server.origin}/feed`)).kind).toBe('fresh');
  });

  it.each([404, 410, 500, 403])('turns HTTP %i into an http-status FetchError', async (status) => {
    const server = await serve((_request, response) => response.writeHead(status).end('no'));
    const error = await fetchError(openFetcher().fetchUrl(`${server.origin}/x`));
    expect(error).toMatchObject({ code: 'http-status', status, retryAfterMs: undefined });
    expect(error.message).toContain(`HTTP ${status}`);
  });

  it.each([
    [429, '120', 120_000],
    [503, '7', 7_000],
  ])('reads Retry-After on %i', async (status, retryAfter, expected) => {
    const server = await serve((_request, response) => response.writeHead(status, { 'retry-after': retryAfter }).end());
    const error = await fetchError(openFetcher().fetchUrl(`${server.origin}/x`));
    expect(error).toMatchObject({ code: 'http-status', status, retryAfterMs: expected });
  });

  it('follows a redirect chain with absolute and relative locations', async () => {
    const server = await serve((request, response) => {
      if (request.url === '/a') return response.writeHead(301, { location: `http://127.0.0.1:${server.port}/b` }).end();
      if (request.url === '/b') return response.writeHead(302, { location: 'c?x=1' }).end();
      if (request.url === '/c?x=1') return response.writeHead(303, { location: '/d' }).end();
      if (request.url === '/d') return response.writeHead(307, { location: '/e' }).end();
      response.writeHead(200, { 'content-type': 'text/plain' }).end(`final ${request.url}`);
    });
    const outcome = await openFetcher().fetchUrl(`${server.origin}/a`);
    expect(outcome).toMatchObject({ kind: 'fresh', url: `${server.origin}/e`, status: 200 });
    expect(outcome.kind === 'fresh' && text(outcome.body)).toBe('final /e');
  });

  it.each([
    [5, 'fresh'],
    [6, 'too-many-redirects'],
  ])('with max 5 redirects, a chain of %i redirects gives %s', async (hops, expected) => {
    const server = await serve((request, response) => {
      const hop = Number(request.url?.slice(1));
      if (hop < hops) return response.writeHead(302, { location: `/${hop + 1}` }).end();
      response.writeHead(200).end('done');
    });
    const result = await openFetcher({ maxRedirects: 5 }).fetchUrl(`${server.origin}/0`).then(
      (outcome) => outcome.kind,
      (error: FetchError) => error.code,
    );
    expect(result).toBe(expected);
  });

  it.each(['file:///etc/passwd', 'ftp://127.0.0.1/x', 'javascript:alert(1)'])('refuses a redirect to %s', async (location) => {
    const server = await serve((_request, response) => response.writeHead(302, { location }).end());
    const error = await fetchError(openFetcher().fetchUrl(`${server.origin}/`));
    expect(error.code).toBe('bad-url');
    expect(error.message).toContain('only http and https');
  });

  it.each(['ftp://example.com/feed', 'data:text/plain,hi', 'not a url'])('refuses to fetch %s', async (url) => {
    expect((await fetchError(openFetcher().fetchUrl(url))).code).toBe('bad-url');
  });
});

describe('fetchUrl: compression and size cap', () => {
  const page = '<p>compressed page</p>'.repeat(100);

  it.each([
    ['gzip', gzipSync(page)],
    ['deflate', deflateSync(page)],
    ['deflate', deflateRawSync(page)],
    ['br', brotliCompressSync(page)],
  ])('decodes Content-Encoding %s', async (encoding, compressed) => {
    const server = await serve((_request, response) => response.writeHead(200, { 'content-encoding': encoding }).end(compressed));
    const outcome = await openFetcher().fetchUrl(`${server.origin}/`);
    expect(outcome.kind === 'fresh' && text(outcome.body)).toBe(page);
  });

  it('stops a gzip bomb by counting decompressed bytes', async () => {
    // Twenty concatenated gzip members of 1 MiB of zeros: about 20 KB on the wire, 20 MiB decoded.
    const bomb = Buffer.concat(Array<Buffer>(20).fill(gzipSync(Buffer.alloc(1024 * 1024))));
    expect(bomb.byteLength).toBeLessThan(50_000);
    const server = await serve((_request, response) =>
      response.writeHead(200, { 'content-encoding': 'gzip', 'content-length': bomb.byteLength }).end(bomb),
    );
    const error = await fetchError(openFetcher({ maxBytes: 1024 * 1024 }).fetchUrl(`${server.origin}/`));
    expect(error.code).toBe('too-large');
  });

  it.each([
    ['no Content-Length', false],
    ['an honest Content-Length', true],
  ])('refuses a plain body over the cap with %s', async (_name, withLength) => {
    const body = Buffer.alloc(300_000, 'a');
    const server = await serve((_request, response) => {
      response.writeHead(200, withLength ? { 'content-length': body.byteLength } : {});
      response.end(body);
    });
    const fetcher = openFetcher({ maxBytes: 1_000_000 });
    expect((await fetcher.fetchUrl(`${server.origin}/`)).kind).toBe('fresh');
    expect((await fetchError(fetcher.fetchUrl(`${server.origin}/`, { maxBytes: 100_000 }))).code).toBe('too-large');
  });

  it('reports a corrupt gzip body as unsupported content', async () => {
    const server = await serve((_request, response) => response.writeHead(200, { 'content-encoding': 'gzip' }).end('not gzip at all'));
    expect((await fetchError(openFetcher().fetchUrl(`${server.origin}/`))).code).toBe('unsupported-content');
  });

  it('refuses an unknown content coding', async () => {
    const server = await serve((_request, response) => response.writeHead(200, { 'content-encoding': 'zstd' }).end('xx'));
    expect((await fetchError(openFetcher().fetchUrl(`${server.origin}/`))).code).toBe('unsupported-content');
  });
});

describe('fetchUrl: address checks at connect time', () => {
  const okHandler: Handler = (_request, response) => response.writeHead(200).end('reached');

  it('refuses loopback by default and never connects', async () => {
    const server = await serve(okHandler);
    const error = await fetchError(openFetcher({ allowHosts: [] }).fetchUrl(`${server.origin}/`));
    expect(error.code).toBe('blocked-address');
    expect(error.message).toContain(`refused address 127.0.0.1:${server.port} (loopback; not in fetch.allow_hosts)`);
    expect(server.connections()).toBe(0);
  });

  // Literal forms of loopback addresses, refused before any socket opens (port 1: nothing listens).
  it.each(['http://[::1]:1/', 'http://[::ffff:127.0.0.1]:1/', 'http://2130706433:1/', 'http://0x7f.1:1/', 'http://127.1:1/', 'http://0.0.0.0:1/'])(
    'refuses the literal address in %s',
    async (url) => {
      expect((await fetchError(openFetcher({ allowHosts: [] }).fetchUrl(url))).code).toBe('blocked-address');
    },
  );

  it('refuses a host name that resolves to loopback (checked after DNS)', async () => {
    const server = await serve(okHandler);
    const error = await fetchError(openFetcher({ allowHosts: [] }).fetchUrl(`http://localhost:${server.port}/`));
    expect(error.code).toBe('blocked-address');
    expect(server.connections()).toBe(0);
  });

  it('connects to loopback when private addresses are allowed', async () => {
    const server = await serve(okHandler);
    const outcome = await openFetcher({ allowPrivateAddresses: true, allowHosts: [] }).fetchUrl(`http://localhost:${server.port}/`);
    expect(outcome.kind).toBe('fresh');
  });

  it.each([
    [false, 'blocked-address'],
    [true, 'fresh'],
  ])('checks every redirect hop: with the hop to 127.0.0.2 listed %s, it gives %s', async (isTargetListed, expected) => {
    const target = await serve(okHandler, '127.0.0.2');
    const start = await serve((_request, response) => response.writeHead(302, { location: `${target.origin}/` }).end());
    const allowHosts = [`127.0.0.1:${start.port}`, ...(isTargetListed ? [`127.0.0.2:${target.port}`] : [])];
    const result = await openFetcher({ allowHosts }).fetchUrl(`${start.origin}/`).then(
      (outcome) => outcome.kind,
      (error: FetchError) => error.code,
    );
    expect(result).toBe(expected);
    expect(target.connections()).toBe(expected === 'fresh' ? 1 : 0);
  });

  it('reports a name that does not resolve as a dns failure', async () => {
    const error = await fetchError(openFetcher().fetchUrl('http://no-such-host.invalid/feed'));
    expect(error.code).toBe('dns');
    expect(error.message).toContain('no-such-host.invalid');
  });

  it('reports a refused connection as a connect failure', async () => {
    const server = await serve(okHandler);
    const port = server.port;
    await cleanups.pop()?.();
    expect((await fetchError(openFetcher().fetchUrl(`http://127.0.0.1:${port}/`))).code).toBe('connect');
  });
});

describe('fetchUrl: timeouts and politeness', () => {
  it('times out when response headers do not come', async () => {
    const server = await serve(() => {});
    const error = await fetchError(openFetcher({ responseTimeoutMs: 200 }).fetchUrl(`${server.origin}/`));
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('fetch.response_timeout_ms');
  });

  it('times out when the whole fetch takes too long, even while bytes keep coming', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200);
      const timer = setInterval(() => response.write('.'), 20);
      response.on('close', () => clearInterval(timer));
    });
    const error = await fetchError(openFetcher({ totalTimeoutMs: 300 }).fetchUrl(`${server.origin}/`));
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('fetch.total_timeout_ms');
  });

  it.each([1, 2, 3])('keeps at most %i requests in flight per host', async (limit) => {
    let inFlight = 0;
    let mostInFlight = 0;
    const server = await serve((_request, response) => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      // Hold each response a while so that unqueued requests would overlap.
      setTimeout(() => {
        inFlight -= 1;
        response.writeHead(200).end('ok');
      }, 50);
    });
    const fetcher = openFetcher({ perHostConcurrency: limit });
    const outcomes = await Promise.all(Array.from({ length: 7 }, (_, i) => fetcher.fetchUrl(`${server.origin}/${i}`)));
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(Array(7).fill('fresh'));
    expect(mostInFlight).toBe(limit);
  });
});
