import { TranslateError } from '../domain/errors.js';
import type { EngineCapabilities, LanguagePair, TranslationEngine } from '../domain/types.js';
import { createApertiumEngine } from './engines/apertium.js';

/** The engines relais knows (the `engine` key of a campaign). */
export type TranslationEngineId = 'opus-mt' | 'apertium';

/** The engine settings the factory reads; the `Config` of relais.yaml has this shape. */
export interface EngineSettings {
  engines: {
    apertium: { url: string; timeout_ms: number };
    'opus-mt': { models_dir: string; dtype: 'fp32' | 'q8'; max_batch: number };
  };
}

interface OpusMtModule {
  createOpusMtEngine(options: { modelsDir: string; dtype: 'fp32' | 'q8'; maxBatch: number }): TranslationEngine;
}

/** Creates the engine named by `id` from the configuration; opus-mt loads its runtime on first use. */
export function createEngine(id: TranslationEngineId, config: EngineSettings): TranslationEngine {
  switch (id) {
    case 'apertium':
      return createApertiumEngine({ url: config.engines.apertium.url, timeoutMs: config.engines.apertium.timeout_ms });
    case 'opus-mt': {
      const settings = config.engines['opus-mt'];
      const options = { modelsDir: settings.models_dir, dtype: settings.dtype, maxBatch: settings.max_batch };
      // Imported on demand: the ONNX runtime is heavy and an Apertium-only setup never needs it.
      return createDeferredEngine('opus-mt', { maxBatch: settings.max_batch, acceptsMarkup: false }, async () => {
        const module = (await import('./engines/opus-mt.js')) as OpusMtModule;
        return module.createOpusMtEngine(options);
      });
    }
    default:
      throw new TranslateError(String(id), `unknown engine "${String(id)}" (known: opus-mt, apertium)`, { retryable: false });
  }
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
        throw new TranslateError(id, `could not load the engine: ${error instanceof Error ? error.message : String(error)}`, {
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
        return error instanceof Error ? error.message : String(error);
      }
    },
    async close() {
      await loaded?.close();
    },
  };
}
