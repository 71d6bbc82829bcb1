import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eld } from 'eld/small';
import { serveNewsSite, type NewsSiteServer } from '../src/cli/demo/news-server.js';
import { isApertiumInstalled, startApertium, type ApertiumProcess } from '../src/translator/engines/apertium-process.js';
import { openTestHttpClient } from './support/http-client.js';
import type { FakeHttpService } from './support/fake-http-service.js';
import { startFakeLibreTranslate } from './support/fake-translation-services.js';
import { runRelais } from './support/run-relais.js';
import { makeTempDir } from './support/temp-dir.js';
import { isCi } from './support/shared-data.js';

// The command line as a user runs it: bin/relais.js in a child process.

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const fixtureDir = join(repoRoot, 'test/fixtures/news-site');

const relais = (args: string[], cwd: string) => runRelais(args, { cwd });
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('relais command line', { timeout: 120_000 }, () => {
  let temp: ReturnType<typeof makeTempDir>;
  let news: NewsSiteServer;

  beforeAll(async () => {
    temp = makeTempDir();
    news = await serveNewsSite(fixtureDir);
  });
  afterAll(async () => {
    await news.stop();
    temp.remove();
  });

  it('stops on a wrong configuration value, naming the key, the value and what is expected', async () => {
    const file = join(temp.dir, 'bad.yaml');
    writeFileSync(file, 'site:\n  port: "eighty"\n');
    const result = await relais(['run', '--config', file], temp.dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('site.port: got "eighty", expected number');
  });

  it.each([
    ['an unknown campaign', 'campaigns:\n  - { id: world, sources: ["http://127.0.0.1:1/feed.xml"], to: fr, category: Monde }\n', ['--campaign', 'nope'], 'config: no campaign nope (campaigns: world; see campaigns[].id in the configuration)'],
    ['a schedule that is not a cron expression', 'campaigns:\n  - { id: world, sources: ["http://127.0.0.1:1/feed.xml"], to: fr, category: Monde, schedule: "every day" }\n', [], 'campaigns[0].schedule: got "every day", expected a cron expression'],
  ])('run stops with exit code 2 on %s, saying so', async (name, yaml, args, message) => {
    const file = join(temp.dir, `${name.replace(/\W+/g, '-')}.yaml`);
    writeFileSync(file, `data_dir: ./config-errors\n${yaml}`);
    const result = await relais(['run', '--config', file, ...args], temp.dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it.each([
    [['models', 'pull', 'babel', 'en-fr'], 'relais: models: "babel" has no models to manage'],
    [['models', 'remove', 'opus-mt', 'english'], 'relais: models: "english" is not a language pair; write it as source-target, e.g. en-fr'],
  ])('%j exits 1 with what is wrong', async (args, message) => {
    const result = await relais([...args, '--config', join(temp.dir, 'absent.yaml')], temp.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
  });

  it('names an engine that refuses its key after run, in stats and in doctor; the next good run clears it', async () => {
    const libre: FakeHttpService = await startFakeLibreTranslate();
    try {
      libre.persistentFault = { kind: 'status', status: 403, message: 'Invalid API key' };
      const file = join(temp.dir, 'refused.yaml');
      writeFileSync(
        file,
        [
          'data_dir: ./refused-data',
          'fetch: { allow_private_addresses: true }',
          `engines: { libretranslate: { url: "${libre.url}", api_key_env: RELAIS_TEST_UNSET_KEY } }`,
          'campaigns:',
          `  - { id: world, sources: ["${news.baseUrl}/feed.xml"], to: fr, category: Monde, engine: libretranslate, quality: { check_language: false } }`,
        ].join('\n'),
      );
      const stop = `engine libretranslate en→fr stopped: ${libre.url}/translate refused the request (HTTP 403: Invalid API key); this server needs a key; set RELAIS_TEST_UNSET_KEY; 5 stories wait`;
      const run = await relais(['run', '--config', file], temp.dir);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`${stop}\nsummary: discovered 6, fetched 6, extracted 5, translated 0, published 0, skipped 1, failed 0`);
      expect(libre.requests.filter((request) => request.path === '/translate')).toHaveLength(1);

      const stats = await relais(['stats', '--config', file], temp.dir);
      expect(stats.stdout).toMatch(new RegExp(`^${escapeRegExp(stop)} \\(since \\S+, last seen \\S+\\)$`, 'm'));
      const json = JSON.parse((await relais(['stats', '--json', '--config', file], temp.dir)).stdout) as { engineProblems: unknown[] };
      expect(json.engineProblems).toEqual([expect.objectContaining({ engine: 'libretranslate', from: 'en', to: 'fr', waiting: 5, reason: expect.stringContaining('HTTP 403') })]);
      const doctor = await relais(['doctor', '--config', file], temp.dir);
      expect(doctor.code).toBe(1);
      expect(doctor.stdout).toMatch(/^OK +site: \d+ page\(s\) stored; links start from http:\/\/127\.0\.0\.1:\d+ \(set site\.base_url to the address readers use\)$/m);
      expect(doctor.stdout).toMatch(/^PROBLEM {2}engine libretranslate en→fr: stopped by runs since \S+ \(last \S+\): .*HTTP 403: Invalid API key.*; 5 stories wait \(the next run asks it again\)$/m);

      libre.persistentFault = undefined;
      const recovered = await relais(['run', '--config', file], temp.dir);
      expect(recovered.stdout).toMatch(/^summary: .*translated 5, published 5/m);
      expect(recovered.stdout).not.toContain('stopped');
      expect((await relais(['stats', '--config', file], temp.dir)).stdout).not.toContain('stopped');
    } finally {
      await libre.close();
    }
  });

  it('doctor names the missing model file and the command that fetches it', async () => {
    const file = join(temp.dir, 'doctor.yaml');
    writeFileSync(file, 'data_dir: ./doctor-data\nengines: { opus-mt: { models_dir: ./no-models } }\n');
    const result = await relais(['doctor', '--config', file], temp.dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/OK\s+database/);
    expect(result.stdout).toContain(`${join(temp.dir, 'no-models')}/Xenova/opus-mt-en-fr/onnx/encoder_model_quantized.onnx`);
    expect(result.stdout).toContain('relais models pull opus-mt en-fr');
  });

  it("sources add finds a page's feed through <link rel=alternate> and adds it to the campaign", async () => {
    const file = join(temp.dir, 'sources.yaml');
    writeFileSync(
      file,
      `# my relais\nfetch: { allow_hosts: ["${new URL(news.baseUrl).host}"] }\ncampaigns:\n  - id: local\n    sources: ["http://127.0.0.1:1/old.xml"]\n    to: fr\n    category: Monde # keep me\n`,
    );
    const result = await relais(['sources', 'add', `${news.baseUrl}/`, '--config', file], temp.dir);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(`added ${news.baseUrl}/feed.xml`);
    const written = readFileSync(file, 'utf8');
    expect(written).toContain(`${news.baseUrl}/feed.xml`);
    expect(written).toContain('# keep me');
  });

  it('refuses a loopback source unless fetch.allow_hosts lists it', async () => {
    const file = join(temp.dir, 'strict.yaml');
    writeFileSync(file, 'campaigns:\n  - id: local\n    sources: ["http://127.0.0.1:1/x.xml"]\n    to: fr\n    category: Monde\n');
    const result = await relais(['sources', 'add', `${news.baseUrl}/`, '--config', file], temp.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`refused address 127.0.0.1:${new URL(news.baseUrl).port} (loopback; not in fetch.allow_hosts)`);
  });

  it('models pull gives up on a hub that stops sending, naming the file and the URL', async () => {
    // The hub answers the headers and ten bytes of each file, then nothing.
    const hub = createServer((_request, response) => response.writeHead(200, { 'content-length': 1000 }).write('0123456789'));
    await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
    const hubUrl = `http://127.0.0.1:${(hub.address() as AddressInfo).port}`;
    try {
      const file = join(temp.dir, 'pull.yaml');
      writeFileSync(file, 'fetch: { response_timeout_ms: 300 }\nengines: { opus-mt: { models_dir: ./pulled } }\n');
      const result = await relais(['models', 'pull', 'opus-mt', 'en-fr', '--hub', hubUrl, '--config', file], temp.dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`download of config.json from ${hubUrl}/Xenova/opus-mt-en-fr/resolve/main/config.json broke off after 10 bytes`);
      expect(result.stderr).toContain('went silent for 300 ms');
    } finally {
      hub.closeAllConnections();
      await new Promise((resolve) => hub.close(resolve));
    }
  });

  describe.skipIf(!isApertiumInstalled() && !isCi())('with Apertium', () => {
    let apertium: ApertiumProcess;
    beforeAll(async () => {
      apertium = await startApertium({ openHttpClient: (url) => openTestHttpClient([url]) });
    }, 60_000);
    afterAll(async () => apertium?.stop());

    it.each(['markdown', 'html'] as const)('translate prints one article in French as %s, without the junk', async (format) => {
      const file = join(temp.dir, `translate-${format}.yaml`);
      writeFileSync(file, `fetch: { allow_hosts: ["${new URL(news.baseUrl).host}"] }\nengines: { apertium: { url: "${apertium.url}" } }\n`);
      const url = `${news.baseUrl}/2026/11/27/kenya-geothermal-plant-opens/index.html`;
      const result = await relais(['translate', url, '--to', 'fr', '--engine', 'apertium', '--format', format, '--config', file], temp.dir);
      expect(result.code, result.stderr).toBe(0);
      expect(eld.detect(result.stdout.replace(/<[^>]+>|\(http[^)]*\)/g, ' ')).language).toBe('fr');
      expect(result.stdout).not.toContain('Ad Feedback');
      if (format === 'markdown') expect(result.stdout).toMatch(/^# \S/);
      else expect(result.stdout).toMatch(/<h1>/);
    });
  });
});
