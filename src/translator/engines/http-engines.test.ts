import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TranslateError } from '../../domain/errors.js';
import type { HttpClient, TranslationEngine, TranslationMemory } from '../../domain/types.js';
import type { Fault, FakeHttpService, RecordedRequest } from '../../../test/support/fake-http-service.js';
import { openTestHttpClient } from '../../../test/support/http-client.js';
import { startFakeDeepl, startFakeGoogle, startFakeLibreTranslate, startFakeOpenAi } from '../../../test/support/fake-translation-services.js';
import { translateArticle } from '../translate-article.js';
import { createDeeplEngine } from './deepl.js';
import { createGoogleEngine } from './google.js';
import type { EnvVars } from './http-engine.js';
import type { RetryPolicy } from './http-retry.js';
import { createLibreTranslateEngine } from './libretranslate.js';
import { createOpenAiEngine } from './openai.js';

// The contract every HTTP engine keeps, each against a loopback fake of its service.

const EN_FR = { from: 'en', to: 'fr' };

interface EngineCase {
  id: string;
  start(): Promise<FakeHttpService>;
  create(fake: FakeHttpService, env: EnvVars, tuning: { timeoutMs: number; retry: Partial<RetryPolicy>; http: HttpClient }): TranslationEngine;
  env: EnvVars;
  translatePath: string;
  /** The segments one recorded translate request carried. */
  sentSegments(request: RecordedRequest): string[];
  /** An answer retrying would not change (bad key, spent quota), and what the failure must say. */
  refusal: Fault;
  refusalText: RegExp;
}

const field = (body: unknown, key: string): unknown => (body as Record<string, unknown>)[key];

const CASES: EngineCase[] = [
  {
    id: 'libretranslate',
    start: () => startFakeLibreTranslate({ apiKey: 'lt-key' }),
    create: (fake, env, tuning) => createLibreTranslateEngine({ url: fake.url, apiKeyEnv: 'LT_KEY', env, ...tuning }),
    env: { LT_KEY: 'lt-key' },
    translatePath: '/translate',
    sentSegments: (request) => field(request.body, 'q') as string[],
    refusal: { kind: 'status', status: 403, message: 'Too many request limits violations' },
    refusalText: /HTTP 403: Too many request limits violations\); check the key in LT_KEY/,
  },
  {
    id: 'deepl',
    start: () => startFakeDeepl({ apiKey: 'deepl-key:fx' }),
    create: (fake, env, tuning) => createDeeplEngine({ url: fake.url, apiKeyEnv: 'DEEPL_KEY', env, formality: 'default', ...tuning }),
    env: { DEEPL_KEY: 'deepl-key:fx' },
    translatePath: '/v2/translate',
    sentSegments: (request) => field(request.body, 'text') as string[],
    refusal: { kind: 'status', status: 456, message: 'Quota exceeded' },
    refusalText: /HTTP 456: Quota exceeded\); the character quota of this billing period is spent/,
  },
  {
    id: 'google',
    start: () => startFakeGoogle({ apiKey: 'google-key' }),
    create: (fake, env, tuning) => createGoogleEngine({ url: fake.url, apiKeyEnv: 'GOOGLE_KEY', env, ...tuning }),
    env: { GOOGLE_KEY: 'google-key' },
    translatePath: '/language/translate/v2',
    sentSegments: (request) => field(request.body, 'q') as string[],
    refusal: { kind: 'status', status: 403, message: 'Daily Limit Exceeded', reason: 'dailyLimitExceeded' },
    refusalText: /HTTP 403: Daily Limit Exceeded, dailyLimitExceeded\); the quota of the Google Cloud project is spent/,
  },
  {
    id: 'openai',
    start: () => startFakeOpenAi({ apiKey: 'sk-test', models: ['test-model'] }),
    create: (fake, env, tuning) => createOpenAiEngine({ url: `${fake.url}/v1`, model: 'test-model', apiKeyEnv: 'OPENAI_KEY', env, ...tuning }),
    env: { OPENAI_KEY: 'sk-test' },
    translatePath: '/v1/chat/completions',
    sentSegments: (request) => {
      const messages = field(request.body, 'messages') as Array<{ content: string }>;
      return (JSON.parse(messages[1]?.content ?? '{}') as { segments: string[] }).segments;
    },
    refusal: { kind: 'status', status: 429, message: 'You exceeded your current quota', reason: 'insufficient_quota' },
    refusalText: /HTTP 429: You exceeded your current quota\); the account has no quota left/,
  },
];

/** A memory that knows nothing, so every segment goes to the engine. */
const EMPTY_MEMORY: TranslationMemory = { lookup: async () => new Map(), remember: async () => undefined };

// Each engine sends through a hardened client that allows its fake's origin, as relais's
// engine client allows the configured engine URL.
const clients: HttpClient[] = [];
const track = (client: HttpClient): HttpClient => {
  clients.push(client);
  return client;
};
const openClient = (fake: FakeHttpService): HttpClient => track(openTestHttpClient([fake.url]));
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
});

describe.each(CASES)('$id engine against a fake of its documented API', (c) => {
  let fake: FakeHttpService;
  const waits: number[] = [];
  const tuning = (timeoutMs = 2_000) => ({
    timeoutMs,
    retry: { retries: 2, backoffMs: 10, maxWaitMs: 5_000, sleep: async (ms: number) => void waits.push(ms) },
    http: openClient(fake),
  });
  const translateRequests = () => fake.requests.filter((request) => request.path === c.translatePath);

  afterEach(async () => {
    waits.length = 0;
    await fake?.close();
  });

  it('translates in batches within its limit, in order, as the API documents', async () => {
    fake = await c.start();
    const engine = c.create(fake, c.env, tuning());
    const total = engine.capabilities.maxBatch * 2 + 3;
    const segments = Array.from({ length: total }, (_, i) => `Sentence number ${i + 1}.`);
    const translated = await engine.translate(segments, EN_FR);
    expect(translated).toEqual(segments.map((segment) => segment.toUpperCase()));
    expect(fake.violations).toEqual([]);
    const sent = translateRequests().map(c.sentSegments);
    expect(sent).toHaveLength(3);
    expect(sent.every((batch) => batch.length <= engine.capabilities.maxBatch)).toBe(true);
    expect(sent.flat().sort()).toEqual([...segments].sort());
  });

  it('keeps placeholder tags and decodes what the service escaped', async () => {
    fake = await c.start();
    const engine = c.create(fake, c.env, tuning());
    expect(engine.capabilities.acceptsMarkup).toBe(true);
    const translated = await engine.translate(['The <x1>president</x1> said it\'s "5 > 4" & true<x2/>.', '  '], EN_FR);
    expect(translated).toEqual(['THE <x1>PRESIDENT</x1> SAID IT\'S "5 > 4" & TRUE<x2/>.', '  ']);
    expect(fake.violations).toEqual([]);
    expect(translateRequests()).toHaveLength(1);
  });

  it('waits as long as a 429 Retry-After asks, then succeeds', async () => {
    fake = await c.start();
    fake.faults.push({ kind: 'status', status: 429, message: 'Too Many Requests', headers: { 'retry-after': '2' } });
    const engine = c.create(fake, c.env, tuning());
    expect(await engine.translate(['Hello.'], EN_FR)).toEqual(['HELLO.']);
    expect(waits).toEqual([2_000]);
    expect(translateRequests()).toHaveLength(2);
  });

  it('backs off exponentially on 5xx, then succeeds', async () => {
    fake = await c.start();
    fake.faults.push({ kind: 'status', status: 500, message: 'Internal error' }, { kind: 'status', status: 503, message: 'Unavailable' });
    const engine = c.create(fake, c.env, tuning());
    expect(await engine.translate(['Hello.'], EN_FR)).toEqual(['HELLO.']);
    expect(waits).toEqual([10, 20]);
    expect(translateRequests()).toHaveLength(3);
  });

  it('gives up after its attempts on a lasting 5xx, naming the engine, the URL and the reason', async () => {
    fake = await c.start();
    fake.persistentFault = { kind: 'status', status: 503, message: 'Unavailable' };
    const engine = c.create(fake, c.env, tuning());
    const error = await engine.translate(['Hello.'], EN_FR).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranslateError);
    expect((error as TranslateError).engine).toBe(c.id);
    expect((error as TranslateError).retryable).toBe(true);
    expect((error as TranslateError).message).toBe(`translate: ${c.id}: ${fake.url}${c.translatePath} failed after 3 attempts (HTTP 503)`);
    expect(translateRequests()).toHaveLength(3);
  });

  it('fails at once, without retrying, on an answer that retrying would not change', async () => {
    fake = await c.start();
    fake.faults.push(c.refusal);
    const engine = c.create(fake, c.env, tuning());
    const error = await engine.translate(['Hello.'], EN_FR).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranslateError);
    expect((error as TranslateError).message).toMatch(c.refusalText);
    expect((error as TranslateError).message).toContain(`${c.id}: ${fake.url}${c.translatePath}`);
    expect((error as TranslateError).retryable).toBe(false);
    expect(translateRequests()).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('retries a request that got no answer in time, and says so when none comes', async () => {
    fake = await c.start();
    fake.faults.push({ kind: 'hang' });
    const engine = c.create(fake, c.env, tuning(300));
    expect(await engine.translate(['Hello.'], EN_FR)).toEqual(['HELLO.']);
    fake.persistentFault = { kind: 'hang' };
    await expect(engine.translate(['Again.'], EN_FR)).rejects.toThrow(`${c.id}: ${fake.url}${c.translatePath} failed after 3 attempts (no answer within 300 ms)`);
  });

  it('is ready for a pair the service has, and says what is wrong otherwise', async () => {
    fake = await c.start();
    expect(await c.create(fake, c.env, tuning()).check(EN_FR)).toBeNull();
    fake.persistentFault = { kind: 'status', status: 401, message: 'Unauthorized' };
    expect(await c.create(fake, c.env, tuning()).check(EN_FR)).toMatch(new RegExp(`${c.id}: .*HTTP 401`));
  });

  it('translates a whole article through translateArticle with links, emphasis and URLs intact', async () => {
    fake = await c.start();
    const engine = c.create(fake, c.env, tuning());
    const html =
      '<p>The <a href="https://example.com/a?x=1&amp;y=2">president</a> said <em>it is</em> fine.</p>' +
      '<p>Read https://example.com/report for more.</p>';
    const result = await translateArticle({ title: 'Talks start', summary: 'A summary.', html }, { engine, pair: EN_FR, memory: EMPTY_MEMORY });
    expect(fake.violations).toEqual([]);
    expect(result.title).toBe('TALKS START');
    expect(result.html).toContain('<a href="https://example.com/a?x=1&amp;y=2">PRESIDENT</a>');
    expect(result.html).toMatch(/<em>IT IS<\/em>/);
    expect(result.html).toContain('https://example.com/report');
    expect(result.stats.repairs).toBe(0);
    expect(result.stats.sentToEngine).toBeGreaterThan(0);
  });
});

describe.each(CASES.filter((c) => c.id !== 'openai'))('$id engine escapes text for a service that reads HTML', (c) => {
  it('sends < and & as entities around the tags, and gives them back as text', async () => {
    const fake = await c.start();
    try {
      const engine = c.create(fake, c.env, { timeoutMs: 2_000, retry: { retries: 0 }, http: openClient(fake) });
      expect(await engine.translate(['If a < b & c, then <x1>d</x1>.'], EN_FR)).toEqual(['IF A < B & C, THEN <x1>D</x1>.']);
      const sent = fake.requests.filter((request) => request.path === c.translatePath).map(c.sentSegments);
      expect(sent).toEqual([['If a &lt; b &amp; c, then <x1>d</x1>.']]);
    } finally {
      await fake.close();
    }
  });
});

describe.each(CASES)('$id engine behind a redirect', (c) => {
  let fake: FakeHttpService;
  let redirector: Server;
  let redirectorUrl: string;
  beforeEach(async () => {
    fake = await c.start();
    // The configured engine URL answers every request with a 307 to the service on another port.
    redirector = createServer((request, response) => response.writeHead(307, { location: `${fake.url}${request.url ?? '/'}` }).end());
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    redirectorUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await fake.close();
    await new Promise<void>((resolve) => redirector.close(() => resolve()));
  });
  const create = (allowed: string[]) =>
    c.create({ ...fake, url: redirectorUrl }, c.env, { timeoutMs: 2_000, retry: { retries: 2, backoffMs: 1 }, http: track(openTestHttpClient(allowed)) });

  it('is refused at the hop to a private port that is not allowed, at once and without reaching it', async () => {
    const error = await create([redirectorUrl]).translate(['Hello.'], EN_FR).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranslateError);
    expect((error as TranslateError).retryable).toBe(false);
    const port = new URL(fake.url).port;
    expect((error as TranslateError).message).toMatch(new RegExp(`^translate: ${c.id}: ${redirectorUrl}\\S* redirects to ${fake.url}\\S*, which cannot be reached: `));
    expect((error as TranslateError).message).toContain(`refused address 127.0.0.1:${port} (loopback; not in fetch.allow_hosts)`);
    expect(fake.requests).toEqual([]);
  });

  // A redirect to another port is a redirect to another origin: the key in an Authorization
  // header stays behind (deepl, openai), a key in the body or the query goes along.
  it('follows it with method and body when both origins are allowed, without the Authorization header', async () => {
    const outcome = await create([redirectorUrl, fake.url]).translate(['Hello.'], EN_FR).catch((e: unknown) => e);
    const translated = fake.requests.filter((request) => request.path === c.translatePath);
    expect(translated.map((request) => [request.method, c.sentSegments(request)])).toEqual([['POST', ['Hello.']]]);
    expect(translated[0]?.headers.authorization).toBeUndefined();
    if (c.id === 'deepl' || c.id === 'openai') expect((outcome as TranslateError).message).toMatch(/HTTP 40[13]/);
    else expect(outcome).toEqual(['HELLO.']);
  });
});

// Not retryable means the engine cannot serve the pair until someone acts, and the pipeline stops it
// for the pair; a limit that passes, or a problem with one text, fails only the story.
const CLASSIFIED: Array<[string, Fault, boolean]> = [
  ['libretranslate', { kind: 'status', status: 403, message: 'Invalid API key' }, false],
  ['libretranslate', { kind: 'status', status: 400, message: 'fr is not supported' }, false],
  ['deepl', { kind: 'status', status: 403, message: 'Authorization failure, check auth_key' }, false],
  ['deepl', { kind: 'status', status: 456, message: 'Quota exceeded' }, false],
  ['google', { kind: 'status', status: 403, message: 'Daily Limit Exceeded', reason: 'dailyLimitExceeded' }, false],
  ['google', { kind: 'status', status: 403, message: 'Quota Exceeded', reason: 'quotaExceeded' }, false],
  ['google', { kind: 'status', status: 403, message: 'User Rate Limit Exceeded', reason: 'userRateLimitExceeded' }, true],
  ['google', { kind: 'status', status: 400, message: 'API key not valid. Please pass a valid API key.', reason: 'keyInvalid' }, false],
  ['openai', { kind: 'status', status: 401, message: 'Incorrect API key provided.' }, false],
  ['openai', { kind: 'status', status: 429, message: 'You exceeded your current quota', reason: 'insufficient_quota' }, false],
  ['openai', { kind: 'status', status: 404, message: 'The model `test-model` does not exist' }, false],
  ['openai', { kind: 'status', status: 400, message: "This model's maximum context length is 8192 tokens", reason: 'context_length_exceeded' }, true],
];

describe('HTTP engine failures, by whether the engine must stop', () => {
  it.each(CLASSIFIED)('%s answering %j is retryable: %s', async (id, fault, retryable) => {
    const c = CASES.find((candidate) => candidate.id === id)!;
    const fake = await c.start();
    try {
      fake.persistentFault = fault;
      const engine = c.create(fake, c.env, { timeoutMs: 2_000, retry: { retries: 1, backoffMs: 1, sleep: async () => undefined }, http: fake.http });
      const error = await engine.translate(['Hello.'], EN_FR).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TranslateError);
      expect((error as TranslateError).retryable).toBe(retryable);
      // Either way the message says what to do.
      expect((error as TranslateError).detail).toMatch(/; (check|set|the|this|raise|install)\b/);
    } finally {
      await fake.close();
    }
  });

  // LibreTranslate and self-hosted OpenAI-compatible servers may need no key.
  it.each(['deepl', 'google'])('%s without its key stops at once, saying which variable to set', async (id) => {
    const c = CASES.find((candidate) => candidate.id === id)!;
    const fake = await c.start();
    try {
      const error = await c.create(fake, {}, { timeoutMs: 2_000, retry: {}, http: fake.http }).translate(['Hello.'], EN_FR).catch((e: unknown) => e);
      expect(error).toMatchObject({ retryable: false, detail: expect.stringMatching(/^no API key; set [A-Z_]+$/) });
      expect(fake.requests).toHaveLength(0);
    } finally {
      await fake.close();
    }
  });
});
