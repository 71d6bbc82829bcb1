import { afterEach, describe, expect, it } from 'vitest';
import type { FakeHttpService } from '../../../test/support/fake-http-service.js';
import { startFakeDeepl } from '../../../test/support/fake-translation-services.js';
import { createDeeplEngine, toDeeplSourceCode, toDeeplTargetCode } from './deepl.js';
import type { DeeplOptions } from './deepl.js';

const EN_FR = { from: 'en', to: 'fr' };

describe('deepl engine', () => {
  let fake: FakeHttpService;
  afterEach(async () => {
    await fake?.close();
  });
  const create = (overrides: Partial<DeeplOptions> = {}) =>
    createDeeplEngine({ url: fake.url, http: fake.http, apiKeyEnv: 'DEEPL_KEY', env: { DEEPL_KEY: 'key:fx' }, timeoutMs: 2_000, formality: 'default', retry: { retries: 0 }, ...overrides });

  it('posts JSON with the auth header, tag_handling html, formality and glossary', async () => {
    fake = await startFakeDeepl({ apiKey: 'key:fx', glossaries: ['g-1'] });
    const engine = create({ formality: 'prefer_less', glossaryId: 'g-1' });
    expect(await engine.translate(['Hello.'], { from: 'en', to: 'pt-BR' })).toEqual(['HELLO.']);
    const [request] = fake.requests;
    expect(request?.headers.authorization).toBe('DeepL-Auth-Key key:fx');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body).toEqual({ text: ['Hello.'], source_lang: 'EN', target_lang: 'PT-BR', tag_handling: 'html', formality: 'prefer_less', glossary_id: 'g-1' });
  });

  it('leaves formality out when it is the default', async () => {
    fake = await startFakeDeepl({ apiKey: 'key:fx' });
    await create().translate(['Hello.'], EN_FR);
    expect(fake.requests[0]?.body).not.toHaveProperty('formality');
    expect(fake.requests[0]?.body).not.toHaveProperty('glossary_id');
  });

  it('explains a refused key without retrying', async () => {
    fake = await startFakeDeepl({ apiKey: 'other' });
    await expect(create({ retry: { retries: 3, backoffMs: 1 } }).translate(['Hello.'], EN_FR)).rejects.toThrow(
      `deepl: ${fake.url}/v2/translate refused the request (HTTP 403: Authorization failure, check auth_key); check the key in DEEPL_KEY (keys ending in :fx belong to https://api-free.deepl.com, others to https://api.deepl.com)`,
    );
    expect(fake.requests).toHaveLength(1);
  });

  it('names a glossary the account does not have', async () => {
    fake = await startFakeDeepl({ apiKey: 'key:fx', glossaries: [] });
    await expect(create({ glossaryId: 'gone' }).translate(['Hello.'], EN_FR)).rejects.toThrow(
      '(HTTP 404: Glossary not found.); check engines.deepl.url and engines.deepl.glossary_id',
    );
  });

  it('checks the target against GET /v2/languages?type=target', async () => {
    fake = await startFakeDeepl({ apiKey: 'key:fx' });
    expect(await create().check(EN_FR)).toBeNull();
    expect(await create().check({ from: 'en', to: 'ko' })).toMatch(new RegExp(`^deepl: ${fake.url} does not translate into KO \\(targets: DE, EN, `));
    expect(fake.requests[0]?.query.get('type')).toBe('target');
  });

  it('needs its key: check and translate say which variable to set, and nothing is sent', async () => {
    fake = await startFakeDeepl({ apiKey: 'key:fx' });
    const engine = create({ env: { DEEPL_KEY: '  ' } });
    expect(await engine.check(EN_FR)).toBe('deepl: no API key; set DEEPL_KEY');
    await expect(engine.translate(['Hello.'], EN_FR)).rejects.toThrow('deepl: no API key; set DEEPL_KEY');
    expect(fake.requests).toHaveLength(0);
  });
});

describe('DeepL language codes', () => {
  it.each([
    ['en', 'EN', 'EN-US'],
    ['en-GB', 'EN', 'EN-GB'],
    ['en-US', 'EN', 'EN-US'],
    ['pt', 'PT', 'PT-PT'],
    ['pt-BR', 'PT', 'PT-BR'],
    ['zh', 'ZH', 'ZH-HANS'],
    ['zh-TW', 'ZH', 'ZH-HANT'],
    ['fr', 'FR', 'FR'],
    ['de-AT', 'DE', 'DE'],
  ])('%s → source %s, target %s', (tag, source, target) => {
    expect(toDeeplSourceCode(tag)).toBe(source);
    expect(toDeeplTargetCode(tag)).toBe(target);
  });
});
