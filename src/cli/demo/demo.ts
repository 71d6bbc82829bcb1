import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import { parseConfig, type Config } from '../../config/index.js';
import type { TranslationEngineId } from '../../domain/types.js';
import { CommandError } from '../../domain/errors.js';
import { formatAllowedHost } from '../../fetcher/index.js';
import { createEngineClient, createOperatorClient, openPipeline, runCampaigns } from '../../pipeline/index.js';
import { createEngine } from '../../translator/index.js';
import { startApertium, isApertiumInstalled, type ApertiumProcess } from '../../translator/engines/apertium-process.js';
import { serveNewsSite } from './news-server.js';

/** The sample news source bundled with relais (pages written for the demo). */
export const demoNewsDir = fileURLToPath(new URL('../../../demo/news', import.meta.url));

/** What the demo started; stop it to end the demo. */
export interface RunningDemo {
  config: Readonly<Config>;
  engine: TranslationEngineId;
  newsUrl: string;
  stop(): Promise<void>;
}

/**
 * Serves the sample news source on loopback and runs a campaign against it with whichever
 * engine is available: an installed opus-mt model, a reachable Apertium, or apertium-apy
 * started here.
 */
export async function startDemo(
  base: Readonly<Config>,
  options: { dataDir?: string; engine?: TranslationEngineId; logger: Logger },
): Promise<RunningDemo> {
  const news = await serveNewsSite(demoNewsDir);
  let apertium: ApertiumProcess | undefined;
  try {
    const choice = await chooseEngine(base, options.engine);
    apertium = choice.started;
    const config = demoConfig(base, news.baseUrl, choice.engine, choice.apertiumUrl, options.dataDir);
    options.logger.info({ engine: choice.engine, source: `${news.baseUrl}/feed.xml` }, 'demo: running the sample campaign');
    const pipeline = await openPipeline(config, { logger: options.logger });
    try {
      const summary = await runCampaigns(pipeline.ctx);
      options.logger.info(summary, 'demo: run finished');
    } finally {
      await pipeline.close();
    }
    const started = apertium;
    return {
      config,
      engine: choice.engine,
      newsUrl: news.baseUrl,
      async stop() {
        await news.stop();
        await started?.stop();
      },
    };
  } catch (error) {
    await news.stop();
    await apertium?.stop();
    throw error;
  }
}

async function chooseEngine(
  config: Readonly<Config>,
  wanted: TranslationEngineId | undefined,
): Promise<{ engine: TranslationEngineId; apertiumUrl?: string; started?: ApertiumProcess }> {
  const pair = { from: 'en', to: 'fr' };
  const problems: string[] = [];
  for (const id of wanted ? [wanted] : (['opus-mt', 'apertium'] as const)) {
    const http = createEngineClient(config, [id]);
    const engine = createEngine(id, config, { http });
    const problem = await engine.check(pair).finally(async () => {
      await engine.close();
      await http.close();
    });
    if (problem === null) return { engine: id };
    problems.push(problem);
  }
  if ((wanted ?? 'apertium') === 'apertium' && isApertiumInstalled()) {
    const started = await startApertium({ openHttpClient: (url) => createOperatorClient(config, [url]) });
    return { engine: 'apertium', apertiumUrl: started.url, started };
  }
  throw new CommandError(
    'demo',
    `no translation engine is available:\n  - ${problems.join('\n  - ')}\n` +
      'Either fetch the OPUS-MT model once (relais models pull opus-mt en-fr) or install Apertium ' +
      '(apt-get install apertium-apy apertium-eng-spa apertium-fr-es).',
  );
}

function demoConfig(base: Readonly<Config>, newsUrl: string, engine: TranslationEngineId, apertiumUrl: string | undefined, dataDir?: string): Readonly<Config> {
  return parseConfig({
    data_dir: resolve(dataDir ?? resolve(base.data_dir, 'demo')),
    site: { ...base.site, title: 'Relais — démonstration' },
    // The sample source listens on loopback, which relais refuses unless told otherwise: its
    // origin, and nothing else, is allowed.
    fetch: { ...base.fetch, allow_hosts: [formatAllowedHost(newsUrl)] },
    engines: { ...base.engines, apertium: { ...base.engines.apertium, ...(apertiumUrl ? { url: apertiumUrl } : {}) } },
    campaigns: [
      {
        id: 'demo-en2fr',
        sources: [`${newsUrl}/feed.xml`],
        from: 'en',
        to: 'fr',
        category: 'Nouvelles du monde',
        engine,
        cleanup: { min_words: 80 },
      },
    ],
  });
}
