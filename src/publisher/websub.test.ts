import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeHttpService, type FakeHttpService, type RecordedRequest } from '../../test/support/fake-http-service.js';
import { openTestHttpClient } from '../../test/support/http-client.js';
import { openSeededSite, publishStories, TEST_ORIGIN, type SeededSite } from '../../test/support/published-stories.js';
import { createSiteBuilder, type SiteOptions } from '../web/index.js';
import { createWebSubPublisher, type WebSubOutcome } from './websub.js';

// A loopback hub: it takes a WebSub publish notice (a form with hub.mode and hub.url) and answers 204.
function startHub(): Promise<FakeHttpService> {
  return startFakeHttpService({
    handle(request, refuse) {
      const form = request.body instanceof URLSearchParams ? request.body : undefined;
      if (request.method !== 'POST' || !form) return refuse(400, 'a publish notice is a form POST');
      if (form.get('hub.mode') !== 'publish' || !form.get('hub.url')) return refuse(400, 'hub.mode=publish and hub.url are required');
      return { status: 204, body: undefined };
    },
    renderError: (_status, message) => ({ error: message }),
  });
}

const noticed = (requests: readonly RecordedRequest[]) => requests.map((request) => (request.body as URLSearchParams).get('hub.url')).sort();

/** A loopback port nothing listens on: a hub that is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

describe('WebSub', () => {
  let site: SeededSite | undefined;
  let hub: FakeHttpService | undefined;
  afterEach(async () => {
    await site?.close();
    await hub?.close();
    site = hub = undefined;
  });

  it('declares the hub in the feeds and tells it of each feed a publication changed', async () => {
    hub = await startHub();
    const options: SiteOptions = { title: 'Relais', language: 'fr', pageSize: 20, origin: TEST_ORIGIN, websubHub: `${hub.url}/hub` };
    site = await openSeededSite([{ url: 'https://news.example/a', title: 'Première', category: 'Monde' }], options);
    for (const path of ['/feed.xml', '/rubrique/monde/feed.xml']) {
      expect(await (await site.server.request(path)).text(), path).toContain(`<atom:link href="${hub.url}/hub" rel="hub"/>`);
    }
    for (const path of ['/atom.xml', '/rubrique/monde/atom.xml']) {
      expect(await (await site.server.request(path)).text(), path).toContain(`<link rel="hub" href="${hub.url}/hub"/>`);
    }
    for (const path of ['/feed.json', '/rubrique/monde/feed.json']) {
      expect(JSON.parse(await (await site.server.request(path)).text()).hubs, path).toEqual([{ type: 'WebSub', url: `${hub.url}/hub` }]);
    }
    // Each list's feeds, in the three formats.
    const feedsOf = (...lists: string[]) => lists.flatMap((list) => ['feed.xml', 'atom.xml', 'feed.json'].map((file) => `${TEST_ORIGIN}${list}${file}`)).sort();

    await publishStories(site.db, [{ url: 'https://news.example/b', title: 'Seconde', category: 'Économie' }]);
    const websub = createWebSubPublisher({ hub: `${hub.url}/hub`, client: hub.http });
    const report = await createSiteBuilder({ db: site.db, site: options, websub }).render();
    // A new category renders every page again, but only the site's feed and the new category's changed: Monde's is as it was.
    expect(report).toMatchObject({ kind: 'all' });
    expect(report?.feeds.sort()).toEqual(feedsOf('/', '/rubrique/economie/'));
    expect(noticed(hub.requests)).toEqual(report?.feeds.sort());
    expect(hub.requests.every((request) => request.path === '/hub' && request.headers['content-type'] === 'application/x-www-form-urlencoded')).toBe(true);
    expect(hub.violations).toEqual([]);

    // Another story in Monde: the site's feed and Monde's changed, Économie's did not.
    hub.requests.length = 0;
    await publishStories(site.db, [{ url: 'https://news.example/c', title: 'Troisième', category: 'Monde' }]);
    await createSiteBuilder({ db: site.db, site: options, websub }).render();
    expect(noticed(hub.requests)).toEqual(feedsOf('/', '/rubrique/monde/'));
  });

  it('publishes although the hub is down or refuses, and says why', async () => {
    const down = `http://127.0.0.1:${await closedPort()}/hub`;
    const client = openTestHttpClient([down]);
    const failures: WebSubOutcome[] = [];
    try {
      const options: SiteOptions = { title: 'Relais', language: 'fr', pageSize: 20, origin: TEST_ORIGIN, websubHub: down };
      site = await openSeededSite([], options);
      const [slug] = await publishStories(site.db, [{ url: 'https://news.example/a', title: 'Publiée quand même' }]);
      const websub = createWebSubPublisher({ hub: down, client, onFailure: (outcome) => failures.push(outcome) });
      const report = await createSiteBuilder({ db: site.db, site: options, websub }).render();
      await site.server.refresh();
      expect(report?.feeds.length).toBeGreaterThan(0);
      expect((await site.server.request(`/article/${slug}`)).status).toBe(200);
      expect(failures.length).toBe(report?.feeds.length);
      expect(failures[0]?.reason).toContain(`the WebSub hub ${down} could not be told that ${TEST_ORIGIN}/`);
      expect(failures[0]?.reason).toMatch(/refused|connect/i);
    } finally {
      await client.close();
    }

    hub = await startHub();
    hub.persistentFault = { kind: 'status', status: 503, message: 'hub overloaded' };
    const outcomes = await createWebSubPublisher({ hub: hub.url, client: hub.http }).publish([`${TEST_ORIGIN}/feed.xml`]);
    expect(outcomes).toEqual([{ feedUrl: `${TEST_ORIGIN}/feed.xml`, ok: false, reason: `the WebSub hub ${hub.url} answered 503 to the notice of ${TEST_ORIGIN}/feed.xml ("{"error":"hub overloaded"}")` }]);
  });
});
