import { afterEach, describe, expect, it } from 'vitest';
import type { FakeHttpService } from '../../../test/support/fake-http-service.js';
import { startFakeLibreTranslate } from '../../../test/support/fake-translation-services.js';
import type { EnvVars } from './http-engine.js';
import { createLibreTranslateEngine, toLibreTranslateCode } from './libretranslate.js';

const EN_FR = { from: 'en', to: 'fr' };

describe('libretranslate engine', () => {
  let fake: FakeHttpService;
  afterEach(async () => {
    await fake?.close();
  });
  const create = (env: EnvVars) =>
    createLibreTranslateEngine({ url: `${fake.url}/`, http: fake.http, apiKeyEnv: 'LT_KEY', env, timeoutMs: 2_000, retry: { retries: 0 } });

  it('posts q as a list with source, target, format html and the key from the environment', async () => {
    fake = await startFakeLibreTranslate({ apiKey: 'k1' });
    expect(await create({ LT_KEY: ' k1 ' }).translate(['Hello.', 'Bye.'], EN_FR)).toEqual(['HELLO.', 'BYE.']);
    expect(fake.requests[0]?.body).toEqual({ q: ['Hello.', 'Bye.'], source: 'en', target: 'fr', format: 'html', api_key: 'k1' });
    expect(fake.requests[0]?.headers['content-type']).toBe('application/json');
  });

  it('sends no key to a server that needs none', async () => {
    fake = await startFakeLibreTranslate();
    expect(await create({}).translate(['Hello.'], EN_FR)).toEqual(['HELLO.']);
    expect(fake.requests[0]?.body).not.toHaveProperty('api_key');
  });

  it('says which variable to set when the server wants a key and none is set', async () => {
    fake = await startFakeLibreTranslate({ apiKey: 'k1' });
    await expect(create({}).translate(['Hello.'], EN_FR)).rejects.toThrow(
      `libretranslate: ${fake.url}/translate refused the request (HTTP 400: Please contact the server operator to get an API key); this server needs a key; set LT_KEY`,
    );
    expect(fake.requests).toHaveLength(1);
  });

  it('checks the pair against GET /languages', async () => {
    fake = await startFakeLibreTranslate();
    expect(await create({}).check(EN_FR)).toBeNull();
    expect(await create({}).check({ from: 'fr', to: 'es' })).toBe(
      `libretranslate: no fr→es at ${fake.url}/ (languages: en, fr, es); load the models for the pair on the server (--load-only)`,
    );
  });

  it('passes on what the server says about a pair it refuses, as a problem that stops the engine for the pair', async () => {
    fake = await startFakeLibreTranslate();
    const error = await create({}).translate(['Hallo.'], { from: 'de', to: 'fr' }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      retryable: false,
      message: expect.stringContaining('(HTTP 400: de is not supported); check the language pair (relais doctor lists what the server offers) and engines.libretranslate.url'),
    });
  });
});

describe('toLibreTranslateCode', () => {
  it.each([
    ['en', 'en'],
    ['fr-CA', 'fr'],
    ['pt_BR', 'pt'],
    ['zh', 'zh'],
    ['zh-Hans', 'zh'],
    ['zh-TW', 'zt'],
    ['zh-Hant', 'zt'],
  ])('%s → %s', (tag, code) => {
    expect(toLibreTranslateCode(tag)).toBe(code);
  });
});
