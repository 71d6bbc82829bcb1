import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { parseHTML } from 'linkedom';
import { ExtractError } from '../domain/errors.js';
import type { CleanupRules } from '../domain/types.js';
import { extractArticle } from './extract-article.js';

// Golden pages: test/fixtures/extractor/<case>.html + <case>.expected.json (add one with
// scripts/add-extractor-case.mjs, then check the expectations by hand).
const fixturesDir = fileURLToPath(new URL('../../test/fixtures/extractor/', import.meta.url));

interface ExpectedCase {
  url: string;
  rules?: Partial<CleanupRules>;
  outcome: 'article' | 'not-article';
  reason?: string;
  title?: string;
  byline?: string;
  publishedAt?: string;
  modifiedAt?: string;
  leadImage?: string;
  leadImageAlt?: string;
  language?: string;
  siteName?: string;
  excerpt?: string;
  requiredText?: string[];
  forbiddenText?: string[];
  requiredHtml?: string[];
  forbiddenHtml?: string[];
}

const DEFAULT_RULES: CleanupRules = { dropSelectors: [], dropPatterns: [], minWords: 80 };
const METADATA_FIELDS = ['title', 'byline', 'publishedAt', 'modifiedAt', 'language', 'siteName', 'excerpt'] as const;

const cases = readdirSync(fixturesDir)
  .filter((name) => name.endsWith('.expected.json'))
  .map((name) => name.replace(/\.expected\.json$/u, ''))
  .sort();

function loadCase(name: string): { html: string; expected: ExpectedCase } {
  return {
    html: readFileSync(`${fixturesDir}${name}.html`, 'utf8'),
    expected: JSON.parse(readFileSync(`${fixturesDir}${name}.expected.json`, 'utf8')) as ExpectedCase,
  };
}

describe('extractArticle on golden pages', () => {
  it('has at least 8 golden pages', () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
  });

  it.each(cases)('%s', (name) => {
    const { html, expected } = loadCase(name);
    const outcome = extractArticle(html, { url: expected.url, rules: { ...DEFAULT_RULES, ...expected.rules } });
    if (expected.outcome === 'not-article') {
      expect(outcome).toEqual({ kind: 'not-article', reason: expected.reason });
      return;
    }
    if (outcome.kind !== 'article') throw new Error(`expected an article, got: ${outcome.reason}`);
    const article = outcome.article;
    for (const field of METADATA_FIELDS) {
      if (expected[field] !== undefined) expect(article[field], field).toBe(expected[field]);
    }
    if (expected.leadImage !== undefined) expect(article.leadImage?.url).toBe(expected.leadImage);
    if (expected.leadImageAlt !== undefined) expect(article.leadImage?.alt).toBe(expected.leadImageAlt);
    for (const snippet of expected.requiredText ?? []) expect(article.text).toContain(snippet);
    for (const snippet of expected.forbiddenText ?? []) expect(article.text).not.toContain(snippet);
    for (const snippet of expected.requiredHtml ?? []) expect(article.html).toContain(snippet);
    for (const snippet of expected.forbiddenHtml ?? []) expect(article.html).not.toContain(snippet);
    expect(article.wordCount).toBeGreaterThanOrEqual(expected.rules?.minWords ?? DEFAULT_RULES.minWords);
  });
});

describe('extractArticle output contract', () => {
  it.each(cases)('%s: the body text is the html body block by block', (name) => {
    const { html, expected } = loadCase(name);
    const outcome = extractArticle(html, { url: expected.url, rules: { ...DEFAULT_RULES, ...expected.rules } });
    if (outcome.kind !== 'article') return;
    const { document } = parseHTML(`<!doctype html><html><body>${outcome.article.html}</body></html>`);
    // Same characters in the same order; only the whitespace between blocks and cells differs.
    const bodyCharacters = (document.body.textContent as string).replace(/\s+/gu, '');
    expect(outcome.article.text.replace(/\s+/gu, '')).toBe(bodyCharacters);
    expect(outcome.article.text).not.toMatch(/\n\s*\n/u);
  });
});

describe('extractArticle on garbage', () => {
  const rules = DEFAULT_RULES;
  it.each([
    ['an empty string', ''],
    ['plain text', 'just some words, no markup at all'],
    ['binary noise', '\u0000\u0001\u0002\ufffd\ufffd<\u0000>'],
    ['unclosed markup', '<html><body><div><p><a href="'],
    ['a fragment', '<p>one paragraph</p>'],
  ])('returns a skip reason for %s instead of throwing', (_name, html) => {
    const outcome = extractArticle(html, { url: 'https://example.org/x', rules });
    expect(outcome.kind).toBe('not-article');
  });

  it('refuses markup nested deeper than Readability can handle in reasonable time', () => {
    const outcome = extractArticle('<div>'.repeat(3000) + 'x', { url: 'https://example.org/x', rules });
    expect(outcome).toEqual({ kind: 'not-article', reason: 'markup nested too deeply: 3001 levels (max 256)' });
  });

  it('throws ExtractError for input that is not text', () => {
    expect(() => extractArticle(42 as unknown as string, { url: 'https://example.org/x', rules })).toThrow(ExtractError);
  });

  it.each([
    ['an invalid selector', { ...rules, dropSelectors: ['div[[['] }, /drop_selectors/u],
    ['an invalid pattern', { ...rules, dropPatterns: ['(unclosed'] }, /drop_patterns/u],
  ])('throws ExtractError naming the rule for %s', (_name, badRules, message) => {
    const html = readFileSync(`${fixturesDir}json-ld-metadata.html`, 'utf8');
    expect(() => extractArticle(html, { url: 'https://example.org/x', rules: badRules })).toThrow(message);
    expect(() => extractArticle(html, { url: 'https://example.org/x', rules: badRules })).toThrow(ExtractError);
  });
});
