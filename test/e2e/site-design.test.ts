// The public site as readers meet it: axe-core on every kind of page, at a phone's width and a
// desktop's, in the light and the dark scheme; the skip link, the landmarks and the focus ring.
// RELAIS_SCREENSHOTS=1 writes each page at 360 px and 1280 px to docs/screenshots/site-*.png.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSeededSite, type SeededSite } from '../support/published-stories.js';
import { isCi } from '../support/shared-data.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const shouldSkip = !hasChromium && !isCi();
if (shouldSkip) console.warn(`site-design.test.ts skipped: ${CHROMIUM} is absent (install Debian's chromium to run it)`);

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const screenshots = process.env.RELAIS_SCREENSHOTS ? new URL('../../docs/screenshots/', import.meta.url).pathname : undefined;
const WIDTHS = [360, 1280] as const;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

const paragraphs = (count: number, words: string) =>
  Array.from({ length: count }, (_, i) => `<p>${words} Paragraphe ${i + 1}, avec <a href="https://example.org/ref-${i}">un lien</a> vers une référence.</p>`).join('');

describe.skipIf(shouldSkip)('the public site for readers, in Chromium with axe-core', () => {
  let site: SeededSite;
  let server: Server;
  let browser: Browser;
  let origin: string;
  let pages: { name: string; path: string; status: number }[];

  beforeAll(async () => {
    site = await openSeededSite([
      {
        url: 'https://news.example/inflation',
        title: 'L’inflation ralentit aux États-Unis pour le troisième mois consécutif',
        html: `<p>Les prix à la consommation ont augmenté moins vite que prévu en novembre.</p><h2>Ce que disent les économistes</h2>${paragraphs(6, 'Les marchés ont salué la nouvelle.')}<blockquote><p>« Le pire est derrière nous », a déclaré une analyste.</p></blockquote><ul><li>Énergie : −2 %</li><li>Alimentation : +0,3 %</li></ul>`,
        category: 'Économie',
        byline: 'Jeanne Martin',
        publishedAt: '2026-11-27T10:00:00Z',
      },
      { url: 'https://news.example/storm', title: 'Une tempête hivernale frappe le Midwest', category: 'Nouvelles des États-Unis', publishedAt: '2026-11-26T10:00:00Z', html: paragraphs(4, 'La neige est tombée toute la nuit.') },
      { url: 'https://news.example/vote', title: 'Le Sénat adopte le budget après une longue nuit de débats', category: 'Nouvelles des États-Unis', publishedAt: '2026-11-25T10:00:00Z' },
    ]);
    server = createServer(site.server.listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const category = /href="(\/rubrique\/[^"/]+)"/.exec(await (await fetch(`${origin}/`)).text())?.[1];
    expect(category, 'a category link on the home page').toBeDefined();
    pages = [
      { name: 'home', path: '/', status: 200 },
      { name: 'category', path: category!, status: 200 },
      { name: 'article', path: `/article/${site.slugs[0]}`, status: 200 },
      { name: 'not-found', path: '/no-such-page', status: 404 },
    ];
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    if (screenshots) mkdirSync(screenshots, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? (server.close(() => resolve()), server.closeAllConnections()) : resolve()));
    await site?.close();
  });

  // The site's CSP forbids scripts; axe is evaluated through the debugging protocol, which it does not govern.
  const runAxe = async (page: Page): Promise<AxeViolation[]> => {
    await page.evaluate(AXE_SOURCE);
    return page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((result) =>
      result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`);
  };

  const open = async (width: number, scheme: 'light' | 'dark', path: string, status: number): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width, height: 800 }, colorScheme: scheme });
    const response = await page.goto(origin + path, { waitUntil: 'load' });
    expect(response?.status(), path).toBe(status);
    return page;
  };

  it('has an axe that finds what it should (a control page with an image without alt)', async () => {
    const page = await browser.newPage();
    await page.setContent('<!DOCTYPE html><html lang="fr"><head><title>t</title></head><body><main><img src="data:,"></main></body></html>');
    expect((await runAxe(page)).map((violation) => violation.id)).toContain('image-alt');
    await page.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    for (const width of WIDTHS) {
      it(`has no serious or critical axe violation on any page at ${width} px (${scheme})`, async () => {
        const found: string[] = [];
        for (const { name, path, status } of pages) {
          const page = await open(width, scheme, path, status);
          const violations = await runAxe(page);
          // RELAIS_AXE_REPORT=1 prints every page's count of violations of any impact, for the docs.
          if (process.env.RELAIS_AXE_REPORT) console.log(`axe ${name} ${width}px ${scheme}: ${violations.length} violations ${violations.map((v) => `${v.id}/${v.impact}`).join(' ')}`);
          for (const violation of violations) {
            if (violation.impact === 'serious' || violation.impact === 'critical') {
              found.push(`${name}: ${violation.id} (${violation.impact}) ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
            }
          }
          // Nothing wider than the screen: no sideways scrolling on a phone.
          expect(await page.evaluate('document.documentElement.scrollWidth'), `${name} at ${width} px`).toBeLessThanOrEqual(width);
          if (screenshots && scheme === 'light') await page.screenshot({ path: `${screenshots}site-${name}-${width}.png`, fullPage: true });
          await page.close();
        }
        expect(found).toEqual([]);
      }, 60_000);
    }
  }

  it('is dark when the reader asks for it', async () => {
    const colours: Record<string, string> = {};
    for (const scheme of ['light', 'dark'] as const) {
      const page = await open(1280, scheme, '/', 200);
      colours[scheme] = await page.evaluate('getComputedStyle(document.body).backgroundColor');
      await page.close();
    }
    expect(colours.dark).not.toBe(colours.light);
    const [r, g, b] = colours.dark!.match(/\d+/g)!.map(Number);
    expect(r! + g! + b!, `dark background ${colours.dark}`).toBeLessThan(150);
  });

  it('offers a skip link first, which moves the focus to the main content, with a visible focus ring', async () => {
    for (const { name, path, status } of pages) {
      const page = await open(360, 'light', path, status);
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(`(() => {
        const element = document.activeElement;
        const style = getComputedStyle(element);
        const box = element.getBoundingClientRect();
        return { href: element.getAttribute('href'), outline: style.outlineStyle, visible: box.width > 0 && box.height > 0 && box.top >= 0 };
      })()`);
      expect(focused, name).toEqual({ href: '#content', outline: 'solid', visible: true });
      await page.keyboard.press('Enter');
      expect(await page.evaluate('document.activeElement.id || document.activeElement.closest("main")?.id'), name).toBe('content');
      // One of each landmark: banner, navigation, main, contentinfo.
      const landmarks = await page.evaluate(`['body > header', 'header nav', 'main', 'body > footer'].map((s) => document.querySelectorAll(s).length)`);
      expect(landmarks, name).toEqual([1, 1, 1, 1]);
      await page.close();
    }
  });
});
