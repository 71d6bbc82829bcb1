import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { eld } from 'eld/small';
import { pino } from 'pino';
import { parseConfig, type Config } from '../../src/config/index.js';
import { serveNewsSite, type NewsSiteServer } from '../../src/cli/demo/news-server.js';
import { databaseFile, openPipeline, runCampaigns, type RunSummary } from '../../src/pipeline/index.js';
import { listStories, readArticle, recordExtracted } from '../../src/storage/index.js';
import { isApertiumInstalled, startApertium, type ApertiumProcess } from '../../src/translator/engines/apertium-process.js';
import { htmlToPlainText } from '../../src/util/html-text.js';
import { createSiteServer } from '../../src/web/index.js';
import { openTestHttpClient } from '../support/http-client.js';
import { relaisBin, runRelais } from '../support/run-relais.js';
import { makeTempDir } from '../support/temp-dir.js';
import { isCi } from '../support/shared-data.js';
import { watchSegments } from '../support/watch-segments.js';

// The whole relay, for real: a loopback news site in CNN-like markup, Apertium APy on loopback,
// SQLite on disk, the site answering through app.request(), and a process killed mid-run.

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const fixtureDir = join(repoRoot, 'test/fixtures/news-site');
const campaignId = 'e2e-hidden-campaign-en2fr';
const apertiumHere = isApertiumInstalled();
if (!apertiumHere && !isCi()) {
  console.warn('end-to-end test skipped: apertium-apy is not installed (apt-get install apertium-apy apertium-eng-spa apertium-fr-es)');
}

const junk = readFileSync(join(fixtureDir, 'JUNK.txt'), 'utf8').split('\n').filter(Boolean);
const slugs = [...new Set(readFileSync(join(fixtureDir, 'KEEP.txt'), 'utf8').split('\n').filter(Boolean).map((line) => line.split('\t')[0]!))];

describe.skipIf(!apertiumHere && !isCi())('relais end to end with Apertium', { timeout: 180_000 }, () => {
  let apertium: ApertiumProcess;
  let news: NewsSiteServer;
  let temp: ReturnType<typeof makeTempDir>;

  beforeAll(async () => {
    apertium = await startApertium({ openHttpClient: (url) => openTestHttpClient([url]) });
    news = await serveNewsSite(fixtureDir);
    temp = makeTempDir();
  }, 60_000);
  afterAll(async () => {
    await news?.stop();
    await apertium?.stop();
    temp?.remove();
  });

  function configFor(dataDir: string): Config {
    return parseConfig({
      data_dir: dataDir,
      site: { language: 'fr', title: 'Relais' },
      fetch: { allow_hosts: [new URL(news.baseUrl).host] },
      engines: { apertium: { url: apertium.url } },
      campaigns: [
        {
          id: campaignId,
          sources: [`${news.baseUrl}/feed.xml`, `${news.baseUrl}/atom.xml`],
          from: 'en',
          to: 'fr',
          category: 'Nouvelles des États-Unis',
          engine: 'apertium',
        },
      ],
    });
  }

  async function runWithCountingEngine(config: Config): Promise<{ summary: RunSummary; sent: number }> {
    const pipeline = await openPipeline(config, { logger: pino({ level: 'silent' }) });
    let sent = 0;
    const realEngine = pipeline.ctx.engine.bind(pipeline.ctx);
    pipeline.ctx.engine = (id) => watchSegments(realEngine(id), (segments) => (sent += segments.length));
    try {
      return { summary: await runCampaigns(pipeline.ctx), sent };
    } finally {
      await pipeline.close();
    }
  }

  it('relays the feed into a French site without junk or internal names, once', async () => {
    const config = configFor(join(temp.dir, 'main'));
    const first = await runWithCountingEngine(config);
    expect(first.summary).toMatchObject({ discovered: 6, fetched: 6, extracted: 5, translated: 5, published: 5, skipped: 1, failed: 0 });
    expect(first.sent).toBeGreaterThan(50);

    const pipeline = await openPipeline(config, { logger: pino({ level: 'silent' }) });
    try {
      const skipped = await listStories(pipeline.database.db, { state: 'skipped' });
      expect(skipped.map((story) => story.url)).toEqual([`${news.baseUrl}/2026/11/27/oklahoma-tornado-drone-footage/index.html`]);
      expect(skipped[0]?.reason).toMatch(/not an article|no article content|too short|video/i);

      // The run rendered the pages it published; the server only reads them.
      const app = createSiteServer({ db: pipeline.database.db, site: { title: 'Relais', language: 'fr', pageSize: 20, origin: 'http://localhost' } });
      const home = await (await app.request('/')).text();
      const links = [...home.matchAll(/href="(\/[^"]*article[^"]*)"/g)].map((match) => match[1]!);
      const articlePaths = [...new Set(links)];
      expect(articlePaths).toHaveLength(5);
      for (const path of articlePaths) await checkArticlePage(await app.request(path), path);
      expect(home).not.toContain(campaignId);
    } finally {
      await pipeline.close();
    }

    const second = await runWithCountingEngine(config);
    expect(second.summary).toMatchObject({ discovered: 0, fetched: 0, translated: 0, published: 0, failed: 0 });
    expect(second.sent).toBe(0);
  });

  it('re-translates an updated story from the translation memory alone and still publishes it once', async () => {
    const config = configFor(join(temp.dir, 'memory'));
    await runWithCountingEngine(config);
    const pipeline = await openPipeline(config, { logger: pino({ level: 'silent' }) });
    try {
      const [story] = await listStories(pipeline.database.db, { state: 'published', limit: 1 });
      const article = await readArticle(pipeline.database.db, story!.id);
      await recordExtracted(pipeline.database.db, story!.id, article!);
    } finally {
      await pipeline.close();
    }
    const again = await runWithCountingEngine(config);
    expect(again.summary).toMatchObject({ translated: 1, published: 1 });
    expect(again.sent).toBe(0);
    expect(countPublications(databaseFile(config))).toEqual({ rows: 5, stories: 5 });
  });

  it('publishes each story exactly once after the process is killed between translation and publication', async () => {
    const dataDir = join(temp.dir, 'killed');
    const configFile = join(temp.dir, 'killed.yaml');
    writeFileSync(configFile, JSON.stringify(configFor(dataDir)));
    const file = databaseFile(configFor(dataDir));

    // Stories flow one by one: killed once the first is translated, the others are anywhere before publication.
    const killedAt = await runCliUntil(configFile, () => (stateCounts(file).translated ?? 0) + (stateCounts(file).published ?? 0) >= 1);
    const publishedBefore = killedAt.published ?? 0;
    expect(publishedBefore).toBeLessThan(5);

    const rerun = await runCli(configFile);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(new RegExp(`published ${5 - publishedBefore}`));
    expect(countPublications(file)).toEqual({ rows: 5, stories: 5 });
    expect(stateCounts(file)).toMatchObject({ published: 5, skipped: 1 });
    const third = await runCli(configFile);
    expect(third.stdout).toMatch(/published 0/);
    expect(countPublications(file)).toEqual({ rows: 5, stories: 5 });

    // Whatever the kill interrupted, the site's pages show the five stories: the export has them all.
    const out = join(temp.dir, 'killed-site');
    const exported = await runRelais(['export', '--config', configFile, '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/^exported \d+ pages/);
    expect(readdirSync(join(out, 'article'))).toHaveLength(5);
    const home = readFileSync(join(out, 'index.html'), 'utf8');
    for (const slug of readdirSync(join(out, 'article'))) expect(home).toContain(`href="/article/${slug}"`);
  });

  async function checkArticlePage(response: Response, path: string): Promise<void> {
    expect(response.status, path).toBe(200);
    const html = await response.text();
    expect(html).toContain('lang="fr"');
    const title = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '';
    const text = visibleText(html);
    expect(eld.detect(htmlToPlainText(title)).language, `title of ${path}: ${title}`).toBe('fr');
    expect(eld.detect(text).language, `body of ${path}`).toBe('fr');
    const original = slugs.find((slug) => html.includes(`${news.baseUrl}/2026/11/27/${slug}/index.html`));
    expect(original, `attribution link on ${path}`).toBeDefined();
    expect(html).toMatch(/Source\u00a0:/);
    expect(html).toMatch(/traduit automatiquement/);
    expect(html).toMatch(/href="#top"/);
    for (const line of junk) expect(text, `junk on ${path}`).not.toContain(line);
    expect(html).not.toContain(campaignId);
    expect(html).not.toContain('apertium');
  }
});

function visibleText(html: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/.exec(html)?.[1] ?? html;
  return htmlToPlainText(body).replace(/\u00a0/g, ' ');
}

function stateCounts(file: string): Record<string, number> {
  if (!existsSync(file)) return {};
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 2000');
    const rows = db.prepare('SELECT state, COUNT(*) AS n FROM stories GROUP BY state').all() as Array<{ state: string; n: number }>;
    return Object.fromEntries(rows.map((row) => [row.state, row.n]));
  } catch {
    return {};
  } finally {
    db.close();
  }
}

function countPublications(file: string): { rows: number; stories: number } {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT COUNT(*) AS rows, COUNT(DISTINCT story_id) AS stories FROM publications').get() as { rows: number; stories: number };
  } finally {
    db.close();
  }
}


const runCli = (configFile: string) => runRelais(['run', '--config', configFile]);

// Starts `relais run` and kills it with SIGKILL (no chance to clean up) once `shouldKill` holds.
async function runCliUntil(configFile: string, shouldKill: () => boolean): Promise<Record<string, number>> {
  const child = spawn(process.execPath, [relaisBin, 'run', '--config', configFile], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && child.exitCode === null) {
    if (shouldKill()) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  child.kill('SIGKILL');
  await exited;
  const file = join(JSON.parse(readFileSync(configFile, 'utf8')).data_dir, 'relais.db');
  return stateCounts(file);
}
