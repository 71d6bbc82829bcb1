import { describeError, TranslateError } from '../domain/errors.js';
import { translationEngineIds, type EngineCapabilities, type HttpClient, type LanguagePair, type TranslationEngine, type TranslationEngineId } from '../domain/types.js';
import { createApertiumEngine } from './engines/apertium.js';
import { createDeeplEngine } from './engines/deepl.js';
import type { DeeplOptions } from './engines/deepl.js';
import { createGoogleEngine } from './engines/google.js';
import { describeCheckFailure, type EnvVars } from './engines/http-engine.js';
import { createLibreTranslateEngine } from './engines/libretranslate.js';
import { createOpenAiEngine } from './engines/openai.js';


/** The engine settings the factory reads; the `Config` of relais.yaml has this shape. */
export interface EngineSettings {
  engines: {
    apertium: { url: string; timeout_ms: number };
    'opus-mt': { models_dir: string; dtype: 'fp32' | 'q8'; max_batch: number };
    libretranslate: { url: string; api_key_env: string; timeout_ms: number };
    deepl: DeeplSettings;
    google: { url: string; api_key_env: string; timeout_ms: number };
    openai: { url: string; model: string; api_key_env: string; timeout_ms: number };
  };
}

interface DeeplSettings {
  url: string;
  api_key_env: string;
  formality: DeeplOptions['formality'];
  glossary_id?: string | undefined;
  timeout_ms: number;
}

/** What engines get from the outside world. */
export interface EngineIo {
  /** The client HTTP engines send through; it must allow the configured URL of the engine. */
  http: HttpClient;
  /** Where API keys are read (default: process.env). */
  env?: EnvVars;
}


interface OpusMtModule {
  createOpusMtEngine(options: { modelsDir: string; dtype: 'fp32' | 'q8'; maxBatch: number }): TranslationEngine;
}

/**
 * Creates the engine named by `id` from the configuration; HTTP engines send through `io.http`
 * and read their keys from `io.env` now, opus-mt loads its runtime on first use.
 */
export function createEngine(id: TranslationEngineId, config: EngineSettings, io: EngineIo): TranslationEngine {
  const { engines } = config;
  const { http } = io;
  const env = io.env ?? process.env;
  switch (id) {
    case 'apertium':
      return createApertiumEngine({ url: engines.apertium.url, http, timeoutMs: engines.apertium.timeout_ms });
    case 'opus-mt':
      return createOpusMt(engines['opus-mt']);
    case 'libretranslate': {
      const { url, api_key_env, timeout_ms } = engines.libretranslate;
      return createLibreTranslateEngine({ url, http, apiKeyEnv: api_key_env, env, timeoutMs: timeout_ms });
    }
    case 'deepl': {
      const { url, api_key_env, formality, glossary_id, timeout_ms } = engines.deepl;
      return createDeeplEngine({ url, http, apiKeyEnv: api_key_env, env, timeoutMs: timeout_ms, formality, ...(glossary_id ? { glossaryId: glossary_id } : {}) });
    }
    case 'google':
      return createGoogleEngine({ url: engines.google.url, http, apiKeyEnv: engines.google.api_key_env, env, timeoutMs: engines.google.timeout_ms });
    case 'openai': {
      const { url, model, api_key_env, timeout_ms } = engines.openai;
      return createOpenAiEngine({ url, http, model, apiKeyEnv: api_key_env, env, timeoutMs: timeout_ms });
    }
    default:
      throw new TranslateError(String(id), `unknown engine "${String(id)}" (known: ${translationEngineIds.join(', ')})`, { retryable: false });
  }
}

/** The URL the engine `id` talks to (from the configuration), or undefined for an in-process engine. */
export function findEngineUrl(id: TranslationEngineId, config: EngineSettings): string | undefined {
  return id === 'opus-mt' ? undefined : config.engines[id]?.url;
}

function createOpusMt(settings: EngineSettings['engines']['opus-mt']): TranslationEngine {
  const options = { modelsDir: settings.models_dir, dtype: settings.dtype, maxBatch: settings.max_batch };
  // Imported on demand: the ONNX runtime is heavy and an Apertium-only setup never needs it.
  return createDeferredEngine('opus-mt', { maxBatch: settings.max_batch, acceptsMarkup: false }, async () => {
    const module = (await import('./engines/opus-mt.js')) as OpusMtModule;
    return module.createOpusMtEngine(options);
  });
}

/**
 * Wraps an engine that is created on first use; until then it declares `expected` capabilities,
 * afterwards the real engine's.
 */
function createDeferredEngine(
  id: string,
  expected: EngineCapabilities,
  load: () => Promise<TranslationEngine>,
): TranslationEngine {
  let loaded: TranslationEngine | undefined;
  let pending: Promise<TranslationEngine> | undefined;
  const getEngine = (): Promise<TranslationEngine> => {
    pending ??= load().then(
      (engine) => (loaded = engine),
      (error: unknown) => {
        pending = undefined;
        // Not retried: a runtime that fails to load (a missing native module) fails the same way next time.
        throw new TranslateError(id, `could not load the engine (${describeError(error)}); check the installation (npm install) and run relais doctor`, {
          cause: error,
          retryable: false,
        });
      },
    );
    return pending;
  };
  return {
    id,
    get capabilities() {
      return loaded?.capabilities ?? expected;
    },
    async translate(segments: readonly string[], pair: LanguagePair) {
      return (await getEngine()).translate(segments, pair);
    },
    async check(pair: LanguagePair) {
      try {
        return await (await getEngine()).check(pair);
      } catch (error) {
        return describeCheckFailure(error);
      }
    },
    async close() {
      await loaded?.close();
    },
  };
}
