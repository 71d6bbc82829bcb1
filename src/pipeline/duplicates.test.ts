import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { parseConfig } from '../config/index.js';
import { listStories, openDatabase, type StoryRecord } from '../storage/index.js';
import { readStoredPage } from '../storage/site-pages.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { freshDatabaseLocation } from '../../test/support/test-database.js';
import { OPEN_GATES } from '../../test/support/open-gates.js';
import { openPipeline } from './open.js';
import { runCampaigns } from './run.js';

// The same wire story, printed by three sites in three templates (another headline, byline,
// order, one added sentence each), reaches three campaigns that publish in French: the first
// extracted is published, the others are skipped as copies, and its page names their sources.
// The engine is the real opus-mt code on the tiny model the project generates.

const tinyModels = fileURLToPath(new URL('../../test/fixtures/tiny-marian', import.meta.url));

const story = [
  'Port authorities in Rotterdam said on Tuesday that container traffic fell by nine percent in the third quarter, the sharpest drop since the pandemic.',
  'The decline was driven by weaker imports from Asia and a slowdown in transshipment to smaller ports in the Baltic region, the authority said in a statement.',
  'Officials expect volumes to recover slowly next year as shipping lines return to routes through the Red Sea and freight rates continue to fall.',
  'Several terminal operators have already cut night shifts and delayed investments in new cranes until demand becomes clearer.',
  'The port employs about 180,000 people directly and indirectly and handles more than a third of all containers arriving in the Netherlands.',
  'Trade unions warned that further cuts could follow if the recovery does not arrive before the summer, and asked the government for support.',
  'The Dutch economy ministry said it was monitoring the situation closely but had no plans for emergency measures at this stage.',
  'Rival ports in Antwerp and Hamburg reported smaller declines over the same period, helped by long-term contracts with major carriers.',
  'Analysts said the figures reflected a broader slowdown in European manufacturing rather than problems specific to Rotterdam.',
  'The authority will publish its full-year figures in February, together with an updated forecast for the coming decade.',
];
const other = [
  'A new cycling bridge over the river Maas opened on Saturday after three years of construction and repeated delays caused by flooding.',
  'The bridge connects two neighbourhoods that were previously separated by a twenty minute detour through the city centre.',
  'City officials said they expected about 12,000 cyclists and pedestrians to use the crossing every day once schools reopen.',
  'The project cost 48 million euros, more than twice the original estimate, which drew criticism from opposition parties in the council.',
  'Engineers designed the deck to rise by a metre during high water, a feature the city hopes to use on future crossings.',
  'Residents gathered at both ends of the bridge for the opening, which included a small concert and a parade of historic bicycles.',
  'The mayor said the bridge showed that the city could build ambitious infrastructure despite rising costs and a shortage of workers.',
  'Construction of a second crossing further downstream is due to begin next spring if the council approves the budget in January.',
];

const templates = {
  ledger: (title: string, paragraphs: readonly string[]) =>
    `<!doctype html><html lang="en"><head><title>${title} | Daily Ledger</title><meta property="og:site_name" content="Daily Ledger"></head><body><header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header><main><article><h1>${title}</h1><p class="byline">By Maria Lopez</p>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></main><footer>© Daily Ledger</footer></body></html>`,
  wire: (title: string, paragraphs: readonly string[]) =>
    `<!doctype html><html lang="en"><head><title>${title}</title><meta property="og:site_name" content="Wire Service"></head><body><div class="top-bar"><a href="/">Wire Service</a></div><div id="content"><div class="story"><h1 class="headline">${title}</h1><div class="author">Reporting by Tom Hale; editing by Ana Ruiz</div><div class="story-body">${paragraphs.map((p) => `<p>${p}</p>`).join('')}</div></div></div><div class="footer">Wire Service</div></body></html>`,
  gazette: (title: string, paragraphs: readonly string[]) =>
    `<!doctype html><html lang="en"><head><title>${title} - The Gazette</title><meta property="og:site_name" content="The Gazette"></head><body><section class="page"><h1>${title}</h1><address>Staff and agencies</address><div class="text">${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</div></section></body></html>`,
};

// The desks' light edits: two paragraphs swapped, a sentence of their own added.
const wireCopy = [story[0]!, story[2]!, story[1]!, ...story.slice(3), 'The authority did not immediately respond to a request for further comment.'];
const gazetteCopy = [story[0]!, story[1]!, 'Rotterdam is the largest port in Europe by cargo volume.', ...story.slice(2, 9)];

const pages: Record<string, string> = {
  '/ledger/port.html': templates.ledger('Rotterdam container traffic falls nine percent', story),
  '/wire/rotterdam.html': templates.wire('Rotterdam port volumes drop as Asian imports weaken', wireCopy),
  '/wire/bridge.html': templates.wire('New cycling bridge opens over the Maas', other),
  '/gazette/port-slump.html': templates.gazette('Europe’s biggest port hit by slump', gazetteCopy),
};
const feeds: Record<string, string[]> = {
  '/ledger.xml': ['/ledger/port.html'],
  '/wire.xml': ['/wire/rotterdam.html', '/wire/bridge.html'],
  '/gazette.xml': ['/gazette/port-slump.html'],
};

// Each site on an address of its own (all of 127.0.0.0/8 is loopback): sources are told apart by host.
function startSite(address: string): Promise<{ base: string; server: Server }> {
  const server = createServer((request, response) => {
    const base = `http://${address}:${(server.address() as { port: number }).port}`;
    const feed = feeds[request.url ?? ''];
    const page = pages[request.url ?? ''];
    if (feed) {
      response.writeHead(200, { 'content-type': 'application/rss+xml' });
      response.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><link>${base}/</link>${feed.map((path) => `<item><title>${path}</title><link>${base}${path}</link><guid>${base}${path}</guid></item>`).join('')}</channel></rss>`);
    } else if (page) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(page);
    } else {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, address, () => resolve({ base: `http://${address}:${(server.address() as { port: number }).port}`, server })));
}

describe('the same story from several sources', () => {
  let sites: Record<'ledger' | 'wire' | 'gazette', { base: string; server: Server }>;
  let temp: ReturnType<typeof makeTempDir>;
  let database: string;

  beforeAll(async () => {
    sites = { ledger: await startSite('127.0.0.1'), wire: await startSite('127.0.0.2'), gazette: await startSite('127.0.0.3') };
    temp = makeTempDir();
    database = freshDatabaseLocation(join(temp.dir, 'data'));
  });
  afterAll(async () => {
    for (const site of Object.values(sites)) await new Promise((resolve) => site.server.close(resolve));
    temp.remove();
  });

  const campaign = (id: string, name: keyof typeof sites, sourceName: string, to = 'fr') => ({
    id,
    sources: [`${sites[name].base}/${name}.xml`],
    from: 'en' as const,
    to,
    category: 'Économie',
    engine: 'opus-mt' as const,
    source_name: sourceName,
    quality: OPEN_GATES,
  });
  const configWith = (campaigns: ReturnType<typeof campaign>[]) =>
    parseConfig({
      data_dir: join(temp.dir, 'data'),
      database,
      fetch: { allow_hosts: Object.values(sites).map((site) => new URL(site.base).host) },
      engines: { 'opus-mt': { models_dir: tinyModels, dtype: 'fp32' } },
      campaigns,
    });

  async function runOnce(campaigns: ReturnType<typeof campaign>[]): Promise<StoryRecord[]> {
    const pipeline = await openPipeline(configWith(campaigns), { logger: pino({ level: 'silent' }) });
    try {
      await runCampaigns(pipeline.ctx);
      await pipeline.ctx.site.idle();
      return await listStories(pipeline.database.db);
    } finally {
      await pipeline.close();
    }
  }

  // The stored page of a published story, as the site serves it.
  async function readArticlePage(storyId: number): Promise<string> {
    const handle = await openDatabase(database);
    try {
      const publication = await handle.db.selectFrom('publications').select('slug').where('story_id', '=', storyId).executeTakeFirstOrThrow();
      const page = await readStoredPage(handle.db, `/article/${encodeURIComponent(publication.slug)}`);
      return page?.body.toString('utf8') ?? '';
    } finally {
      await handle.close();
    }
  }

  const first = () => [campaign('ledger-fr', 'ledger', 'Daily Ledger'), campaign('wire-fr', 'wire', 'Wire Service'), campaign('ledger-again-fr', 'ledger', 'Daily Ledger')];

  it('publishes the first copy extracted, skips the others with the reason, and names their sources on its page', async () => {
    const stories = await runOnce(first());
    const copies = stories.filter((s) => !s.url.endsWith('/bridge.html'));
    const published = copies.filter((s) => s.state === 'published');
    expect(published).toHaveLength(1);
    expect(stories.find((s) => s.url.endsWith('/bridge.html'))?.state).toBe('published');

    // One URL read by two campaigns into French: the later story defers to the earlier, before fetching.
    const sameUrl = copies.filter((s) => s.url.endsWith('/ledger/port.html'));
    const [earlier, later] = sameUrl.sort((a, b) => a.id - b.id);
    expect(later).toMatchObject({ state: 'skipped', failed_stage: 'fetch', reason: `same story as ${earlier!.id} (same URL)` });

    // The same text in another template: skipped at extraction as a copy of the published one.
    const copy = copies.find((s) => s.state === 'skipped' && s.failed_stage === 'extract')!;
    expect(copy.reason).toMatch(new RegExp(`^same story as ${published[0]!.id} \\(similarity 0\\.\\d\\d\\)$`));
    expect(Number(/similarity (\S+)\)/.exec(copy.reason!)![1])).toBeGreaterThanOrEqual(0.4);

    const page = await readArticlePage(published[0]!.id);
    const copySource = copy.url.includes('/wire/') ? 'Wire Service' : 'Daily Ledger';
    expect(page).toContain(`Aussi rapporté par\u00a0: <a href="${copy.original_url}" rel="nofollow noopener">${copySource}</a>`);
  });

  it('renders the published page again when one more source reports the story', async () => {
    const stories = await runOnce([...first(), campaign('gazette-fr', 'gazette', 'The Gazette')]);
    const published = stories.find((s) => s.state === 'published' && !s.url.endsWith('/bridge.html'))!;
    const gazette = stories.find((s) => s.url.endsWith('/gazette/port-slump.html'))!;
    expect(gazette).toMatchObject({ state: 'skipped', failed_stage: 'extract' });
    expect(gazette.reason).toMatch(new RegExp(`^same story as ${published.id} \\(similarity`));
    const page = await readArticlePage(published.id);
    expect(page).toMatch(/Aussi rapporté par\u00a0: <a [^>]+>[^<]+<\/a>, <a href="[^"]+\/gazette\/port-slump\.html" rel="nofollow noopener">The Gazette<\/a>/);
  });

  it('compares only campaigns that publish into the same language', async () => {
    const stories = await runOnce([...first(), campaign('wire-de', 'wire', 'Wire Service', 'de')]);
    const german = stories.filter((s) => s.campaign_id === 'wire-de');
    // No German model here: they wait for the engine, and neither is taken for a copy of a French story.
    expect(german.map((s) => s.state)).toEqual(['extracted', 'extracted']);
  });
});
