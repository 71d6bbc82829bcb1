import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/index.js';
import { listSegments, openPipeline, runCampaigns } from '../../pipeline/index.js';
import { listStories, saveUser } from '../../storage/index.js';
import { createLibreTranslateEngine } from '../../translator/index.js';
import { ADMIN, createCookieClient, formField, signInAs } from '../../../test/support/admin-site.js';
import type { FakeHttpService } from '../../../test/support/fake-http-service.js';
import { startFakeLibreTranslate } from '../../../test/support/fake-translation-services.js';
import { rssFeed, startLoopbackSite, type LoopbackSite } from '../../../test/support/loopback-site.js';
import { OPEN_GATES } from '../../../test/support/open-gates.js';
import { makeTempDir } from '../../../test/support/temp-dir.js';
import { freshDatabaseLocation } from '../../../test/support/test-database.js';
import { createAdminArea } from './admin-area.js';
import { hashPassword } from './credentials.js';

// An editor reviews a held story in the admin area: rewrites one sentence, publishes; the next
// pass publishes the edited text.

const SENTENCES = [
  'The council voted on Tuesday night to extend the tram line to the northern suburbs.',
  'Supporters say the extension will cut commuting times in half for thousands of workers who spend an hour in traffic.',
  'Opponents, including several shop owners along the route, worry that two years of construction will drive customers away.',
];

describe('reviewing a held story in the admin area', () => {
  let site: LoopbackSite;
  let libre: FakeHttpService;
  let admin: Server;
  const temp = makeTempDir();

  beforeAll(async () => {
    site = await startLoopbackSite((request, response) => {
      if (request.url === '/feed.xml') {
        response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed([{ title: 'Tram', link: `${site.base}/tram.html` }]));
        return;
      }
      if (request.url !== '/tram.html') return void response.writeHead(404).end('not found');
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html lang="en"><head><title>Tram line approved</title></head><body><article><h1>Tram line approved</h1>${SENTENCES.map((s) => `<p>${s}</p>`).join('')}</article></body></html>`);
    });
    libre = await startFakeLibreTranslate();
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => (admin ? admin.close(() => resolve()) : resolve()));
    await site.close();
    await libre.close();
    temp.remove();
  });

  it('edits a sentence beside its source and publishes the edited story', async () => {
    const config = parseConfig({
      data_dir: temp.dir,
      database: freshDatabaseLocation(temp.dir),
      fetch: { allow_hosts: [new URL(site.base).host] },
      campaigns: [{ id: 'trams', sources: [`${site.base}/feed.xml`], to: 'fr', category: 'Transports', engine: 'libretranslate', quality: OPEN_GATES, cleanup: { min_words: 20 }, publish: 'review' }],
    });
    const pipeline = await openPipeline(config, { logger: pino({ level: 'silent' }) });
    const engine = createLibreTranslateEngine({ url: libre.url, http: libre.http, apiKeyEnv: 'LT_KEY', env: {}, timeoutMs: 5_000 });
    const ctx = { ...pipeline.ctx, engine: () => engine };
    const db = pipeline.database.db;
    try {
      expect(await runCampaigns(ctx)).toMatchObject({ held: 1, published: 0 });
      const [story] = await listStories(db, { state: 'held' });
      await saveUser(db, await hashPassword(ADMIN.name, ADMIN.password));
      admin = createServer(getRequestListener(createAdminArea({ db, config }).fetch));
      await new Promise<void>((resolve) => admin.listen(0, '127.0.0.1', resolve));
      const client = createCookieClient(`http://127.0.0.1:${(admin.address() as AddressInfo).port}`);
      await signInAs(client, ADMIN.name, ADMIN.password);

      const page = await (await client.request(`/admin/stories/${story!.id}`)).text();
      const segment = (await listSegments(db, story!.id, 'fr')).find((candidate) => candidate.source === SENTENCES[0]);
      expect(page).toContain(SENTENCES[0]);
      expect(page).toContain(`/admin/stories/${story!.id}/segments/${segment!.n}`);
      const edit = 'Le conseil a voté mardi soir le prolongement du tram vers le nord.';
      const saved = await client.request(`/admin/stories/${story!.id}/segments/${segment!.n}`, { form: { csrf: formField(page, 'csrf'), text: edit, back: `/admin/stories/${story!.id}` } });
      expect(saved.status).toBe(303);
      expect(decodeURIComponent(saved.headers.get('location') ?? '')).toContain('notice=Traduction enregistrée');
      expect((await listSegments(db, story!.id, 'fr')).find((candidate) => candidate.n === segment!.n)).toMatchObject({ translation: edit, origin: 'human' });

      const published = await client.request(`/admin/stories/${story!.id}/publish`, { form: { csrf: formField(page, 'csrf'), back: `/admin/stories/${story!.id}` } });
      expect(published.status).toBe(303);
      expect(await runCampaigns(ctx)).toMatchObject({ published: 1 });
      const publication = await db.selectFrom('publications').select('html').where('story_id', '=', story!.id).executeTakeFirstOrThrow();
      expect(publication.html).toContain(edit);
    } finally {
      await engine.close();
      await pipeline.close();
    }
  });
});
