import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveNewsSite, type NewsSiteServer } from '../src/cli/demo/news-server.js';
import type { FakeHttpService } from './support/fake-http-service.js';
import { startFakeLibreTranslate } from './support/fake-translation-services.js';
import { relaisBin } from './support/run-relais.js';
import { makeTempDir } from './support/temp-dir.js';
import { freshDatabaseLocation } from './support/test-database.js';
import { fixtureNewsCampaign } from './support/open-gates.js';

// `relais start`, the main job, as a user runs it: the site, polling and flowing, and the admin port in
// one process, over the fixture news site and LibreTranslate's loopback fake.

const fixtureDir = fileURLToPath(new URL('./fixtures/news-site', import.meta.url));

/** Waits until the process has logged a line matching `pattern`; resolves with that line's JSON. */
function waitForLog(child: ChildProcess, pattern: RegExp, timeoutMs = 60_000): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`relais start logged no line matching ${pattern} within ${timeoutMs} ms:\n${buffer}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const line of buffer.split('\n')) {
        if (!pattern.test(line)) continue;
        clearTimeout(timer);
        child.stderr?.off('data', onData);
        resolve(JSON.parse(line) as Record<string, unknown>);
        return;
      }
    };
    child.stderr?.on('data', onData);
  });
}

describe('relais start', { timeout: 120_000 }, () => {
  let news: NewsSiteServer;
  let libre: FakeHttpService;
  let temp: ReturnType<typeof makeTempDir>;
  let child: ChildProcess;
  let siteUrl: string;
  let adminUrl: string;

  beforeAll(async () => {
    [news, libre] = await Promise.all([serveNewsSite(fixtureDir), startFakeLibreTranslate()]);
    temp = makeTempDir();
    const config = join(temp.dir, 'relais.yaml');
    writeFileSync(
      config,
      JSON.stringify({
        data_dir: join(temp.dir, 'data'),
        database: freshDatabaseLocation(join(temp.dir, 'data')),
        site: { port: 0 },
        admin: { port: 0 },
        fetch: { allow_hosts: [new URL(news.baseUrl).host] },
        engines: { libretranslate: { url: libre.url } },
        campaigns: [fixtureNewsCampaign(news.baseUrl)],
      }),
    );
    child = spawn(process.execPath, [relaisBin, 'start', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RELAIS_LOG_LEVEL: 'info' } });
    const [site, admin] = await Promise.all([
      waitForLog(child, /site listening on/),
      waitForLog(child, /metrics and health on/),
      // The flow says what it did each time it has caught up with what the polls found.
      waitForLog(child, /caught up: .*published [1-9]/),
    ]);
    siteUrl = String(site.url);
    adminUrl = String(admin.url);
  });
  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await Promise.all([news.stop(), libre.close()]);
    temp.remove();
  });

  it('publishes what its first polls found, reports it on /metrics and /healthz, and stops cleanly on SIGTERM', async () => {
    const metrics = await (await fetch(`${adminUrl}/metrics`)).text();
    const published = /^relais_stories\{campaign="world",state="published"\} (\d+)$/m.exec(metrics);
    expect(Number(published?.[1])).toBeGreaterThan(0);
    expect(metrics).toMatch(/^relais_stage_duration_seconds_count\{stage="translate",outcome="done"\} [1-9]/m);

    const health = await fetch(`${adminUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, scheduler: { ok: true, detail: expect.stringMatching(/^last poll at .*; stories caught up at /) } });

    // The pages of what was published are rendered just after, and the site sees them within a second.
    await expect.poll(async () => (await fetch(siteUrl)).text(), { timeout: 10_000 }).toMatch(/href="\/article\//);

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
