import { Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../config/index.js';
import { describeError, RelaisError } from '../domain/errors.js';
import { translationEngineIds, type Stage, type StoryState, type TranslationEngineId } from '../domain/types.js';
import { registerModelsCommand } from './commands/models.js';

// Command modules load on demand: `relais --help` or `relais doctor` need not load the
// extractor, the site and the language models of every other command.
const storyStates: readonly StoryState[] = ['discovered', 'fetched', 'extracted', 'translated', 'published', 'skipped', 'failed', 'held', 'unpublished'];

const DEFAULT_CONFIG = 'relais.yaml';

/** Parses the command line and runs the command; the only place that sets the exit code. */
export async function main(argv: readonly string[]): Promise<void> {
  try {
    await buildProgram().parseAsync([...argv]);
  } catch (error) {
    process.stderr.write(`relais: ${describeError(error)}\n`);
    if (!(error instanceof RelaisError) && process.env.RELAIS_DEBUG) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    process.exit(error instanceof RelaisError && error.stage === 'config' ? 2 : 1);
  }
}

function buildProgram(): Command {
  const program = new Command('relais')
    .description('Relays news across languages: watches feeds, extracts, translates and republishes articles.')
    .showHelpAfterError();
  const configOption = () => new Option('-c, --config <file>', 'configuration file').default(DEFAULT_CONFIG);

  program
    .command('run')
    .description('one pass of every campaign: poll, fetch, extract, translate, publish; prints a summary')
    .addOption(configOption())
    .option('--campaign <id...>', 'only these campaigns')
    .addOption(new Option('--until <stage>', 'stop after this stage').choices(['poll', 'fetch', 'extract', 'translate', 'publish']))
    .action(async (options: { config: string; campaign?: string[]; until?: Stage }) => {
      const { config } = loadConfig(options.config);
      const { runOnce } = await import('./commands/run.js');
      await runOnce(config, options);
    });

  program
    .command('serve')
    .description('serve the public site only')
    .addOption(configOption())
    .option('-p, --port <n>', 'port (overrides site.port)', parsePort)
    .action(async (options: { config: string; port?: number }) => {
      const { config } = loadConfig(options.config);
      const { serveSite, waitForSignal } = await import('./commands/serve.js');
      const site = await serveSite(config, options);
      process.stderr.write(`relais: site listening on ${site.url}\n`);
      await waitForSignal();
      await site.close();
    });

  program
    .command('start')
    .description('the main job: the site plus the scheduler (what npm start runs)')
    .addOption(configOption())
    .option('-p, --port <n>', 'port (overrides site.port)', parsePort)
    .action(async (options: { config: string; port?: number }) => {
      const { config, file, created } = loadConfig(options.config);
      if (created) process.stderr.write(`relais: wrote the default configuration to ${file}\n`);
      const { startRelais } = await import('./commands/serve.js');
      await startRelais(config, options);
    });

  program
    .command('export')
    .description('write the site as static files (with .gz siblings) for any web server, object store or CDN')
    .addOption(configOption())
    .requiredOption('-o, --out <dir>', 'where: becomes a link to the new tree, switched in one step')
    .action(async (options: { config: string; out: string }) => {
      const { config } = loadConfig(options.config);
      const { exportStaticSite } = await import('./commands/export.js');
      const report = await exportStaticSite(config, options.out);
      process.stdout.write(`exported ${report.files} pages (${Math.round(report.bytes / 1024)} KiB) to ${options.out} → ${report.tree}\n`);
    });

  program
    .command('worker')
    .description('claim and process stories until stopped; several workers can share one database (PostgreSQL across machines)')
    .addOption(configOption())
    .option('--stages <list>', 'only these stages, comma-separated: fetch,extract,translate,publish (all by default)')
    .option('--campaign <id...>', 'only these campaigns')
    .action(async (options: { config: string; stages?: string; campaign?: string[] }) => {
      const { config } = loadConfig(options.config);
      const { runWorker } = await import('./commands/worker.js');
      await runWorker(config, { ...(options.stages ? { stages: [options.stages] } : {}), ...(options.campaign ? { campaign: options.campaign } : {}) });
    });

  program
    .command('translate <url>')
    .description('fetch, extract and translate one article to stdout (no database)')
    .requiredOption('--to <lang>', 'target language')
    .option('--from <lang>', 'source language (default: detected)')
    .addOption(new Option('--engine <id>', 'translation engine').choices(translationEngineIds))
    .addOption(new Option('--format <format>', 'output format').choices(['html', 'markdown']).default('html'))
    .addOption(configOption())
    .action(async (url: string, options: { to: string; from?: string; engine?: TranslationEngineId; format: 'html' | 'markdown'; config: string }) => {
      const { config } = loadConfig(options.config, { fallbackToDefaults: true });
      const { translateUrl } = await import('./commands/translate.js');
      process.stdout.write(await translateUrl(config, url, options));
    });

  program
    .command('doctor')
    .description('check the configuration, the database, each engine and model')
    .addOption(configOption())
    .action(async (options: { config: string }) => {
      const { config, file } = loadConfig(options.config);
      const { examine, formatFindings } = await import('./commands/doctor.js');
      const findings = await examine(config, file);
      process.stdout.write(`${formatFindings(findings)}\n`);
      if (findings.some((finding) => !finding.ok)) process.exitCode = 1;
    });

  const stories = program
    .command('stories')
    .description('what happened to each story, with the stage and reason of skips and failures')
    .addOption(configOption())
    .addOption(new Option('--state <state>', 'only stories in this state').choices(storyStates))
    .option('--campaign <id>', 'only this campaign')
    .option('--limit <n>', 'how many', parsePositive, 50)
    .option('--json', 'as JSON')
    .action(async (options: { config: string; state?: StoryState; campaign?: string; limit: number; json?: boolean }) => {
      const { config } = loadConfig(options.config);
      const { printStories } = await import('./commands/stories.js');
      await printStories(config, options);
    });
  stories
    .command('release <id>')
    .description('publish a held story after review (at the next run), or with --retranslate translate and check it again')
    .option('--retranslate', 'translate again (after a glossary or threshold change) instead of publishing as it is')
    .action(async (id: string, options: { retranslate?: boolean }, command: Command) => {
      // --config belongs to `stories`, which sees it on either side of `release`.
      const { config } = loadConfig((command.optsWithGlobals() as { config: string }).config);
      const { releaseStory } = await import('./commands/review.js');
      process.stdout.write(`${await releaseStory(config, parsePositive(id), options)}\n`);
    });

  stories
    .command('unpublish <id>')
    .description('take a published story down: its page answers 410 Gone, it leaves every list and feed, its slug is never reused')
    .requiredOption('--reason <text>', 'why (kept in the audit log)')
    .action(async (id: string, options: { reason: string }, command: Command) => {
      const { config } = loadConfig((command.optsWithGlobals() as { config: string }).config);
      const { unpublishFromCommandLine } = await import('./commands/review.js');
      process.stdout.write(`${await unpublishFromCommandLine(config, parsePositive(id), options.reason)}\n`);
    });
  stories
    .command('delete <id>')
    .description("erase a story's page, article and translations (a published one is taken down first); its URL is kept so polling never takes it in again")
    .option('--reason <text>', 'why (kept in the audit log)')
    .action(async (id: string, options: { reason?: string }, command: Command) => {
      const { config } = loadConfig((command.optsWithGlobals() as { config: string }).config);
      const { deleteFromCommandLine } = await import('./commands/review.js');
      process.stdout.write(`${await deleteFromCommandLine(config, parsePositive(id), options.reason)}\n`);
    });

  program
    .command('stats')
    .description('stories by state per campaign; translation memory entries and hit rate')
    .addOption(configOption())
    .option('--json', 'as JSON')
    .action(async (options: { config: string; json?: boolean }) => {
      const { config } = loadConfig(options.config);
      const { formatStats, readStats } = await import('./commands/stats.js');
      const stats = await readStats(config);
      process.stdout.write(options.json ? `${JSON.stringify(stats, null, 2)}\n` : `${formatStats(stats)}\n`);
    });

  const sources = program.command('sources').description('the feeds campaigns poll');
  sources
    .command('add <url>')
    .description("add a feed to a campaign; a page's feed is found through <link rel=\"alternate\">")
    .addOption(configOption())
    .option('--campaign <id>', 'campaign (default: the first)')
    .action(async (url: string, options: { config: string; campaign?: string }) => {
      const { config, file } = loadConfig(options.config);
      const { addSourceToConfig, findFeed } = await import('./commands/sources.js');
      const feed = await findFeed(config, url);
      const campaignId = addSourceToConfig(file, options.campaign, feed.feedUrl);
      process.stdout.write(`added ${feed.feedUrl}${feed.title ? ` (${feed.title})` : ''} to campaign ${campaignId} in ${file}\n`);
    });
  sources
    .command('list')
    .description('every source with its last poll and error')
    .addOption(configOption())
    .action(async (options: { config: string }) => {
      const { config } = loadConfig(options.config);
      const { printSources } = await import('./commands/sources.js');
      await printSources(config);
    });

  registerModelsCommand(program, configOption);

  program
    .command('demo')
    .description('serve a bundled sample news source on loopback, relay it into French, and serve the site')
    .addOption(configOption())
    .option('-p, --port <n>', 'site port (overrides site.port)', parsePort)
    .addOption(new Option('--engine <id>', 'translation engine (default: whichever is available)').choices(translationEngineIds))
    .action(async (options: { config: string; port?: number; engine?: TranslationEngineId }) => {
      const { config: base } = loadConfig(options.config, { fallbackToDefaults: true });
      const { createLogger } = await import('./logger.js');
      const { startDemo } = await import('./demo/demo.js');
      const { serveSite, waitForSignal } = await import('./commands/serve.js');
      const logger = createLogger();
      const demo = await startDemo(base, { logger, ...(options.engine ? { engine: options.engine } : {}) });
      const site = await serveSite(demo.config, options);
      process.stderr.write(`relais demo: sample news at ${demo.newsUrl}, translated with ${demo.engine}\nrelais demo: open ${site.url}\n`);
      await waitForSignal();
      await site.close();
      await demo.stop();
    });

  return program;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('expected a port number (0-65535)');
  return port;
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}
