import cliProgress from 'cli-progress';
import { Command, Option } from 'commander';
import { loadConfig } from '../../config/index.js';
import { CommandError } from '../../domain/errors.js';
import { createOperatorClient } from '../../pipeline/index.js';
import { listModels, pullModel, removeModel, resolveModelId, verifyModel, type ModelDtype } from '../../translator/models.js';

/** Parses `en-fr` into a pair; the error says what form is expected. */
export function parsePairArgument(value: string): { from: string; to: string } {
  const match = /^([a-z]{2,3})-([a-z]{2,3})$/.exec(value);
  if (!match) throw new CommandError('models', `"${value}" is not a language pair; write it as source-target, e.g. en-fr`);
  return { from: match[1]!, to: match[2]! };
}

function assertEngine(engine: string): void {
  if (engine !== 'opus-mt') throw new CommandError('models', `"${engine}" has no models to manage (only opus-mt does; apertium pairs are Debian packages)`);
}

/** Adds `relais models pull|list|remove|verify`. */
export function registerModelsCommand(program: Command, configOption: () => Option): void {
  const models = program.command('models').description('translation models on disk (opus-mt)');

  models
    .command('pull <engine> <pair>')
    .description('download a model once, with checksums (e.g. relais models pull opus-mt en-fr)')
    .addOption(configOption())
    .addOption(new Option('--dtype <dtype>', 'weights precision').choices(['q8', 'fp32']))
    .option('--hub <url>', 'model hub address', 'https://huggingface.co')
    .action(async (engine: string, pairText: string, options: { config: string; dtype?: ModelDtype; hub: string }) => {
      assertEngine(engine);
      const { config } = loadConfig(options.config, { fallbackToDefaults: true });
      const pair = parsePairArgument(pairText);
      const dtype = options.dtype ?? config.engines['opus-mt'].dtype;
      const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ stream: process.stderr, format: '{file} {bar} {percentage}%' }, cliProgress.Presets.shades_classic) : undefined;
      let current = '';
      // The hub is the operator's choice (--hub), like an engine URL.
      const http = createOperatorClient(config, [options.hub]);
      const manifest = await pullModel({
        modelsDir: config.engines['opus-mt'].models_dir,
        engine: 'opus-mt',
        pair,
        dtype,
        baseUrl: options.hub,
        http,
        // fetch.response_timeout_ms is the longest stall; a file may take far longer than fetch.total_timeout_ms.
        stallTimeoutMs: config.fetch.response_timeout_ms,
        onProgress(progress) {
          if (progress.file !== current) {
            current = progress.file;
            bar?.stop();
            if (bar) bar.start(progress.totalBytes ?? 1, 0, { file: progress.file });
            else process.stderr.write(`downloading ${progress.file} (${progress.fileIndex + 1}/${progress.fileCount})\n`);
          }
          bar?.update(progress.receivedBytes, { file: progress.file });
        },
      }).finally(async () => {
        bar?.stop();
        await http.close();
      });
      const bytes = manifest.files.reduce((sum, file) => sum + file.size, 0);
      process.stdout.write(`${manifest.modelId}: ${manifest.files.length} files, ${(bytes / 1e6).toFixed(1)} MB, checksums in relais-model.json\n`);
    });

  models
    .command('list')
    .description('installed models, checked against their checksums')
    .addOption(configOption())
    .action(async (options: { config: string }) => {
      const { config } = loadConfig(options.config, { fallbackToDefaults: true });
      const dir = config.engines['opus-mt'].models_dir;
      const installed = await listModels(dir);
      if (installed.length === 0) process.stdout.write(`no models in ${dir} (run: relais models pull opus-mt en-fr)\n`);
      for (const model of installed) {
        const outcome = await verifyModel(dir, model.modelId);
        const status = outcome.kind === 'ok' ? 'ok' : outcome.kind === 'no-manifest' ? 'no checksums (copied by hand)' : `CORRUPT: ${outcome.problems.join('; ')}`;
        process.stdout.write(`${model.modelId}  ${model.manifest?.dtypes.join(',') ?? '?'}  ${status}\n`);
      }
    });

  models
    .command('remove <engine> <pair>')
    .description('delete a model from disk')
    .addOption(configOption())
    .action(async (engine: string, pairText: string, options: { config: string }) => {
      assertEngine(engine);
      const { config } = loadConfig(options.config, { fallbackToDefaults: true });
      const modelId = resolveModelId(parsePairArgument(pairText));
      const removed = await removeModel(config.engines['opus-mt'].models_dir, modelId);
      process.stdout.write(removed ? `removed ${modelId}\n` : `${modelId} is not installed\n`);
    });
}
