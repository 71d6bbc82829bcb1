import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { TranslateError } from '../domain/errors.js';
import type { EnvVars } from './engines/http-engine.js';
import { openTestHttpClient } from '../../test/support/http-client.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { createEngine, findEngineUrl } from './engine.js';
import type { TranslationEngineId } from '../domain/types.js';
import type { EngineIo, EngineSettings } from './engine.js';

function settings(overrides: { apertiumUrl?: string; modelsDir?: string } = {}): EngineSettings {
  return {
    engines: {
      apertium: { url: overrides.apertiumUrl ?? 'http://127.0.0.1:9', timeout_ms: 2_000 },
      'opus-mt': { models_dir: overrides.modelsDir ?? './models', dtype: 'q8', max_batch: 5 },
      libretranslate: { url: 'http://127.0.0.1:9', api_key_env: 'TEST_LT_KEY', timeout_ms: 2_000 },
      deepl: { url: 'http://127.0.0.1:9', api_key_env: 'TEST_DEEPL_KEY', formality: 'default', timeout_ms: 2_000 },
      google: { url: 'http://127.0.0.1:9', api_key_env: 'TEST_GOOGLE_KEY', timeout_ms: 2_000 },
      openai: { url: 'http://127.0.0.1:9/v1', model: 'test-model', api_key_env: 'TEST_OPENAI_KEY', timeout_ms: 2_000 },
    },
  };
}

async function findClosedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

describe('createEngine', () => {
  const cleanups: Array<() => void | Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  // What relais's engine client would be for these settings: it allows the configured URLs.
  const io = (urls: string[], env?: EnvVars): EngineIo => {
    const http = openTestHttpClient(urls);
    cleanups.push(() => http.close());
    return env ? { http, env } : { http };
  };

  it('creates the Apertium engine at the configured URL', async () => {
    const url = await findClosedPortUrl();
    const engine = createEngine('apertium', settings({ apertiumUrl: url }), io([url]));
    expect(engine.id).toBe('apertium');
    expect(engine.capabilities.acceptsMarkup).toBe(true);
    const problem = await engine.check({ from: 'en', to: 'fr' });
    expect(problem).toContain(url);
    await engine.close();
  });

  it('creates opus-mt lazily: configured batch size, and a problem naming the engine when no model is there', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.remove);
    const engine = createEngine('opus-mt', settings({ modelsDir: temp.dir }), io([]));
    expect(engine.id).toBe('opus-mt');
    expect(engine.capabilities).toEqual({ maxBatch: 5, acceptsMarkup: false });
    const problem = await engine.check({ from: 'en', to: 'fr' });
    expect(problem).toMatch(/opus-mt/);
    await expect(engine.translate(['Hello.'], { from: 'en', to: 'fr' })).rejects.toThrow(TranslateError);
    await engine.close();
  });

  it.each([
    ['libretranslate', true],
    ['deepl', true],
    ['google', true],
    ['openai', true],
  ] as const)('creates the %s engine, which accepts markup', (id, acceptsMarkup) => {
    const engine = createEngine(id, settings(), io([], {}));
    expect(engine.id).toBe(id);
    expect(engine.capabilities.acceptsMarkup).toBe(acceptsMarkup);
  });

  it.each([
    ['deepl', 'TEST_DEEPL_KEY'],
    ['google', 'TEST_GOOGLE_KEY'],
  ] as const)('%s without its key says which variable to set, in check and translate', async (id, variable) => {
    const engine = createEngine(id, settings(), io([], { OTHER: 'x' }));
    expect(await engine.check({ from: 'en', to: 'fr' })).toBe(`${id}: no API key; set ${variable}`);
    await expect(engine.translate(['Hello.'], { from: 'en', to: 'fr' })).rejects.toThrow(`${id}: no API key; set ${variable}`);
  });

  it('refuses an engine it does not know', () => {
    expect(() => createEngine('babelfish' as TranslationEngineId, settings(), io([]))).toThrow(/unknown engine "babelfish"/);
  });

  it('sends through the client it is given, which refuses an engine URL it does not allow', async () => {
    const url = await findClosedPortUrl();
    const engine = createEngine('apertium', settings({ apertiumUrl: url }), io([]));
    expect(await engine.check({ from: 'en', to: 'fr' })).toContain(`refused address 127.0.0.1:${new URL(url).port} (loopback; not in fetch.allow_hosts)`);
  });
});

describe('findEngineUrl', () => {
  it.each([
    ['apertium', 'http://127.0.0.1:2737'],
    ['libretranslate', 'http://127.0.0.1:9'],
    ['openai', 'http://127.0.0.1:9/v1'],
    ['opus-mt', undefined],
  ] as const)('%s talks to %s', (id, url) => {
    expect(findEngineUrl(id, settings({ apertiumUrl: 'http://127.0.0.1:2737' }))).toBe(url);
  });
});
