import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminToken, revokeAdminToken } from '../../cli/commands/admin-accounts.js';
import { parseConfig } from '../../config/index.js';
import { listAudit, listStories, openDatabase, recordExtracted, recordFetched, recordTranslationHeld, saveUser } from '../../storage/index.js';
import { makeTempDir } from '../../../test/support/temp-dir.js';
import { freshDatabaseLocation } from '../../../test/support/test-database.js';
import { hashPassword } from './credentials.js';
import { ADMIN, createCookieClient, formField, signInAs, startAdminSite, type AdminSite } from '../../../test/support/admin-site.js';
import { publishStories } from '../../../test/support/published-stories.js';
import { createSiteBuilder, siteOptionsFromConfig } from '../index.js';
import { LOGIN_LIMITS } from './auth.js';
import { createAdminArea } from './admin-area.js';
import { apiStoryActions } from './api.js';
import { describeApi } from './openapi.js';

describe('admin area and API over HTTP', () => {
  let site: AdminSite;
  let slugs: string[];

  beforeAll(async () => {
    site = await startAdminSite();
    slugs = await publishStories(site.database.db, [
      { url: 'https://news.example/a', title: 'Premier article', campaignId: 'test-campaign' },
      { url: 'https://news.example/b', title: 'Second article', campaignId: 'test-campaign' },
    ]);
    // Rendered as the pipeline does after publishing; the server sees the new pages within a second.
    const builder = createSiteBuilder({ db: site.database.db, site: siteOptionsFromConfig(site.config) });
    await builder.render();
    await builder.close();
  });
  afterAll(async () => site?.close());
  const storyIdOf = async (url: string) => (await listStories(site.database.db)).find((story) => story.url === url)!.id;

  it('signs in with the right password: the session cookie is HttpOnly and SameSite=Strict, and every page is noindex', async () => {
    const client = createCookieClient(site.url);
    const signedIn = await signInAs(client, ADMIN.name, ADMIN.password);
    expect(signedIn.status).toBe(303);
    const cookie = signedIn.headers.getSetCookie().find((line) => line.startsWith('relais_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
    for (const path of ['/admin', '/admin/campaigns', '/admin/stories?state=published', '/admin/engines', '/admin/audit']) {
      const page = await client.request(path);
      expect(page.status, path).toBe(200);
      expect(page.headers.get('x-robots-tag')).toBe('noindex');
      expect(page.headers.get('content-security-policy')).toContain("script-src 'none'");
      const html = await page.text();
      expect(html).toContain('<meta name="robots" content="noindex"/>');
      expect(html).toContain('Tableau de bord');
    }
  });

  it('sends a browser that is not signed in to the sign-in page, and refuses its POSTs', async () => {
    const client = createCookieClient(site.url);
    const page = await client.request('/admin/stories');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/admin/login');
    expect((await client.request('/admin/stories/1/delete', { form: { csrf: 'x' } })).status).toBe(401);
  });

  it('refuses a wrong password, and after too many failures the right one too', async () => {
    const client = createCookieClient(site.url);
    const wrong = await signInAs(client, 'limited', 'not the password');
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).toContain('Utilisateur ou mot de passe incorrect.');
    expect(client.cookie('relais_session')).toBeUndefined();

    const { addAdminUser } = await import('../../cli/commands/admin-accounts.js');
    await addAdminUser(site.config, 'limited', 'the right password');
    for (let attempt = 1; attempt < LOGIN_LIMITS.user; attempt += 1) expect((await signInAs(client, 'limited', 'wrong again')).status).toBe(403);
    const refused = await signInAs(client, 'limited', 'the right password');
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain('Trop de tentatives');
    expect(client.cookie('relais_session')).toBeUndefined();
    // The limit is per account name: another account still signs in from the same address.
    expect((await signInAs(createCookieClient(site.url), ADMIN.name, ADMIN.password)).status).toBe(303);
  });

  it("shows what changed in each later version of a story's source", async () => {
    const client = createCookieClient(site.url);
    await signInAs(client, ADMIN.name, ADMIN.password);
    const db = site.database.db;
    await publishStories(db, [{ url: 'https://news.example/revised', title: 'Article corrigé', campaignId: 'test-campaign' }]);
    const id = await storyIdOf('https://news.example/revised');
    const text = (figure: string) => ({ title: 'Bridge', html: `<p>It costs ${figure} million.</p>`, text: `It costs ${figure} million.`, wordCount: 4 });
    const fetched = (body: string) => ({ finalUrl: 'https://news.example/revised', contentType: 'text/html', body: Buffer.from(body) });
    await recordFetched(db, id, fetched('v1'));
    await recordExtracted(db, id, text('410'), undefined, new Date('2026-12-03T12:00:00Z'));
    await recordFetched(db, id, fetched('v2'));
    await recordExtracted(db, id, text('450'), undefined, new Date('2026-12-03T13:00:00Z'));
    const page = await (await client.request(`/admin/stories/${id}`)).text();
    expect(page).toContain('Versions de la source');
    expect(page).toMatch(/<del>410 <\/del><ins>450 <\/ins>|<del>410<\/del>\s*<ins>450<\/ins>/);
  });

  it('refuses a POST without the form token, and acts with it', async () => {
    const client = createCookieClient(site.url);
    await signInAs(client, ADMIN.name, ADMIN.password);
    const id = await storyIdOf('https://news.example/a');
    const refused = await client.request(`/admin/stories/${id}/retranslate`, { form: { back: '/admin/stories' } });
    expect(refused.status).toBe(403);
    const forged = await client.request(`/admin/stories/${id}/retranslate`, { form: { csrf: 'forged', back: '/admin/stories' } });
    expect(forged.status).toBe(403);
    expect((await listStories(site.database.db, { state: 'published' })).map((s) => s.id)).toContain(id);

    const page = await (await client.request(`/admin/stories/${id}`)).text();
    const done = await client.request(`/admin/stories/${id}/retranslate`, { form: { csrf: formField(page, 'csrf'), back: `/admin/stories/${id}` } });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toMatch(new RegExp(`^/admin/stories/${id}\\?notice=`));
    expect((await listStories(site.database.db, { state: 'extracted' })).map((s) => s.id)).toContain(id);
    expect((await listAudit(site.database.db, { storyId: id }))[0]).toMatchObject({ actor: ADMIN.name, action: 'retranslate' });
  });

  it('signs out: the session no longer opens a page', async () => {
    const client = createCookieClient(site.url);
    await signInAs(client, ADMIN.name, ADMIN.password);
    const page = await (await client.request('/admin')).text();
    const session = client.cookie('relais_session');
    expect((await client.request('/admin/logout', { form: { csrf: formField(page, 'csrf') } })).status).toBe(303);
    const replayed = await fetch(`${site.url}/admin`, { headers: { cookie: `relais_session=${session}` }, redirect: 'manual' });
    expect(replayed.status).toBe(303);
  });

  it('refuses an API request without a token or with a revoked one', async () => {
    expect((await fetch(`${site.url}/api/v1/stories`)).status).toBe(401);
    expect((await fetch(`${site.url}/api/v1/stories`, { headers: { authorization: 'Bearer not-a-token' } })).status).toBe(401);
    const { id, token } = await createAdminToken(site.config, ADMIN.name);
    expect((await fetch(`${site.url}/api/v1/stories`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await revokeAdminToken(site.config, id);
    const revoked = await fetch(`${site.url}/api/v1/stories`, { headers: { authorization: `Bearer ${token}` } });
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('refuses a change through the API signed in with the session cookie but without X-CSRF-Token', async () => {
    const client = createCookieClient(site.url);
    await signInAs(client, ADMIN.name, ADMIN.password);
    expect((await client.request('/api/v1/stories')).status).toBe(200);
    const refused = await client.request('/api/v1/stories/1/retry', { method: 'POST' });
    expect(refused.status).toBe(403);
  });

  it('lists stories with their public URL and unpublishes one with a token, leaving an audit entry and a 410 page', async () => {
    const { token } = await createAdminToken(site.config, ADMIN.name);
    const auth = { authorization: `Bearer ${token}` };
    const listed = (await (await fetch(`${site.url}/api/v1/stories?state=published`, { headers: auth })).json()) as { stories: { id: number; state: string; title: string; url: string }[] };
    const second = listed.stories.find((story) => story.title === 'Second article');
    expect(second).toEqual({ id: expect.any(Number), state: 'published', title: 'Second article', url: `${site.url}/article/${slugs[1]}` });
    await expect.poll(async () => (await fetch(second!.url)).status, { timeout: 5_000 }).toBe(200);

    const detail = (await (await fetch(`${site.url}/api/v1/stories/${second!.id}`, { headers: auth })).json()) as Record<string, unknown>;
    expect(detail).toMatchObject({ id: second!.id, state: 'published', segments: [], revisions: [{ n: 1, title: 'Second article', text: 'Original body.' }] });
    // Stored without its segments (as before segments were kept): there is nothing to edit.
    const edit = await fetch(`${site.url}/api/v1/stories/${second!.id}/segments/1`, { method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Texte.' }) });
    expect(edit.status).toBe(404);
    expect(((await edit.json()) as { error: string }).error).toContain('has no segments in fr');

    const noReason = await fetch(`${site.url}/api/v1/stories/${second!.id}/unpublish`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' });
    expect(noReason.status).toBe(400);
    const unpublished = await fetch(`${site.url}/api/v1/stories/${second!.id}/unpublish`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'erreur de la source' }) });
    expect(unpublished.status).toBe(200);
    expect(await unpublished.json()).toMatchObject({ ok: true, state: 'unpublished' });
    expect((await listAudit(site.database.db, { storyId: second!.id }))[0]).toMatchObject({ actor: ADMIN.name, action: 'unpublish', detail: 'erreur de la source' });
    await expect.poll(async () => (await fetch(second!.url)).status, { timeout: 5_000 }).toBe(410);
    const again = await fetch(`${site.url}/api/v1/stories/${second!.id}/unpublish`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'twice' }) });
    expect(again.status).toBe(409);
  });

  it('publishes and rejects held stories through the API', async () => {
    const { token } = await createAdminToken(site.config, ADMIN.name);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const first = { id: await storyIdOf('https://news.example/a') };
    await recordTranslationHeld(site.database.db, first!.id, { language: 'fr', engine: 'apertium', title: 'Premier article', summary: '', html: '<p>x</p>' }, 'quality gate ratio');
    expect((await fetch(`${site.url}/api/v1/stories/${first!.id}/reject`, { method: 'POST', headers, body: '{}' })).status).toBe(400);
    const published = await fetch(`${site.url}/api/v1/stories/${first!.id}/publish`, { method: 'POST', headers, body: '{}' });
    expect(await published.json()).toMatchObject({ ok: true, state: 'translated' });
    await recordTranslationHeld(site.database.db, first!.id, { language: 'fr', engine: 'apertium', title: 'Premier article', summary: '', html: '<p>x</p>' }, 'quality gate ratio');
    const rejected = await fetch(`${site.url}/api/v1/stories/${first!.id}/reject`, { method: 'POST', headers, body: JSON.stringify({ reason: 'hors sujet' }) });
    expect(await rejected.json()).toMatchObject({ ok: true, state: 'skipped' });
    expect((await listStories(site.database.db, { state: 'skipped' }))[0]).toMatchObject({ id: first!.id, reason: 'hors sujet' });
  });

  it("lists a campaign's sources, pauses and removes one through the API and the configuration file", async () => {
    const { token } = await createAdminToken(site.config, ADMIN.name);
    const headers = { authorization: `Bearer ${token}` };
    const listed = (await (await fetch(`${site.url}/api/v1/campaigns/test-campaign/sources`, { headers })).json()) as { sources: { id: number; url: string; paused: boolean }[] };
    const feed = listed.sources.find((source) => source.url === 'https://news.example/feed.xml');
    expect(feed).toMatchObject({ paused: false });
    expect((await fetch(`${site.url}/api/v1/campaigns/nope/sources`, { headers })).status).toBe(404);
    const removed = await fetch(`${site.url}/api/v1/campaigns/test-campaign/sources/${feed!.id}`, { method: 'DELETE', headers });
    expect(removed.status).toBe(200);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(site.configFile, 'utf8')).not.toContain('https://news.example/feed.xml');
    const after = (await (await fetch(`${site.url}/api/v1/campaigns/test-campaign/sources`, { headers })).json()) as { sources: { id: number; paused: boolean }[] };
    expect(after.sources.find((source) => source.id === feed!.id)).toMatchObject({ paused: true });
  });

  it('describes every API route in the OpenAPI document', async () => {
    const document = (await (await fetch(`${site.url}/api/v1/openapi.json`)).json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(document).toEqual(describeApi());
    expect(document.openapi).toBe('3.1.0');
    const app = createAdminArea({ db: site.database.db, config: site.config });
    const routes = app.routes.filter((route) => route.path.startsWith('/api/v1/') && route.method !== 'ALL');
    const described: string[] = [];
    for (const route of routes) {
      const path = route.path.slice('/api/v1'.length).replace(/:(\w+)(\{[^}]*\})?/g, '{$1}');
      const paths = path.includes('{action}') ? apiStoryActions.map((action) => path.replace('{action}', action)) : [path];
      for (const one of paths) {
        expect(document.paths[one]?.[route.method.toLowerCase()], `${route.method} ${one}`).toBeDefined();
        described.push(`${route.method} ${one}`);
      }
    }
    expect(described).toContain('POST /stories/{id}/unpublish');
    expect(described).toContain('DELETE /campaigns/{campaign}/sources/{source}');
  });
});

describe('admin area behind https', () => {
  it('marks its cookies Secure when site.base_url is https', async () => {
    const temp = makeTempDir();
    const handle = await openDatabase(freshDatabaseLocation(temp.dir));
    try {
      const config = parseConfig({ site: { base_url: 'https://news.example' }, campaigns: [{ id: 'c', sources: ['https://news.example/feed.xml'], to: 'fr', category: 'X' }] });
      await saveUser(handle.db, await hashPassword(ADMIN.name, ADMIN.password));
      const app = createAdminArea({ db: handle.db, config });
      const form = await app.request('/admin/login');
      const loginCookie = form.headers.getSetCookie()[0] ?? '';
      expect(loginCookie).toMatch(/; Secure/);
      const csrf = formField(await form.text(), 'csrf');
      const signedIn = await app.request('/admin/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie.split(';')[0]! },
        body: new URLSearchParams({ csrf, name: ADMIN.name, password: ADMIN.password }).toString(),
      });
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.getSetCookie().find((line) => line.startsWith('relais_session='))).toMatch(/HttpOnly.*Secure|Secure.*HttpOnly/);
    } finally {
      await handle.close();
      temp.remove();
    }
  });
});

describe('admin times', () => {
  it('shows times in site.time_zone, naming the zone', async () => {
    // A zone without summer time, so the offset does not depend on the day the test runs.
    const site = await startAdminSite({ time_zone: 'Asia/Kolkata' });
    try {
      await publishStories(site.database.db, [{ url: 'https://news.example/zone', title: 'Article à l’heure', campaignId: 'test-campaign' }]);
      const client = createCookieClient(site.url);
      await signInAs(client, ADMIN.name, ADMIN.password);
      const html = await (await client.request('/admin/stories?state=published')).text();
      const shown = /<time datetime="([^"]+)">([^<]+)<\/time>/.exec(html);
      expect(shown, 'a story time on the stories page').not.toBeNull();
      const [, at, text] = shown!;
      expect(text).toContain('UTC+5:30');
      // The clock time shown is the instant's time in Kolkata, 5 h 30 ahead of UTC.
      const kolkata = new Date(Date.parse(at!) + 5.5 * 3_600_000);
      const hhmm = `${String(kolkata.getUTCHours()).padStart(2, '0')}:${String(kolkata.getUTCMinutes()).padStart(2, '0')}`;
      expect(text).toContain(hhmm);
    } finally {
      await site.close();
    }
  });
});
