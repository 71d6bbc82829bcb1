import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { FetchError } from '../domain/errors.js';
import { createFetcher } from './fetcher.js';
import type { Fetcher, FetcherOptions } from './fetcher.js';

// The general request (any method, headers, body) and the streamed one, against loopback servers.

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

interface Loopback {
  origin: string;
  received: Received[];
}

type Handler = (request: Received, response: ServerResponse) => void;

const cleanups: (() => Promise<void>)[] = [];
const servedHosts: string[] = [];

afterEach(async () => {
  servedHosts.length = 0;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(handler: Handler, host = '127.0.0.1'): Promise<Loopback> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const entry = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body };
      received.push(entry);
      handler(entry, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const { port } = server.address() as AddressInfo;
  servedHosts.push(`${host}:${port}`);
  return { origin: `http://${host}:${port}`, received };
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

async function readAll(body: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

const text = (body: Uint8Array): string => Buffer.from(body).toString('utf8');
const echo: Handler = (request, response) => response.writeHead(200, { 'content-type': 'text/plain' }).end(`${request.method} ${request.body}`);

describe('request', () => {
  it.each([
    ['POST', 'a=1&b=2'],
    ['PUT', '{"x":1}'],
    ['DELETE', undefined],
    ['GET', undefined],
  ])('sends %s with its headers and body, and reads the answer', async (method, body) => {
    const server = await serve(echo);
    const response = await openFetcher().request({ url: `${server.origin}/x`, method, headers: { 'X-Test': 'yes' }, ...(body ? { body } : {}) });
    expect(response).toMatchObject({ url: `${server.origin}/x`, status: 200, retryAfterMs: undefined });
    expect(response.headers['content-type']).toBe('text/plain');
    expect(text(response.body)).toBe(`${method} ${body ?? ''}`);
    expect(server.received[0]?.headers).toMatchObject({ 'x-test': 'yes', 'user-agent': expect.stringMatching(/^relais\//) });
  });

  it('sends a body given as bytes', async () => {
    const server = await serve(echo);
    const response = await openFetcher().request({ url: `${server.origin}/`, method: 'POST', body: new TextEncoder().encode('bytes ü') });
    expect(text(response.body)).toBe('POST bytes ü');
  });

  it.each([404, 429, 500])('answers HTTP %i as a response, not a failure, with its body and Retry-After', async (status) => {
    const server = await serve((_request, response) => response.writeHead(status, { 'retry-after': '7' }).end('{"error":"no"}'));
    const response = await openFetcher().request({ url: `${server.origin}/` });
    expect(response).toMatchObject({ status, retryAfterMs: 7_000 });
    expect(text(response.body)).toBe('{"error":"no"}');
  });

  it('undoes gzip and caps the decompressed bytes', async () => {
    const server = await serve((_request, response) => response.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync('z'.repeat(50_000))));
    const fetcher = openFetcher();
    expect(text((await fetcher.request({ url: `${server.origin}/` })).body)).toHaveLength(50_000);
    expect((await fetchError(fetcher.request({ url: `${server.origin}/`, maxBytes: 10_000 }))).code).toBe('too-large');
  });

  it('times out by its own limits and names the key that sets them', async () => {
    const server = await serve(() => {});
    const error = await fetchError(openFetcher().request({ url: `${server.origin}/`, timeouts: { responseMs: 200, totalMs: 5_000, setting: 'engines.deepl.timeout_ms' } }));
    expect(error.code).toBe('timeout');
    expect(error.reason).toContain('went silent for 200 ms (engines.deepl.timeout_ms)');
  });

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'not a url'])('refuses %s before any connection', async (url) => {
    expect((await fetchError(openFetcher().request({ url, method: 'POST', body: 'x' }))).code).toBe('bad-url');
  });
});

describe('request: redirects, each hop checked', () => {
  it.each([
    // [status, method sent, method and body that arrive]
    [301, 'POST', 'GET '],
    [302, 'POST', 'GET '],
    [303, 'POST', 'GET '],
    [303, 'PUT', 'GET '],
    [307, 'POST', 'POST payload'],
    [308, 'PUT', 'PUT payload'],
    [301, 'PUT', 'PUT payload'],
  ])('%i after %s arrives as %j', async (status, method, expected) => {
    const server = await serve((request, response) => {
      if (request.url === '/start') return void response.writeHead(status, { location: '/end' }).end();
      echo(request, response);
    });
    const response = await openFetcher().request({ url: `${server.origin}/start`, method, headers: { 'content-type': 'text/plain' }, body: 'payload' });
    expect(text(response.body)).toBe(expected);
    expect(response.url).toBe(`${server.origin}/end`);
    const arrived = server.received[1];
    expect(arrived?.headers['content-type']).toBe(expected.startsWith('GET') ? undefined : 'text/plain');
  });

  it.each([
    ['the same origin', false, 'Bearer secret'],
    ['another origin', true, undefined],
  ])('keeps Authorization on a redirect to %s only', async (_label, isCrossOrigin, expected) => {
    const target = await serve(echo, '127.0.0.2');
    const start = await serve((request, response) => {
      if (request.url === '/start') return void response.writeHead(307, { location: isCrossOrigin ? `${target.origin}/end` : '/end' }).end();
      echo(request, response);
    });
    await openFetcher().request({ url: `${start.origin}/start`, method: 'POST', headers: { Authorization: 'Bearer secret' }, body: 'x' });
    const arrived = isCrossOrigin ? target.received[0] : start.received[1];
    expect(arrived?.headers.authorization).toBe(expected);
    expect(arrived?.body).toBe('x');
  });

  it('refuses a redirect to a private address that is not allowed, without connecting', async () => {
    const target = await serve(echo, '127.0.0.2');
    const start = await serve((_request, response) => response.writeHead(307, { location: `${target.origin}/` }).end());
    const fetcher = openFetcher({ allowHosts: [servedHosts[1] ?? ''] });
    const error = await fetchError(fetcher.request({ url: `${start.origin}/`, method: 'POST', body: 'x' }));
    expect(error.code).toBe('blocked-address');
    expect(error.url).toBe(`${target.origin}/`);
    expect(target.received).toEqual([]);
  });

  it('stops after fetch.max_redirects', async () => {
    const server = await serve((request, response) => response.writeHead(302, { location: `${request.url}x` }).end());
    expect((await fetchError(openFetcher({ maxRedirects: 2 }).request({ url: `${server.origin}/` }))).code).toBe('too-many-redirects');
    expect(server.received).toHaveLength(3);
  });
});

describe('stream', () => {
  it('hands the body over as it comes, with status, headers and the redirects followed', async () => {
    const server = await serve((request, response) => {
      if (request.url === '/file') return void response.writeHead(302, { location: '/cdn/file' }).end();
      response.writeHead(206, { 'content-length': '12', 'x-linked-etag': '"abc"' });
      response.write('first ');
      setTimeout(() => response.end('second'), 20);
    });
    const answer = await openFetcher().stream({ url: `${server.origin}/file`, headers: { range: 'bytes=10-' } });
    expect(answer).toMatchObject({ url: `${server.origin}/cdn/file`, status: 206 });
    expect(answer.headers).toMatchObject({ 'content-length': '12', 'x-linked-etag': '"abc"' });
    expect(await readAll(answer.body)).toBe('first second');
    expect(server.received[1]?.headers).toMatchObject({ range: 'bytes=10-' });
    expect(server.received[1]?.headers['accept-encoding']).toBeUndefined();
  });

  it.each([
    ['the body stops coming', 'stop', { responseMs: 200 }, 'went silent for 200 ms'],
    ['the body comes too slowly', 'trickle', { responseMs: 5_000, totalMs: 300 }, 'not complete within 300 ms'],
  ] as const)('ends with a timeout when %s', async (_label, mode, timeouts, reason) => {
    const server = await serve((_request, response) => {
      response.writeHead(200).write('.');
      if (mode === 'stop') return;
      const timer = setInterval(() => response.write('.'), 20);
      response.on('close', () => clearInterval(timer));
    });
    const answer = await openFetcher().stream({ url: `${server.origin}/`, timeouts });
    const error = await fetchError(readAll(answer.body));
    expect(error.code).toBe('timeout');
    expect(error.reason).toContain(reason);
  });

  it('ends with too-large past its cap', async () => {
    const server = await serve((_request, response) => response.writeHead(200).end('x'.repeat(100_000)));
    const answer = await openFetcher().stream({ url: `${server.origin}/`, maxBytes: 1_000 });
    expect((await fetchError(readAll(answer.body))).code).toBe('too-large');
  });

  it('drops the body and its connection when cancelled unread', async () => {
    let closed: Promise<void> | undefined;
    const server = await serve((_request, response) => {
      closed = new Promise((resolve) => response.on('close', () => resolve()));
      response.writeHead(404).write('never ends');
    });
    const answer = await openFetcher().stream({ url: `${server.origin}/a` });
    expect(answer.status).toBe(404);
    answer.cancel();
    // Without the cancel the server would keep the response open until the test times out.
    await closed;
  });
});
