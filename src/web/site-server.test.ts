import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { makeStorySeeds, openSeededSite, publishStories, TEST_ORIGIN, type SeededSite } from '../../test/support/published-stories.js';
import { createSiteBuilder } from './site-build.js';
import { acceptsGzipEncoding, createSiteServer } from './site-server.js';

// The server answers from the stored bytes: compressed when asked, 304 when unchanged.

describe('site server', () => {
  let site: SeededSite;
  afterEach(async () => site?.close());

  it('sends the gzip variant to a client that takes it, with its own ETag and Vary', async () => {
    site = await openSeededSite(makeStorySeeds(3));
    const plain = await site.server.request('/');
    const zipped = await site.server.request('/', { headers: { 'Accept-Encoding': 'br, gzip;q=0.8' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toBe('Accept-Encoding');
    expect(plain.headers.get('vary')).toBe('Accept-Encoding');
    const body = Buffer.from(await zipped.arrayBuffer());
    expect(gunzipSync(body).toString('utf8')).toBe(await plain.text());
    expect(Number(zipped.headers.get('content-length'))).toBe(body.length);
    expect(zipped.headers.get('etag')).not.toBe(plain.headers.get('etag'));
    // Either tag means the client holds the current page.
    for (const tag of [plain.headers.get('etag')!, zipped.headers.get('etag')!, `W/${plain.headers.get('etag')}`, `"x", ${zipped.headers.get('etag')}`]) {
      expect((await site.server.request('/', { headers: { 'If-None-Match': tag, 'Accept-Encoding': 'gzip' } })).status, tag).toBe(304);
    }
  });

  it.each([
    ['gzip', true],
    ['gzip, deflate, br', true],
    ['br;q=1, gzip;q=0.5', true],
    ['gzip;q=0', false],
    ['deflate', false],
    ['*', true],
    ['identity', false],
  ])('Accept-Encoding %j takes gzip: %s', (header, expected) => {
    expect(acceptsGzipEncoding(header)).toBe(expected);
  });

  it('refuses methods other than GET and HEAD', async () => {
    site = await openSeededSite(makeStorySeeds(1));
    const response = await site.server.request('/', { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('serves every page right with a cache too small to hold them', async () => {
    site = await openSeededSite(makeStorySeeds(30));
    const small = createSiteServer({ db: site.db, site: { title: 'Relais', language: 'fr', pageSize: 20, origin: TEST_ORIGIN }, cacheBytes: 20_000 });
    await small.refresh();
    for (let round = 0; round < 2; round++) {
      for (const slug of site.slugs) {
        const [one, other] = await Promise.all([small.request(`/article/${slug}`), site.server.request(`/article/${slug}`)]);
        expect(one.headers.get('etag')).toBe(other.headers.get('etag'));
        expect(await one.text()).toBe(await other.text());
      }
    }
  });

  it('is a reader: a second server on the database sees pages another process rendered', async () => {
    site = await openSeededSite(makeStorySeeds(1));
    const options = { title: 'Relais', language: 'fr', pageSize: 20, origin: TEST_ORIGIN };
    const reader = createSiteServer({ db: site.db, site: options, refreshMs: 0 });
    await reader.refresh();
    const [slug] = await publishStories(site.db, [{ url: 'https://news.example/later', title: 'Arrivée plus tard' }]);
    expect((await reader.request(`/article/${slug}`)).status).toBe(404);
    await createSiteBuilder({ db: site.db, site: options }).render();
    // A request notices the new generation; soon after, the new page is served.
    await expect.poll(async () => (await reader.request(`/article/${slug}`)).status).toBe(200);
  });

  it('keeps serving what it holds when the database goes away, and 404s unknown paths without it', async () => {
    site = await openSeededSite(makeStorySeeds(2));
    const home = await (await site.server.request('/')).text();
    await site.server.request('/nulle/part');
    await site.db.destroy();
    const again = await site.server.request('/');
    expect(again.status).toBe(200);
    expect(await again.text()).toBe(home);
    expect((await site.server.request('/nulle/part')).status).toBe(404);
    expect((await site.server.request('/healthz')).status).toBe(500);
  });

  it('answers HEAD over HTTP with the length of the body it would send', async () => {
    site = await openSeededSite(makeStorySeeds(1));
    const http = createServer(site.server.listener);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = http.address() as AddressInfo;
      const head = await new Promise<{ status: number; length: string | undefined; body: string }>((resolve, reject) => {
        const request = httpRequest({ host: '127.0.0.1', port, path: '/', method: 'HEAD' }, (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, length: response.headers['content-length'], body }));
        });
        request.on('error', reject);
        request.end();
      });
      const get = Buffer.from(await (await fetch(`http://127.0.0.1:${port}/`)).arrayBuffer());
      expect(head).toEqual({ status: 200, length: String(get.length), body: '' });
    } finally {
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    }
  });
});
