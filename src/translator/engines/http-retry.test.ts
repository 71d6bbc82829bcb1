import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { TranslateError } from '../../domain/errors.js';
import type { HttpClient } from '../../domain/types.js';
import { openTestHttpClient } from '../../../test/support/http-client.js';
import { describeUrl, sendEngineRequest } from './http-retry.js';

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

describe('describeUrl', () => {
  it.each([
    ['https://translation.googleapis.com/language/translate/v2?key=SECRET', 'https://translation.googleapis.com/language/translate/v2'],
    ['http://127.0.0.1:5000/translate', 'http://127.0.0.1:5000/translate'],
  ])('%s → %s (no query: it may carry a key)', (url, shown) => {
    expect(describeUrl(url)).toBe(shown);
  });
});

describe('sendEngineRequest', () => {
  const servers: Server[] = [];
  const clients: HttpClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.close();
    for (const server of servers.splice(0)) await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const clientFor = (url: string): HttpClient => {
    const client = openTestHttpClient([url]);
    clients.push(client);
    return client;
  };

  it('does not wait when the server asks for longer than the cap, and says how long it asked', async () => {
    let hits = 0;
    const { server, url } = await listen((_request, response) => {
      hits += 1;
      response.writeHead(429, { 'retry-after': '3600' }).end('{}');
    });
    servers.push(server);
    const waits: number[] = [];
    const policy = { retries: 3, backoffMs: 10, maxWaitMs: 30_000, sleep: async (ms: number) => void waits.push(ms) };
    const error = await sendEngineRequest(clientFor(url), 'deepl', { url, method: 'GET', timeoutMs: 2_000 }, policy).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranslateError);
    expect((error as TranslateError).message).toBe(
      `translate: deepl: ${url}/ failed after 1 attempts (HTTP 429, Retry-After 3600; the server asks to wait 3600 s, more than the 30 s relais waits)`,
    );
    expect(hits).toBe(1);
    expect(waits).toEqual([]);
  });

  it('caps exponential backoff at the longest wait', async () => {
    const { server, url } = await listen((_request, response) => response.writeHead(502).end());
    servers.push(server);
    const waits: number[] = [];
    const policy = { retries: 4, backoffMs: 100, maxWaitMs: 250, sleep: async (ms: number) => void waits.push(ms) };
    await expect(sendEngineRequest(clientFor(url), 'google', { url, method: 'GET', timeoutMs: 2_000 }, policy)).rejects.toThrow('failed after 5 attempts (HTTP 502)');
    expect(waits).toEqual([100, 200, 250, 250]);
  });

  it('returns answers that are not transient as they are, 4xx included', async () => {
    const { server, url } = await listen((_request, response) => response.writeHead(404).end('missing'));
    servers.push(server);
    const response = await sendEngineRequest(clientFor(url), 'openai', { url, method: 'GET', timeoutMs: 2_000 }, { retries: 2, backoffMs: 1, maxWaitMs: 1 });
    expect(response.status).toBe(404);
    expect(response.text).toBe('missing');
  });

  it('names the refused connection and appends the hint when nothing listens', async () => {
    const { server, url } = await listen(() => undefined);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const request = { url, method: 'GET' as const, timeoutMs: 2_000, hint: 'is the server running?' };
    await expect(sendEngineRequest(clientFor(url), 'libretranslate', request, { retries: 1, backoffMs: 1, maxWaitMs: 1 })).rejects.toThrow(
      `libretranslate: ${url}/ failed after 2 attempts (ECONNREFUSED); is the server running?`,
    );
  });

  // The client reads Retry-After strictly (retry-after.ts): "-5" is no wait, so the backoff applies.
  it.each([
    ['2', [2_000]],
    ['-5', [10]],
    ['soon', [10]],
  ])('waits for Retry-After %s as %j ms', async (retryAfter, expected) => {
    let hits = 0;
    const { server, url } = await listen((_request, response) => {
      hits += 1;
      if (hits === 1) response.writeHead(503, { 'retry-after': retryAfter }).end();
      else response.writeHead(200).end('{}');
    });
    servers.push(server);
    const waits: number[] = [];
    const policy = { retries: 1, backoffMs: 10, maxWaitMs: 30_000, sleep: async (ms: number) => void waits.push(ms) };
    expect((await sendEngineRequest(clientFor(url), 'deepl', { url, method: 'GET', timeoutMs: 2_000 }, policy)).status).toBe(200);
    expect(waits).toEqual(expected);
  });

  it('fails at once, without retrying, when the client refuses the address', async () => {
    let hits = 0;
    const { server, url } = await listen((_request, response) => {
      hits += 1;
      response.writeHead(200).end('{}');
    });
    servers.push(server);
    const { port } = new URL(url);
    const error = await sendEngineRequest(clientFor('http://127.0.0.1:1'), 'libretranslate', { url, method: 'GET', timeoutMs: 2_000 }, { retries: 3, backoffMs: 1, maxWaitMs: 1 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TranslateError);
    expect((error as TranslateError).retryable).toBe(false);
    expect((error as TranslateError).message).toBe(
      `translate: libretranslate: ${url}/ cannot be reached: refused address 127.0.0.1:${port} (loopback; not in fetch.allow_hosts)`,
    );
    expect(hits).toBe(0);
  });
});
