import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { TranslateError } from '../../domain/errors.js';
import { describeUrl, parseRetryAfter, sendEngineRequest } from './http-retry.js';

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-03-01T12:00:00Z');
  it.each([
    ['0', 0],
    ['7', 7_000],
    [' 12 ', 12_000],
    ['Sat, 01 Mar 2025 12:00:30 GMT', 30_000],
    ['Sat, 01 Mar 2025 11:00:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
  ])('%s → %s ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

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
  afterEach(async () => {
    for (const server of servers.splice(0)) await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('does not wait when the server asks for longer than the cap, and says how long it asked', async () => {
    let hits = 0;
    const { server, url } = await listen((_request, response) => {
      hits += 1;
      response.writeHead(429, { 'retry-after': '3600' }).end('{}');
    });
    servers.push(server);
    const waits: number[] = [];
    const policy = { retries: 3, backoffMs: 10, maxWaitMs: 30_000, sleep: async (ms: number) => void waits.push(ms) };
    const error = await sendEngineRequest('deepl', { url, method: 'GET', timeoutMs: 2_000 }, policy).catch((e: unknown) => e);
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
    await expect(sendEngineRequest('google', { url, method: 'GET', timeoutMs: 2_000 }, policy)).rejects.toThrow('failed after 5 attempts (HTTP 502)');
    expect(waits).toEqual([100, 200, 250, 250]);
  });

  it('returns answers that are not transient as they are, 4xx included', async () => {
    const { server, url } = await listen((_request, response) => response.writeHead(404).end('missing'));
    servers.push(server);
    const response = await sendEngineRequest('openai', { url, method: 'GET', timeoutMs: 2_000 }, { retries: 2, backoffMs: 1, maxWaitMs: 1 });
    expect(response.status).toBe(404);
    expect(response.text).toBe('missing');
  });

  it('names the refused connection and appends the hint when nothing listens', async () => {
    const { server, url } = await listen(() => undefined);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const request = { url, method: 'GET' as const, timeoutMs: 2_000, hint: 'is the server running?' };
    await expect(sendEngineRequest('libretranslate', request, { retries: 1, backoffMs: 1, maxWaitMs: 1 })).rejects.toThrow(
      `libretranslate: ${url}/ failed after 2 attempts (ECONNREFUSED); is the server running?`,
    );
  });
});
