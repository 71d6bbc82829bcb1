import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ExtractError, RelaisError } from '../domain/errors.js';
import { startLoopbackSite, type LoopbackSite } from '../../test/support/loopback-site.js';
import { extractPage } from './extract-page.js';
import { createExtractorPool, type ExtractorPool } from './extract-pool.js';

// The extraction pool with its real workers: pages are extracted in worker threads, a page that
// hangs or exhausts its worker fails alone, and the next page finds a fresh worker.

const logger = pino({ level: 'silent' });
const rules = { dropSelectors: [], dropPatterns: [], minWords: 20 };
const paragraph = (n: number) =>
  `<p>Paragraph ${n} tells how the council met on Tuesday to discuss the new bridge, the budget for schools and the plan for the river banks.</p>`;
const articleHtml = (paragraphs: number, extra = '') =>
  `<!doctype html><html lang="en"><head><title>Council approves the bridge</title></head><body><article><h1>Council approves the bridge</h1>` +
  `${Array.from({ length: paragraphs }, (_, i) => paragraph(i)).join('')}${extra}</article></body></html>`;
const page = (html: string) => ({ url: 'https://news.example/story', contentType: 'text/html; charset=utf-8', body: new TextEncoder().encode(html) });

// A campaign pattern that backtracks exponentially on this block: its extraction never ends.
const hangingRules = { ...rules, dropPatterns: ['^(a+)+$'] };
const hangingPage = page(articleHtml(4, `<p>${'a'.repeat(48)}!</p>`));

let pool: ExtractorPool | undefined;
let site: LoopbackSite | undefined;
afterEach(async () => {
  await pool?.close();
  await site?.close();
  pool = undefined;
  site = undefined;
});

describe('extractor pool', () => {
  it('extracts pages in worker threads, with learned boilerplate removed', async () => {
    pool = createExtractorPool({ timeoutMs: 30_000, maxOldGenerationSizeMb: 256, logger });
    const outcome = await pool.extract(page(articleHtml(5)), rules);
    expect(outcome).toMatchObject({ kind: 'article', article: { title: 'Council approves the bridge' } });
    if (outcome.kind !== 'article') throw new Error('expected an article');
    const fingerprints = outcome.blockFingerprints ?? [];
    expect(fingerprints.length).toBeGreaterThan(0);
    const learned = await pool.extract(page(articleHtml(5)), rules, new Set(fingerprints.slice(0, 1)));
    if (learned.kind !== 'article') throw new Error('expected an article');
    expect(learned.article.wordCount).toBeLessThan(outcome.article.wordCount);
  });

  it('chooses the language on the main thread as extraction in one thread does', async () => {
    // Declared English, written in French: the text decides.
    const french =
      '<p>Le conseil municipal s’est réuni mardi soir pour discuter du nouveau pont, du budget des écoles et du plan pour les berges de la rivière.</p>';
    const frenchPage = page(articleHtml(0, french.repeat(4)));
    pool = createExtractorPool({ timeoutMs: 30_000, maxOldGenerationSizeMb: 256, logger });
    const outcome = await pool.extract(frenchPage, rules);
    expect(outcome).toMatchObject({ kind: 'article', article: { language: 'fr' } });
    expect(outcome).toEqual(extractPage(frenchPage, rules));
  });

  it('answers HTTP requests while a page extracts', async () => {
    site = await startLoopbackSite((_request, response) => response.end('ok'));
    pool = createExtractorPool({ timeoutMs: 20_000, maxOldGenerationSizeMb: 256, logger });
    let settled = false;
    const extraction = pool.extract(hangingPage, hangingRules).finally(() => {
      settled = true;
    });
    extraction.catch(() => {});
    // On the main thread the hanging pattern would hold the event loop: no request could complete.
    const answer = await site.fetcher.fetchUrl(`${site.base}/`);
    expect(new TextDecoder().decode(answer.kind === 'fresh' ? answer.body : new Uint8Array())).toBe('ok');
    expect(settled).toBe(false);
    await pool.close();
    pool = undefined;
    await expect(extraction).rejects.toThrow();
  });

  it('stops a worker whose page runs past the timeout, and extracts the next page in a fresh one', async () => {
    // The timeout runs from when the page is handed to the pool, so it covers a fresh worker's
    // start too; on a loaded machine that alone can take seconds.
    pool = createExtractorPool({ threads: 1, timeoutMs: 5_000, maxOldGenerationSizeMb: 256, logger });
    const hung = pool.extract(hangingPage, hangingRules);
    await expect(hung).rejects.toThrow(/longer than 5000 ms.*extract\.timeout_ms/);
    await expect(hung).rejects.not.toBeInstanceOf(ExtractError);
    await expect(hung).rejects.toBeInstanceOf(RelaisError);
    expect(await pool.extract(page(articleHtml(5)), rules)).toMatchObject({ kind: 'article' });
  });

  it('fails a page that exhausts its worker heap without taking the process down', async () => {
    pool = createExtractorPool({ threads: 1, timeoutMs: 60_000, maxOldGenerationSizeMb: 128, logger });
    const huge = page(articleHtml(60_000));
    const crashed = pool.extract(huge, rules);
    await expect(crashed).rejects.toThrow(/extraction worker failed.*extract\.worker_memory_mb/);
    await expect(crashed).rejects.not.toBeInstanceOf(ExtractError);
    expect(await pool.extract(page(articleHtml(5)), rules)).toMatchObject({ kind: 'article' });
  });

  it('keeps an ExtractError an ExtractError across the thread boundary', async () => {
    pool = createExtractorPool({ timeoutMs: 30_000, maxOldGenerationSizeMb: 256, logger });
    const refused = pool.extract(page(articleHtml(5)), { ...rules, dropPatterns: ['('] });
    await expect(refused).rejects.toBeInstanceOf(ExtractError);
    await expect(refused).rejects.toThrow(/^extract: campaign cleanup pattern "\(" is not a valid regular expression/);
  });
});
