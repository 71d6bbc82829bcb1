// `npm run bench:site`: the public site under load, as a user runs it (`relais serve` from dist/,
// in a child process), side by side with nginx serving the same bytes (`relais export`, Debian's
// nginx started here on loopback with a config of its own). wrk, 20 connections, against an
// article page and the home page of each; medians of --runs interleaved runs. Goal (issue 9):
// relais ≥ 40% of nginx's requests/s on both pages.
//
// With --soak-seconds N (300 for the issue's figure), wrk then loads relais's article page at 50
// connections for N seconds while the server's RSS is sampled: the figure is its RSS over time.
//
//   npm run build && npm run bench:site -- [--runs 3] [--seconds 10] [--stories 200] [--soak-seconds 300]

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/storage/index.js';
import { publishStories, type StorySeed } from '../test/support/published-stories.js';
import { median, parseBenchArgs } from './support/args.js';
import { freePort, requireWrk, waitFor, WRK, wrkSync } from './support/http-load.js';

const args = parseBenchArgs(process.argv.slice(2));
const runs = args.readCount('runs', 3);
const seconds = args.readCount('seconds', 10);
const storyCount = args.readCount('stories', 200);
const soakSeconds = args.read('soak-seconds') === undefined ? 0 : args.readCount('soak-seconds', 300);
const relaisBin = fileURLToPath(new URL('../bin/relais.js', import.meta.url));
const NGINX = '/usr/sbin/nginx';

if (!existsSync(fileURLToPath(new URL('../dist/cli/main.js', import.meta.url)))) {
  throw new Error('dist/ is missing: run `npm run build` first (the bench runs bin/relais.js as users do)');
}
if (!existsSync(NGINX)) throw new Error(`${NGINX} is missing: apt-get install nginx`);
requireWrk();

// An article of about 900 words in 15 paragraphs, as a translated news story is.
const PARAGRAPH =
  'Le gouvernement a annoncé mardi une série de mesures destinées à soutenir les ménages face à la hausse des prix, ' +
  'après plusieurs semaines de discussions avec les syndicats et les représentants des entreprises. Selon le ministre, ' +
  'ces dispositions doivent entrer en vigueur dès le mois prochain et concerneront plusieurs millions de personnes.';
function seeds(count: number): StorySeed[] {
  const categories = ['Monde', 'Économie', 'Nouvelles des États-Unis', 'Sciences'];
  return Array.from({ length: count }, (_, index) => ({
    url: `https://news.example/story/${index}`,
    title: `Une nouvelle importante, numéro ${index + 1}, sur la hausse des prix`,
    summary: PARAGRAPH.slice(0, 180),
    html: Array.from({ length: 15 }, (_, p) => `<p>${p === 0 ? '' : `(${p}) `}${PARAGRAPH}</p>`).join('\n'),
    category: categories[index % categories.length]!,
    byline: 'Par la rédaction',
    leadImage: { url: `https://img.example/${index}.jpg`, alt: 'Une image' },
    publishedAt: new Date(Date.UTC(2026, 10, 1) + index * 3_600_000).toISOString(),
  }));
}

function wrk(url: string, connections: number, duration: number): number {
  const result = wrkSync(url, connections, duration);
  if (result.errors > 0) console.warn(`  ${url}: ${result.errors} errors`);
  return result.requestsPerSecond;
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

const dir = mkdtempSync(join(tmpdir(), 'relais-bench-site-'));
const children: ChildProcess[] = [];
try {
  const relaisPort = await freePort();
  const nginxPort = await freePort();
  const database = join(dir, 'relais.db');
  const configFile = join(dir, 'relais.yaml');
  writeFileSync(configFile, JSON.stringify({ data_dir: dir, database, site: { port: relaisPort, host: '127.0.0.1', base_url: 'https://relais.example' }, campaigns: [] }));

  const handle = await openDatabase(database);
  const slugs = await publishStories(handle.db, seeds(storyCount));
  await handle.close();

  // relais serve renders the pages on start (the store is new), then only serves them.
  const serve = spawn(process.execPath, [relaisBin, 'serve', '--config', configFile], { stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(serve);
  const relais = `http://127.0.0.1:${relaisPort}`;
  await waitFor(`${relais}/healthz`);
  await waitFor(`${relais}/`);

  const out = join(dir, 'public');
  const exported = spawnSync(process.execPath, [relaisBin, 'export', '--config', configFile, '--out', out], { encoding: 'utf8' });
  if (exported.status !== 0) throw new Error(`relais export failed: ${exported.stderr}`);

  mkdirSync(join(dir, 'nginx'));
  const runningAsRoot = process.getuid?.() === 0;
  writeFileSync(
    join(dir, 'nginx', 'nginx.conf'),
    `${runningAsRoot ? 'user root;\n' : ''}worker_processes auto;
pid ${dir}/nginx/nginx.pid;
error_log ${dir}/nginx/error.log;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path ${dir}/nginx/body;
  proxy_temp_path ${dir}/nginx/proxy;
  fastcgi_temp_path ${dir}/nginx/fastcgi;
  uwsgi_temp_path ${dir}/nginx/uwsgi;
  scgi_temp_path ${dir}/nginx/scgi;
  server {
    listen 127.0.0.1:${nginxPort};
    root ${out};
    gzip_static on;
    location / { try_files $uri $uri/index.html =404; }
    error_page 404 /404.html;
  }
}
`,
  );
  const nginx = spawn(NGINX, ['-c', join(dir, 'nginx', 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(nginx);
  const nginxUrl = `http://127.0.0.1:${nginxPort}`;
  await waitFor(`${nginxUrl}/`);

  const article = `/article/${slugs[Math.floor(slugs.length / 2)]}`;
  for (const path of [article, '/']) {
    const [mine, theirs] = await Promise.all([fetch(relais + path), fetch(nginxUrl + path)]);
    if ((await mine.text()) !== (await theirs.text())) throw new Error(`relais and nginx serve different bytes at ${path}`);
  }

  const pages = [
    { name: 'article', path: article },
    { name: 'home', path: '/' },
  ];
  const rates = new Map<string, number[]>();
  for (let run = 0; run < runs; run += 1) {
    for (const page of pages) {
      // Interleaved, and the order flips each run, so neither server always goes first.
      const order = run % 2 === 0 ? [['relais', relais], ['nginx', nginxUrl]] : [['nginx', nginxUrl], ['relais', relais]];
      for (const [server, base] of order) {
        const key = `${page.name} ${server}`;
        rates.set(key, [...(rates.get(key) ?? []), wrk(base + page.path, 20, seconds)]);
      }
    }
  }
  const size = (path: string) => readFileSync(join(out, path === '/' ? 'index.html' : `${path.slice(1)}/index.html`)).length;
  console.log(`\nbench:site — ${storyCount} stories, wrk -t2 -c20 -d${seconds}s, median of ${runs} runs, identity encoding`);
  console.log('page      bytes   relais req/s   nginx req/s   relais/nginx   goal ≥ 40%');
  for (const page of pages) {
    const mine = median(rates.get(`${page.name} relais`)!);
    const theirs = median(rates.get(`${page.name} nginx`)!);
    const ratio = mine / theirs;
    console.log(`${page.name.padEnd(8)}  ${String(size(page.path)).padStart(6)}  ${mine.toFixed(0).padStart(13)}  ${theirs.toFixed(0).padStart(12)}  ${(ratio * 100).toFixed(1).padStart(12)}%   ${ratio >= 0.4 ? 'met' : 'missed'}`);
  }
  console.log(`relais serve RSS after the runs: ${rssMiB(serve.pid!).toFixed(0)} MiB`);

  if (soakSeconds > 0) {
    console.log(`\nsoak: wrk -t2 -c50 against relais's article page for ${soakSeconds} s, RSS every 30 s`);
    const samples: number[] = [rssMiB(serve.pid!)];
    const load = spawn(WRK, ['-t2', '-c50', `-d${soakSeconds}s`, relais + article], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    load.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const sampler = setInterval(() => samples.push(rssMiB(serve.pid!)), 30_000);
    await new Promise((resolve) => load.on('exit', resolve));
    clearInterval(sampler);
    samples.push(rssMiB(serve.pid!));
    console.log(`RSS MiB: ${samples.map((value) => value.toFixed(0)).join(' → ')} (max ${Math.max(...samples).toFixed(0)}, goal ≤ 300 and flat)`);
    console.log(`requests/s over the soak: ${/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? '?'}`);
  }
} finally {
  for (const child of children) child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 300));
  rmSync(dir, { recursive: true, force: true });
}
