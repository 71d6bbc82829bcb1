// Prints stories per second for one run of the pipeline over the end-to-end fixture
// (test/fixtures/news-site on a loopback server): without translation (poll → extract) and
// with Apertium (poll → publish). Median of several runs, each on a fresh database.
//
//   npm run bench:pipeline [-- --runs 3]

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { parseConfig } from '../src/config/index.js';
import { serveNewsSite } from '../src/cli/demo/news-server.js';
import type { Stage } from '../src/domain/types.js';
import { openPipeline, runCampaigns } from '../src/pipeline/index.js';
import { isApertiumInstalled, startApertium } from '../src/translator/engines/apertium-process.js';
import { openTestHttpClient } from '../test/support/http-client.js';
import { makeTempDir } from '../test/support/temp-dir.js';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
const fixture = fileURLToPath(new URL('../test/fixtures/news-site', import.meta.url));

async function timeRun(newsUrl: string, apertiumUrl: string, until: Stage): Promise<{ seconds: number; stories: number }> {
  const temp = makeTempDir('relais-bench-');
  const config = parseConfig({
    data_dir: join(temp.dir, 'data'),
    fetch: { allow_hosts: [new URL(newsUrl).host] },
    engines: { apertium: { url: apertiumUrl } },
    campaigns: [{ id: 'bench', sources: [`${newsUrl}/feed.xml`], from: 'en', to: 'fr', category: 'Bench', engine: 'apertium' }],
  });
  const pipeline = await openPipeline(config, { logger: pino({ level: 'silent' }) });
  try {
    const started = process.hrtime.bigint();
    const summary = await runCampaigns(pipeline.ctx, { until });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (summary.failed > 0) throw new Error(`bench run had ${summary.failed} failed stories`);
    return { seconds, stories: summary.discovered };
  } finally {
    await pipeline.close();
    temp.remove();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function main(): Promise<void> {
  if (!isApertiumInstalled()) throw new Error('apertium-apy is not installed (apt-get install apertium-apy apertium-eng-spa apertium-fr-es)');
  const news = await serveNewsSite(fixture);
  const apertium = await startApertium({ openHttpClient: (url) => openTestHttpClient([url]) });
  try {
    await timeRun(news.baseUrl, apertium.url, 'publish'); // warm-up: APy starts its pipes on first use
    for (const [label, until] of [['without translation (poll → extract)', 'extract'], ['with Apertium (poll → publish)', 'publish']] as const) {
      const results = [];
      for (let i = 0; i < runs; i++) results.push(await timeRun(news.baseUrl, apertium.url, until));
      const rates = results.map((r) => r.stories / r.seconds);
      const seconds = results.map((r) => r.seconds.toFixed(2)).join(', ');
      console.log(`${label}: ${median(rates).toFixed(2)} stories/s (median of ${runs}; ${results[0]!.stories} stories; runs ${seconds} s)`);
    }
  } finally {
    await apertium.stop();
    await news.stop();
  }
}

await main();
