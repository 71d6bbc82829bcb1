import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LanguagePair, TranslationEngine, TranslationMemory } from '../domain/types.js';
import { createIdentityEngine, createMapMemory, createRecordingEngine, createScramblingEngine, SCRAMBLES } from '../../test/support/markup-engines.js';
import { compareMarkup, describeBlockTree, listNeverSent, loadMarkupFixtures } from '../../test/support/markup-survival.js';
import { openTestHttpClient } from '../../test/support/http-client.js';
import { createApertiumEngine } from './engines/apertium.js';
import { isApertiumInstalled, startApertium } from './engines/apertium-process.js';
import type { ApertiumProcess } from './engines/apertium-process.js';
import { translateArticle } from './translate-article.js';
import { isCi } from '../../test/support/shared-data.js';

// Every inline element of test/fixtures/markup must come back with its tag and attributes at its
// place (titles translated), the block tree unchanged, and no code, preformatted text, URL or
// e-mail address sent.

const fixtures = loadMarkupFixtures();
const EN_EN = { from: 'en', to: 'en' };
const EN_FR = { from: 'en', to: 'fr' };
const hasApy = isApertiumInstalled();
if (!hasApy && isCi()) {
  throw new Error('/usr/bin/apertium-apy is missing and CI is set: install apertium-apy apertium-eng-spa apertium-fr-es');
}
if (!hasApy) console.warn('skipping markup survival with Apertium: /usr/bin/apertium-apy is not installed');

interface FixtureResult {
  name: string;
  pair: LanguagePair;
  source: string;
  html: string;
  repairs: number;
  sent: string;
}

async function translateFixtures(inner: TranslationEngine, pair: LanguagePair, memory: TranslationMemory = createMapMemory()) {
  const { engine, sent } = createRecordingEngine(inner);
  const results: FixtureResult[] = [];
  for (const fixture of fixtures) {
    const before = sent.length;
    const out = await translateArticle({ title: '', summary: '', html: fixture.html }, { engine, pair, memory });
    results.push({ name: fixture.name, pair, source: fixture.html, html: out.html, repairs: out.stats.repairs, sent: sent.slice(before).join('\n') });
  }
  return { results, sentCount: sent.length };
}

// linkedom's own serialization on both sides: `<br />` and `<br>` are the same element.
function reserialize(html: string): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>') as unknown as {
    document: { createElement(tag: string): { innerHTML: string } };
  };
  const root = document.createElement('div');
  root.innerHTML = html;
  return root.innerHTML;
}

function expectMarkupKept(result: FixtureResult): void {
  const comparison = compareMarkup(result.source, result.html, result.pair);
  expect(comparison.lost).toEqual([]);
  expect(comparison.inlineSurviving).toBe(comparison.inlineIn);
  expect(comparison.attributesKept).toBe(comparison.attributesIn);
  expect(comparison.inlineExtra).toBe(0);
  expect(describeBlockTree(result.html)).toBe(describeBlockTree(result.source));
  expect(comparison.isVerbatimKept).toBe(true);
  for (const text of listNeverSent(result.source)) expect(result.sent).not.toContain(text);
}

describe('the markup fixtures', () => {
  it('hold at least 50 cases with every inline element and block of a sanitized body', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(50);
    const all = fixtures.map((fixture) => fixture.html).join('\n');
    for (const tag of ['a', 'em', 'strong', 'i', 'b', 'q', 'cite', 'code', 'abbr', 'sub', 'sup', 'span', 'br', 'img',
      'p', 'h2', 'h3', 'ul', 'ol', 'li', 'blockquote', 'figure', 'figcaption', 'table', 'caption', 'td', 'th', 'pre', 'dl', 'hr']) {
      expect(all).toContain(`<${tag}`);
    }
    expect(all).toMatch(/https:\/\/[^"<]+ until/);
    expect(all).toMatch(/tips@news\.example\.com/);
  });
});

describe.each([
  ['markup placeholders', true],
  ['token placeholders', false],
])('an identity engine with %s', (_name, acceptsMarkup) => {
  let results: FixtureResult[] = [];
  beforeAll(async () => {
    results = (await translateFixtures(createIdentityEngine({ acceptsMarkup }), EN_EN)).results;
  });

  it.each(fixtures.map((fixture) => fixture.name))('%s comes back unchanged, nothing repaired', (name) => {
    const result = results.find((r) => r.name === name) as FixtureResult;
    expect(reserialize(result.html)).toBe(reserialize(result.source));
    expect(result.repairs).toBe(0);
    expectMarkupKept(result);
  });
});

describe('an engine that moves, loses, duplicates, garbles and misnests placeholders', () => {
  const scrambling = createScramblingEngine();
  const memory = createMapMemory();
  let results: FixtureResult[] = [];
  beforeAll(async () => {
    results = (await translateFixtures(scrambling, EN_FR, memory)).results;
  });

  it.each(fixtures.map((fixture) => fixture.name))('%s keeps every inline element, its attributes and the block tree', (name) => {
    expectMarkupKept(results.find((r) => r.name === name) as FixtureResult);
  });

  it('translated every title', () => {
    const comparisons = results.map((r) => compareMarkup(r.source, r.html, EN_FR));
    const titles = comparisons.reduce((sum, c) => sum + c.titlesIn, 0);
    expect(titles).toBeGreaterThanOrEqual(8);
    expect(comparisons.reduce((sum, c) => sum + c.titlesTranslated, 0)).toBe(titles);
  });

  it('made every kind of damage, and the damage was counted', () => {
    for (const scramble of SCRAMBLES) expect(scrambling.applied.get(scramble) ?? 0).toBeGreaterThan(0);
    expect(results.reduce((sum, r) => sum + r.repairs, 0)).toBeGreaterThanOrEqual(20);
    // Words were translated (upper-cased) where no fallback was needed, not left as they were.
    expect(results.filter((r) => r.html !== r.source && /[A-Z]{4}/.test(r.html)).length).toBeGreaterThan(40);
  });

  it('remembered the repaired translations: a second run sends nothing and gives the same HTML', async () => {
    const again = await translateFixtures(scrambling, EN_FR, memory);
    expect(again.sentCount).toBe(0);
    expect(again.results.map((r) => r.html)).toEqual(results.map((r) => r.html));
    expect(again.results.every((r) => r.repairs === 0)).toBe(true);
  });
});

describe.skipIf(!hasApy)('real Apertium (eng→spa→fra)', () => {
  let apy: ApertiumProcess | undefined;
  let results: FixtureResult[] = [];
  beforeAll(async () => {
    apy = await startApertium({ openHttpClient: (url) => openTestHttpClient([url]) });
    const http = openTestHttpClient([apy.url]);
    try {
      const engine = createApertiumEngine({ url: apy.url, http, timeoutMs: 60_000 });
      results = (await translateFixtures(engine, EN_FR)).results;
    } finally {
      await http.close();
    }
  }, 180_000);
  afterAll(async () => {
    await apy?.stop();
  });

  it.each(fixtures.map((fixture) => fixture.name))('%s keeps every inline element, its attributes and the block tree', (name) => {
    const result = results.find((r) => r.name === name) as FixtureResult;
    expectMarkupKept(result);
    expect(result.html).not.toBe(result.source);
  });

  it('translated the titles and left the French span as it is', () => {
    const comparisons = results.map((r) => compareMarkup(r.source, r.html, EN_FR));
    const titles = comparisons.reduce((sum, c) => sum + c.titlesIn, 0);
    expect(comparisons.reduce((sum, c) => sum + c.titlesTranslated, 0)).toBe(titles);
    expect(results.find((r) => r.name.startsWith('060'))?.html).toContain('<span lang="fr" class="foreign">liberté, égalité, fraternité</span>');
  });
});
