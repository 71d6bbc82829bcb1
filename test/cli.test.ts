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
import { runRelais } from './support/run-relais.js';
import { makeTempDir } from './support/temp-dir.js';
import { isCi } from './support/shared-data.js';

// The command line as a user runs it: bin/relais.js in a child process.

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const fixtureDir = join(repoRoot, 'test/fixtures/news-site');

const relais = (args: string[], cwd: string) => runRelais(args, { cwd });

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
