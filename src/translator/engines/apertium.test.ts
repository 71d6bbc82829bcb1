import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TranslateError } from '../../domain/errors.js';
import type { HttpClient } from '../../domain/types.js';
import { openTestHttpClient } from '../../../test/support/http-client.js';
import { formatForEngine, restoreSegment } from '../placeholders.js';
import { segmentHtml } from '../segment.js';
import { createApertiumEngine, toApertiumCode } from './apertium.js';
import { isApertiumInstalled, startApertium } from './apertium-process.js';
import type { ApertiumProcess } from './apertium-process.js';
import { isCi } from '../../../test/support/shared-data.js';

const EN_FR = { from: 'en', to: 'fr' };
const hasApy = isApertiumInstalled();
if (!hasApy && isCi()) {
  throw new Error('/usr/bin/apertium-apy is missing and CI is set: install apertium-apy apertium-eng-spa apertium-fr-es');
}
if (!hasApy) console.warn('skipping the Apertium APy tests: /usr/bin/apertium-apy is not installed');

// Each engine sends through a client that allows its APy, as relais's engine client allows engines.apertium.url.
const clients: HttpClient[] = [];
function clientFor(url: string): HttpClient {
  const client = openTestHttpClient([url]);
  clients.push(client);
  return client;
}
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
});

function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` });
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A port that was free a moment ago and now has nothing listening on it. */
async function findClosedPort(): Promise<string> {
  const { server, url } = await listen(() => undefined);
  await closeServer(server);
  return url;
}

describe.skipIf(!hasApy)('Apertium engine against a real apertium-apy', () => {
  let apy: ApertiumProcess;
  beforeAll(async () => {
    apy = await startApertium({ openHttpClient: (url) => openTestHttpClient([url]) });
  });
  afterAll(async () => {
    await apy?.stop();
  });

  it('translates English to French through the chain, keeping links and emphasis', async () => {
    const engine = createApertiumEngine({ url: apy.url, http: clientFor(apy.url), timeoutMs: 30_000 });
    expect(await engine.check(EN_FR)).toBeNull();
    const html =
      '<p>The <a href="https://example.com/news?id=7&amp;x=1">president</a> said that he would travel to Moscow next week. ' +
      'The <em>house</em> is very big. It was a difficult day for the country.</p>';
    const segmented = segmentHtml(html, 'en');
    const translated = await engine.translate(segmented.segments.map((s) => formatForEngine(s, 'markup')), EN_FR);
    expect(translated).toHaveLength(segmented.segments.length);
    const restored = translated.map((text, i) => restoreSegment(text, segmented.segments[i]!));
    const output = restored.map((r) => r.output).join(' ');
    expect(output).toMatch(/\b(le|la|les)\b/i);
    expect(output).toMatch(/\b(est|a|de|pour)\b/);
    expect(output).toContain('<a href="https://example.com/news?id=7&amp;x=1">');
    expect(output).toMatch(/<em>[^<]+<\/em>/);
    expect(output).not.toContain('*');
    expect(restored.reduce((sum, r) => sum + r.repairs, 0)).toBe(0);
  });

  it('keeps the count when many segments travel in one request', async () => {
    const engine = createApertiumEngine({ url: apy.url, http: clientFor(apy.url), timeoutMs: 30_000, maxCharsPerRequest: 200 });
    const segments = Array.from({ length: 12 }, (_, i) => `The house number ${i + 1} is big.`);
    const translated = await engine.translate(segments, EN_FR);
    expect(translated).toHaveLength(12);
    translated.forEach((text, i) => expect(text).toContain(String(i + 1)));
  });

  it('translates segments batched in one request as it translates them one by one', async () => {
    const engine = createApertiumEngine({ url: apy.url, http: clientFor(apy.url), timeoutMs: 30_000 });
    // A heading without a final stop followed by a sentence: across a bare newline Apertium moves words.
    const segments = ['What we know', 'The <x1>talks</x1> start on Monday.', 'Why does it matter?'];
    const batched = await engine.translate(segments, EN_FR);
    const single = await Promise.all(segments.map(async (segment) => (await engine.translate([segment], EN_FR))[0]));
    expect(batched).toEqual(single);
  });

  it('says which pair is missing and how to install it', async () => {
    const engine = createApertiumEngine({ url: apy.url, http: clientFor(apy.url), timeoutMs: 30_000 });
    const problem = await engine.check({ from: 'en', to: 'de' });
    expect(problem).toMatch(/^apertium: no pair or chain for en→de at http:\/\/127\.0\.0\.1:\d+; install the pair package \(apt-get install apertium-/);
    await expect(engine.translate(['Hello.'], { from: 'en', to: 'de' })).rejects.toThrow(TranslateError);
  });
});

describe('Apertium engine failures', () => {
  it('names apertium, the URL and how to start it when nothing listens', async () => {
    const url = await findClosedPort();
    const engine = createApertiumEngine({ url, http: clientFor(url), timeoutMs: 2_000, retries: 1, backoffMs: 10 });
    const error = await engine.translate(['Hello.'], EN_FR).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranslateError);
    expect((error as TranslateError).engine).toBe('apertium');
    expect((error as TranslateError).message).toContain(url);
    expect((error as TranslateError).message).toContain('apertium-apy -p 2737');
    expect(await engine.check(EN_FR)).toContain(url);
  });

  it('retries a 500 and then succeeds', async () => {
    const requests: string[] = [];
    let failuresLeft = 1;
    const { server, url } = await listen((request, response) => {
      requests.push(request.url ?? '');
      if (request.url === '/listPairs') {
        response.end(JSON.stringify({ responseData: [{ sourceLanguage: 'eng', targetLanguage: 'fra' }], responseStatus: 200 }));
        return;
      }
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        response.statusCode = 500;
        response.end('{"status": "error", "code": 500}');
        return;
      }
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const q = new URLSearchParams(body).get('q') ?? '';
        const upper = q.replace(/(<[^>]+>)|([^<]+)/g, (_m, tag: string | undefined, text: string | undefined) => tag ?? `*${(text ?? '').toUpperCase()}`);
        response.end(JSON.stringify({ responseData: { translatedText: upper }, responseStatus: 200 }));
      });
    });
    try {
      const engine = createApertiumEngine({ url, http: clientFor(url), timeoutMs: 2_000, retries: 2, backoffMs: 10 });
      expect(await engine.translate(['hello  there', 'again'], EN_FR)).toEqual(['HELLO THERE', 'AGAIN']);
      expect(requests.filter((path) => path === '/translate')).toHaveLength(2);
    } finally {
      await closeServer(server);
    }
  });

  it('gives up after its retries with a retryable TranslateError', async () => {
    let hits = 0;
    const { server, url } = await listen((_request, response) => {
      hits += 1;
      response.statusCode = 503;
      response.end('busy');
    });
    try {
      const engine = createApertiumEngine({ url, http: clientFor(url), timeoutMs: 2_000, retries: 2, backoffMs: 5 });
      const error = await engine.translate(['Hello.'], EN_FR).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TranslateError);
      expect((error as TranslateError).retryable).toBe(true);
      expect((error as TranslateError).message).toContain('HTTP 503');
      expect(hits).toBe(3);
    } finally {
      await closeServer(server);
    }
  });
});

describe('Apertium failures, by whether the engine must stop for the pair', () => {
  it.each([
    ['a pair APy does not list', { from: 'en', to: 'de' }, undefined, false, /no pair or chain for en→de .*apt-get install apertium-en-de/],
    ['a refused pair', EN_FR, 'That pair is not installed', false, /has no mode for the pair \(That pair is not installed\); install the pair package/],
    ['a refused text', EN_FR, 'Input could not be processed', true, /refused the text \(Input could not be processed\)/],
  ])('%s', async (_name, pair, refusal, retryable, message) => {
    const { server, url } = await listen((request, response) => {
      if (request.url === '/listPairs') {
        response.end(JSON.stringify({ responseData: [{ sourceLanguage: 'eng', targetLanguage: 'fra' }], responseStatus: 200 }));
        return;
      }
      response.statusCode = 400;
      response.end(JSON.stringify({ status: 'error', code: 400, message: 'Bad Request', explanation: refusal }));
    });
    try {
      const engine = createApertiumEngine({ url, http: clientFor(url), timeoutMs: 2_000, retries: 0 });
      const error = await engine.translate(['Hello.'], pair).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TranslateError);
      expect((error as TranslateError).retryable).toBe(retryable);
      expect((error as TranslateError).message).toMatch(message);
    } finally {
      await closeServer(server);
    }
  });
});

describe('toApertiumCode', () => {
  it.each([
    ['en', 'eng'],
    ['fr', 'fra'],
    ['es', 'spa'],
    ['pt-BR', 'por'],
    ['eng', 'eng'],
  ])('%s → %s', (tag, code) => {
    expect(toApertiumCode(tag)).toBe(code);
  });
});
