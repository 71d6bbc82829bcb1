import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startAdminSite, type AdminSite } from '../../../test/support/admin-site.js';
import { publishStories } from '../../../test/support/published-stories.js';
import { isCi } from '../../../test/support/shared-data.js';
import { createTranslationMemory, ensureSource, listStories, recordEngineUsage, recordPollFailure, recordFailed, recordTranslationHeld } from '../../storage/index.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
// Without Chromium a developer's run skips this file; CI must have it, so there it fails instead.
const shouldSkip = !hasChromium && !isCi();
if (shouldSkip) console.warn(`admin-browser.test.ts skipped: ${CHROMIUM} is absent (install Debian's chromium to run it)`);
// RELAIS_SCREENSHOTS=1 writes the admin's main pages to docs/screenshots/admin-*.png.
const screenshots = process.env.RELAIS_SCREENSHOTS ? new URL('../../../docs/screenshots/', import.meta.url).pathname : undefined;

describe.skipIf(shouldSkip)('admin area in Chromium', () => {
  let site: AdminSite;
  let browser: Browser;

  beforeAll(async () => {
    site = await startAdminSite();
    const db = site.database.db;
    await publishStories(db, [
      { url: 'https://news.example/xi-putin', title: 'Xi rencontrera Poutine en Russie la semaine prochaine', campaignId: 'test-campaign' },
      { url: 'https://news.example/storm', title: 'Une tempête frappe la côte est', campaignId: 'test-campaign' },
      { url: 'https://news.example/markets', title: 'Les marchés reculent après la décision de la Fed', campaignId: 'test-campaign' },
    ]);
    const [held, failed] = await listStories(db, { limit: 2 });
    await recordTranslationHeld(db, held!.id, { language: 'fr', engine: 'apertium', title: 'Les marchés reculent après la décision de la Fed', summary: '', html: '<p>…</p>' }, 'quality gate untranslated: 41 % of the words are untranslated');
    await recordFailed(db, failed!.id, 'fetch', 'fetch: https://news.example/storm answered 503 Service Unavailable', new Date(Date.now() + 600_000).toISOString());
    const other = await ensureSource(db, 'test-campaign', 'https://news.example/other.xml');
    await recordPollFailure(db, other.id, 'fetch: https://news.example/other.xml answered 404 Not Found', new Date(Date.now() + 3_600_000).toISOString());
    const memory = createTranslationMemory(db);
    await memory.remember('apertium', { from: 'en', to: 'fr' }, new Map([['Markets fell.', 'Les marchés ont reculé.'], ['Xi will meet Putin.', 'Xi rencontrera Poutine.']]));
    await memory.lookup('apertium', { from: 'en', to: 'fr' }, ['Markets fell.', 'Xi will meet Putin.', 'A new sentence.']);
    await recordEngineUsage(db, 'apertium', 18_250);
    await recordEngineUsage(db, 'apertium', 9_400, new Date(Date.now() - 86_400_000));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    if (screenshots) mkdirSync(screenshots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  const shoot = async (page: Page, name: string) => {
    if (screenshots) await page.screenshot({ path: `${screenshots}admin-${name}.png`, fullPage: true });
  };

  it('signs in, opens the dashboard and a held story, and publishes it, with no console errors or CSP violations', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page: ${error.message}`));
    // Evaluated through the debugging protocol, which the page's CSP does not govern.
    await page.addInitScript({
      content: `window.violations = []; document.addEventListener('securitypolicyviolation',
        (event) => window.violations.push(event.violatedDirective + ' ' + event.blockedURI));`,
    });
    await page.goto(`${site.url}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await shoot(page, 'login');
    await page.getByLabel('Utilisateur').fill(ADMIN.name);
    await page.getByLabel('Mot de passe').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`${site.url}/admin`);
    expect(await page.locator('h1').textContent()).toBe('Tableau de bord');
    expect(await page.locator('meta[name=robots]').getAttribute('content')).toBe('noindex');
    expect(await page.locator('main').textContent()).toContain('test-campaign');
    await shoot(page, 'dashboard');

    await page.goto(`${site.url}/admin/stories?state=held`);
    await shoot(page, 'stories');
    await page.getByRole('link', { name: 'Les marchés reculent après la décision de la Fed' }).click();
    expect(await page.locator('main').textContent()).toContain('quality gate untranslated');
    await shoot(page, 'story');
    await page.getByRole('button', { name: 'Publier' }).click();
    expect(await page.locator('.notice').textContent()).toContain('Article validé');
    expect(await page.locator('main').textContent()).toContain('traduits');

    for (const name of ['campaigns', 'engines', 'audit']) {
      await page.goto(`${site.url}/admin/${name}`);
      await shoot(page, name);
    }
    await page.goto(`${site.url}/admin/engines`);
    expect(await page.locator('main').textContent()).toContain('66,7\u00a0%');
    await page.goto(`${site.url}/admin/audit`);
    expect(await page.locator('main').textContent()).toContain('publish');
    expect(await page.evaluate('window.violations')).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
