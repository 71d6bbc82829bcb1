// `npm run bench:scale`: relais at scale, run as a user runs it (a config file, `relais run` in a
// child process, a fresh database per run) against a loopback news source: the 131 pages of
// ../shared/bench/extraction under several copies each (copy k of page p at its own URL),
// listed by 40 RSS feeds. Figures (issue 9): stories/s and the child's peak RSS through extract
// at 1× and 4×, whether one run took every story, then through publish with Apertium APy
// (behind a loopback proxy that measures how busy the engine was), then N `relais worker`
// processes on PostgreSQL (skipped while `relais worker` does not exist).
//
//   npm run build && npm run bench:scale -- [--runs 3] [--copies 8] [--quick] [--only extract|publish|site] [--site-seconds 60] [--workers 1,2,4 --database-url postgres://…]

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBenchSet } from './support/extraction-sets.js';
import { isApertiumInstalled, startApertium } from '../src/translator/engines/apertium-process.js';
import { openTestHttpClient } from '../test/support/http-client.js';
import { freePort, requireWrk, waitFor, wrkAsync } from './support/http-load.js';

const relaisBin = fileURLToPath(new URL('../bin/relais.js', import.meta.url));
const pagesDir = fileURLToPath(new URL('../../shared/bench/extraction', import.meta.url));
const feedCount = 40;

const args = process.argv.slice(2);
function option(name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}
const quick = args.includes('--quick');
const runs = Number(option('runs') ?? (quick ? 1 : 3));
const copies = Number(option('copies') ?? (quick ? 2 : 8));
const timeoutMs = Number(option('timeout-s') ?? 600) * 1000;
const workerCounts = (option('workers') ?? '').split(',').filter(Boolean).map(Number);
const databaseUrl = option('database-url') ?? process.env.RELAIS_DATABASE_URL;
// `--only extract`, `--only publish` or `--only site`: one part of the bench (quicker while working on it).
const only = option('only');
// The site under load during a run: `relais start` through publish with 50 wrk clients on its home
// page for this many seconds, then the same once it has caught up (0: skip).
const siteSeconds = Number(option('site-seconds') ?? (quick ? 20 : 60));

if (!existsSync(fileURLToPath(new URL('../dist/cli/main.js', import.meta.url)))) {
  throw new Error('dist/ is missing: run `npm run build` first (the bench runs bin/relais.js as users do)');
}

// The news source: /s/<copy>/<id>.html is copy k of page p; /feed/<n>.xml lists its share.
const pages = readBenchSet(pagesDir).pages;
interface Site {
  base: string;
  close(): Promise<void>;
}
async function startNewsSource(scale: number): Promise<Site> {
  const stories = pages.flatMap((page) => Array.from({ length: copies * scale }, (_, copy) => ({ path: `/s/${copy}/${page.id}.html`, page })));
  const byPath = new Map(stories.map((story) => [story.path, story.page]));
  let base = '';
  const feeds = Array.from({ length: feedCount }, (_, n) => stories.filter((_, index) => index % feedCount === n));
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const feed = /^\/feed\/(\d+)\.xml$/.exec(path);
    if (feed) {
      const items = feeds[Number(feed[1])] ?? [];
      const date = new Date().toUTCString();
      const body = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Feed ${feed[1]}</title><link>${base}/</link><description>bench</description>${items
        .map((item) => `<item><title>${item.page.id}</title><link>${base}${item.path}</link><guid>${base}${item.path}</guid><pubDate>${date}</pubDate></item>`)
        .join('')}</channel></rss>`;
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(body);
      return;
    }
    const page = byPath.get(path);
    if (page) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page.html);
    else res.writeHead(404).end();
  });
  base = await listen(server);
  return { base, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

interface ConfigOptions {
  site: Site;
  dataDir: string;
  apertiumUrl?: string;
  database?: string;
}
function writeConfig(options: ConfigOptions & { sitePort?: number }): string {
  const hosts = [new URL(options.site.base).host, ...(options.apertiumUrl ? [new URL(options.apertiumUrl).host] : [])];
  const config = {
    data_dir: options.dataDir,
    ...(options.database ? { database: options.database } : {}),
    site: { language: 'es', title: 'Relais bench', ...(options.sitePort ? { port: options.sitePort } : {}) },
    fetch: { allow_hosts: hosts },
    ...(options.apertiumUrl ? { engines: { apertium: { url: options.apertiumUrl } } } : {}),
    campaigns: [
      {
        id: 'scale',
        sources: Array.from({ length: feedCount }, (_, n) => `${options.site.base}/feed/${n}.xml`),
        from: 'en',
        to: 'es',
        category: 'Noticias',
        engine: 'apertium',
        max_items_per_poll: 100_000,
        respect_robots: false,
      },
    ],
  };
  const file = join(options.dataDir, 'relais.yaml');
  writeFileSync(file, JSON.stringify(config, null, 2)); // JSON is YAML
  return file;
}

interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  peakRssKiB: number;
  timedOut: boolean;
}
// Runs `relais ARGS`, sampling /proc/PID/status every 50 ms (VmHWM is the high-water mark of the
// process, worker threads included; the last sample before exit is the peak).
function runChild(argv: string[], limitMs = timeoutMs): Promise<ChildRun> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [relaisBin, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8000)));
    const sample = () => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
        const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
        peak = Math.max(peak, hwm, rss);
      } catch {
        // gone
      }
    };
    const sampler = setInterval(sample, 50);
    const killer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, limitMs);
    child.on('exit', (code) => {
      clearInterval(sampler);
      clearTimeout(killer);
      resolve({ code, stdout, stderr, wallMs: performance.now() - started, peakRssKiB: peak, timedOut });
    });
  });
}

function count(summary: string, name: string): number {
  return Number(new RegExp(`${name} (\\d+)`).exec(summary)?.[1] ?? 0);
}

interface Figure {
  discovered: number;
  done: number;
  wallMs: number;
  perSecond: number;
  rssMiB: number;
  busy?: number;
}
async function runOnce(scale: number, until: 'extract' | 'publish', apertiumUrl?: string, busyMeter?: BusyMeter): Promise<Figure> {
  const site = await startNewsSource(scale);
  const dataDir = mkdtempSync(join(tmpdir(), 'relais-scale-'));
  try {
    const file = writeConfig({ site, dataDir, ...(apertiumUrl ? { apertiumUrl } : {}) });
    busyMeter?.reset();
    const run = await runChild(['run', '--config', file, '--until', until]);
    const busy = busyMeter?.share(run.wallMs);
    if (run.timedOut) throw new Error(`relais run --until ${until} at ${scale}× ran past ${timeoutMs / 1000} s and was killed (raise --timeout-s)`);
    if (run.code !== 0) throw new Error(`relais run --until ${until} exited ${run.code}:\n${run.stderr}`);
    const summary = run.stdout.split('\n').find((line) => line.startsWith('summary:')) ?? '';
    const done = count(summary, until === 'extract' ? 'extracted' : 'published');
    const skipped = count(summary, 'skipped');
    return {
      discovered: count(summary, 'discovered') - skipped,
      done,
      wallMs: run.wallMs,
      perSecond: done / (run.wallMs / 1000),
      rssMiB: run.peakRssKiB / 1024,
      ...(busy === undefined ? {} : { busy }),
    };
  } finally {
    await site.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function medianFigure(scale: number, until: 'extract' | 'publish', apertiumUrl?: string, meter?: BusyMeter): Promise<Figure> {
  const figures: Figure[] = [];
  for (let run = 0; run < runs; run += 1) figures.push(await runOnce(scale, until, apertiumUrl, meter));
  const pick = (key: keyof Figure) => median(figures.map((figure) => figure[key] ?? 0));
  return {
    discovered: pick('discovered'),
    done: pick('done'),
    wallMs: pick('wallMs'),
    perSecond: pick('perSecond'),
    rssMiB: pick('rssMiB'),
    ...(meter ? { busy: pick('busy') } : {}),
  };
}

// A loopback proxy in front of APy: the engine is busy while at least one request is in flight.
interface BusyMeter {
  url: string;
  reset(): void;
  share(wallMs: number): number;
  close(): Promise<void>;
}
async function startBusyMeter(target: string): Promise<BusyMeter> {
  const upstream = new URL(target);
  let inFlight = 0;
  let busyMs = 0;
  let since = 0;
  const server = createServer((req, res) => {
    if (inFlight++ === 0) since = performance.now();
    const done = () => {
      if (--inFlight === 0) busyMs += performance.now() - since;
    };
    const forward = httpRequest({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('end', done);
    });
    forward.on('error', () => {
      done();
      res.writeHead(502).end();
    });
    req.pipe(forward);
  });
  const url = await listen(server);
  return {
    url,
    reset: () => {
      busyMs = 0;
      if (inFlight > 0) since = performance.now();
    },
    share: (wallMs) => (busyMs + (inFlight > 0 ? performance.now() - since : 0)) / wallMs,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
const fixed = (value: number, digits = 1) => value.toFixed(digits);

console.log(`bench:scale: ${pages.length} pages × ${copies} copies over ${feedCount} feeds, median of ${runs} run(s), relais via node bin/relais.js (dist/)`);
if (only === undefined || only === 'extract') await extractFigures();
async function extractFigures(): Promise<void> {
  const one = await medianFigure(1, 'extract');
  const four = await medianFigure(4, 'extract');
  for (const [label, figure] of [['1×', one], ['4×', four]] as const) {
    const all = figure.done >= figure.discovered;
    console.log(
      `extract ${label}: ${figure.done} stories of ${figure.discovered} in ${fixed(figure.wallMs / 1000)} s; all in one run: ${all ? 'yes' : 'no'} (${mark(all)}); ` +
        `${fixed(figure.perSecond)} stories/s (goal ≥ 50: ${mark(figure.perSecond >= 50)}); peak RSS ${fixed(figure.rssMiB)} MiB (goal ≤ 300: ${mark(figure.rssMiB <= 300)})`,
    );
  }
  const ratio = four.rssMiB / one.rssMiB;
  console.log(`RSS 4×/1×: ${fixed(ratio, 2)} (goal ≤ 1.2: ${mark(ratio <= 1.2)})`);
}

if (only === 'extract' || only === 'site') {
  // not this part
} else if (!isApertiumInstalled()) {
  console.log('publish with Apertium: skipped, apertium-apy is not installed (apt-get install apertium-apy apertium-eng-spa)');
} else {
  const apertium = await startApertium({ openHttpClient: (url) => openTestHttpClient([url]) });
  const meter = await startBusyMeter(apertium.url);
  try {
    const figure = await medianFigure(1, 'publish', meter.url, meter);
    console.log(
      `publish 1× with Apertium: ${figure.done} stories of ${figure.discovered} in ${fixed(figure.wallMs / 1000)} s; ${fixed(figure.perSecond)} stories/s; ` +
        `engine busy ${fixed((figure.busy ?? 0) * 100)}% of the run (goal ≥ 90%: ${mark((figure.busy ?? 0) >= 0.9)}); peak RSS ${fixed(figure.rssMiB)} MiB`,
    );
  } finally {
    await meter.close();
    await apertium.stop();
  }
}

if ((only === undefined || only === 'site') && siteSeconds > 0) await siteUnderLoadFigure();
if (workerCounts.length > 0) await workersFigure();

// `relais start` (the site and the pipeline in one process) through publish with Apertium, wrk at
// 50 connections on its home page while it works, then again once it has caught up: errors and
// latency percentiles side by side.
async function siteUnderLoadFigure(): Promise<void> {
  if (!isApertiumInstalled()) {
    console.log('site under load: skipped, apertium-apy is not installed');
    return;
  }
  requireWrk();
  const apertium = await startApertium({ openHttpClient: (url) => openTestHttpClient([url]) });
  const site = await startNewsSource(1);
  const dataDir = mkdtempSync(join(tmpdir(), 'relais-scale-site-'));
  const sitePort = await freePort();
  const child = spawn(process.execPath, [relaisBin, 'start', '--config', writeConfig({ site, dataDir, apertiumUrl: apertium.url, sitePort })], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const onLog = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000));
  child.stdout.on('data', onLog);
  child.stderr.on('data', onLog);
  try {
    const home = `http://127.0.0.1:${sitePort}/`;
    await waitFor(home, 60_000);
    const started = performance.now();
    const busy = await wrkAsync(home, 50, siteSeconds);
    const stillWorking = !/caught up: .*published [1-9]/.test(log);
    // Idle: wait until the flow says it caught up (at most the bench timeout), then load it again.
    const deadline = Date.now() + timeoutMs;
    while (!/caught up: .*published [1-9]/.test(log) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1000));
    const idle = await wrkAsync(home, 50, siteSeconds);
    console.log(
      `site under load (relais start through publish, wrk -c50 on /, ${siteSeconds} s each; the run was ${stillWorking ? 'still working' : 'done'} when the first ended, ${fixed((performance.now() - started) / 1000)} s in):`,
    );
    console.log(`  during the run: ${busy.errors} errors, p50 ${fixed(busy.p50, 2)} ms, p99 ${fixed(busy.p99, 2)} ms, ${fixed(busy.requestsPerSecond, 0)} req/s`);
    console.log(`  idle site:      ${idle.errors} errors, p50 ${fixed(idle.p50, 2)} ms, p99 ${fixed(idle.p99, 2)} ms, ${fixed(idle.requestsPerSecond, 0)} req/s`);
    console.log(`  goal: 0 errors under load: ${mark(busy.errors === 0)}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await site.close();
    await apertium.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// N `relais worker --stages fetch,extract,translate,publish` processes and one poll on one
// PostgreSQL database; waits until no story is left in a ready state, then stops them.
async function workersFigure(): Promise<void> {
  const help = spawnSync(process.execPath, [relaisBin, 'worker', '--help'], { encoding: 'utf8' });
  if (help.status !== 0) {
    console.log('workers: skipped, this relais has no `relais worker` command (it comes with the story-flow branch)');
    return;
  }
  if (!databaseUrl) {
    console.log('workers: skipped, pass --database-url postgres://… (or set RELAIS_DATABASE_URL); the database is emptied per run');
    return;
  }
  const pg = await import('pg');
  const apertium = isApertiumInstalled() ? await startApertium({ openHttpClient: (url) => openTestHttpClient([url]) }) : undefined;
  if (!apertium) {
    console.log('workers: skipped, apertium-apy is not installed');
    return;
  }
  try {
    for (const workers of workerCounts) {
      const client = new pg.default.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
      const site = await startNewsSource(1);
      const dataDir = mkdtempSync(join(tmpdir(), 'relais-scale-'));
      try {
        const file = writeConfig({ site, dataDir, apertiumUrl: apertium.url, database: databaseUrl });
        const started = performance.now();
        const poll = await runChild(['run', '--config', file, '--until', 'poll']);
        if (poll.code !== 0) throw new Error(`relais run --until poll exited ${poll.code}:\n${poll.stderr}`);
        const children = Array.from({ length: workers }, () =>
          spawn(process.execPath, [relaisBin, 'worker', '--config', file, '--stages', 'fetch,extract,translate,publish'], { stdio: ['ignore', 'ignore', 'inherit'] }),
        );
        const deadline = started + timeoutMs;
        for (;;) {
          const left = await client.query("SELECT count(*)::int AS n FROM stories WHERE state IN ('discovered', 'fetched', 'extracted', 'translated')");
          if (left.rows[0].n === 0 || performance.now() > deadline) break;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        const wallMs = performance.now() - started;
        await Promise.all(children.map((child) => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM')))));
        const published = (await client.query("SELECT count(*)::int AS n FROM stories WHERE state = 'published'")).rows[0].n as number;
        // publications' key is (story_id, language): a story published twice would be a second row or a failed story.
        const rows = (await client.query('SELECT count(*)::int AS n, count(DISTINCT story_id)::int AS stories FROM publications')).rows[0] as { n: number; stories: number };
        const once = rows.n === published && rows.stories === published;
        console.log(
          `workers ${workers}: ${published} stories published in ${fixed(wallMs / 1000)} s, ${fixed(published / (wallMs / 1000))} stories/s; ` +
            `${rows.n} publications of ${rows.stories} stories: each published once: ${once ? 'yes' : 'no'} (${mark(once)})`,
        );
      } finally {
        await site.close();
        await client.end();
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  } finally {
    await apertium.stop();
  }
}
