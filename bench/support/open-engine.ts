// Opens an engine for a bench the way relais opens it (createEngine over the configuration),
// starting a private Apertium APy on a free loopback port unless a configuration file says
// where one runs.

import type { Config } from '../../src/config/index.js';
import { loadConfig, parseConfig } from '../../src/config/index.js';
import type { TranslationEngine } from '../../src/domain/types.js';
import { createEngineClient, createOperatorClient } from '../../src/pipeline/index.js';
import { createEngine } from '../../src/translator/engine.js';
import type { TranslationEngineId } from '../../src/domain/types.js';
import { startApertium } from '../../src/translator/engines/apertium-process.js';

/** What a bench asks for: the engine, and optional overrides of the configuration. */
export interface BenchEngineRequest {
  engine: string;
  configFile?: string;
  modelsDir?: string;
  dtype?: 'fp32' | 'q8';
  maxBatch?: number;
}

/** An engine ready to translate, with a description for the report and what to close. */
export interface BenchEngine {
  engine: TranslationEngine;
  description: string;
  close(): Promise<void>;
}

/** Reads the configuration (a file, or the defaults) with the request's overrides applied. */
export function readBenchConfig(request: BenchEngineRequest): Config {
  const base = request.configFile ? loadConfig(request.configFile, { createIfMissing: false }).config : parseConfig({});
  const opusMt = base.engines['opus-mt'];
  return {
    ...base,
    engines: {
      ...base.engines,
      'opus-mt': {
        models_dir: request.modelsDir ?? opusMt.models_dir,
        dtype: request.dtype ?? opusMt.dtype,
        max_batch: request.maxBatch ?? opusMt.max_batch,
      },
    },
  };
}

/** Creates the requested engine; Apertium gets a private APy unless `configFile` names its URL. */
export async function openBenchEngine(request: BenchEngineRequest): Promise<BenchEngine> {
  let config = readBenchConfig(request);
  let stopApy = async (): Promise<void> => {};
  let where = '';
  if (request.engine === 'apertium') {
    if (request.configFile === undefined) {
      const apy = await startApertium({ openHttpClient: (url) => createOperatorClient(config, [url]) });
      stopApy = apy.stop;
      config = { ...config, engines: { ...config.engines, apertium: { ...config.engines.apertium, url: apy.url } } };
      where = `APy started on ${apy.url}`;
    } else {
      where = `APy at ${config.engines.apertium.url}`;
    }
  } else if (request.engine === 'opus-mt') {
    const settings = config.engines['opus-mt'];
    where = `models ${settings.models_dir}, ${settings.dtype}, batch ${settings.max_batch}`;
  }
  const http = createEngineClient(config, [request.engine as TranslationEngineId]);
  const engine = createEngine(request.engine as TranslationEngineId, config, { http });
  return {
    engine,
    description: where === '' ? request.engine : `${request.engine} (${where})`,
    async close() {
      await engine.close();
      await http.close();
      await stopApy();
    },
  };
}
