import { afterEach, describe, expect, it } from 'vitest';
import type { FakeHttpService } from '../../../test/support/fake-http-service.js';
import { startFakeGoogle } from '../../../test/support/fake-translation-services.js';
import { createGoogleEngine, toGoogleCode } from './google.js';
import type { EnvVars } from './http-engine.js';

const EN_FR = { from: 'en', to: 'fr' };

describe('google engine', () => {
  let fake: FakeHttpService;
  afterEach(async () => {
    await fake?.close();
  });
  const create = (env: EnvVars = { GOOGLE_KEY: 'g-secret' }) =>
    createGoogleEngine({ url: fake.url, http: fake.http, apiKeyEnv: 'GOOGLE_KEY', env, timeoutMs: 2_000, retry: { retries: 2, backoffMs: 1, maxWaitMs: 1 } });

  it('posts q as a list with source, target and format html, the key in the query', async () => {
    fake = await startFakeGoogle({ apiKey: 'g-secret' });
    expect(await create().translate(['Hello.', "It's me."], { from: 'en', to: 'zh-TW' })).toEqual(['HELLO.', "IT'S ME."]);
    const [request] = fake.requests;
    expect(request?.query.get('key')).toBe('g-secret');
    expect(request?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request?.body).toEqual({ q: ['Hello.', "It's me."], source: 'en', target: 'zh-TW', format: 'html' });
  });

  it('explains a key the service rejects, without the key in the message', async () => {
    fake = await startFakeGoogle({ apiKey: 'right' });
    const error = (await create().translate(['Hello.'], EN_FR).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(
      `translate: google: ${fake.url}/language/translate/v2 refused the request (HTTP 400: API key not valid. Please pass a valid API key., badRequest); check the key in GOOGLE_KEY and that the Cloud Translation API is enabled for its project`,
    );
    expect(error.message).not.toContain('g-secret');
    expect(fake.requests).toHaveLength(1);
  });

  it('checks both languages against GET /language/translate/v2/languages', async () => {
    fake = await startFakeGoogle({ apiKey: 'g-secret' });
    expect(await create().check(EN_FR)).toBeNull();
    expect(await create().check({ from: 'en', to: 'ko' })).toBe(`google: ${fake.url} does not list ko among its languages`);
  });

  it('needs its key: check and translate say which variable to set', async () => {
    fake = await startFakeGoogle({ apiKey: 'g-secret' });
    expect(await create({}).check(EN_FR)).toBe('google: no API key; set GOOGLE_KEY');
    await expect(create({}).translate(['Hello.'], EN_FR)).rejects.toThrow('google: no API key; set GOOGLE_KEY');
    expect(fake.requests).toHaveLength(0);
  });
});

describe('toGoogleCode', () => {
  it.each([
    ['en', 'en'],
    ['fr-CA', 'fr'],
    ['zh', 'zh-CN'],
    ['zh-Hant', 'zh-TW'],
    ['pt-PT', 'pt-PT'],
    ['pt-BR', 'pt'],
  ])('%s → %s', (tag, code) => {
    expect(toGoogleCode(tag)).toBe(code);
  });
});
