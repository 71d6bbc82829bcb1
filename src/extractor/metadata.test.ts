import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import type { Article } from '../domain/types.js';
import { extractArticle } from './extract-article.js';

// Golden metadata: test/fixtures/metadata/<case>.html + <case>.expected.json, checked by hand.
// Every field is listed; null means the page gives no trustworthy value and none may be invented.
const fixturesDir = fileURLToPath(new URL('../../test/fixtures/metadata/', import.meta.url));

interface ExpectedMetadata {
  url: string;
  title: string;
  byline: string | null;
  publishedAt: string | null;
  modifiedAt: string | null;
  leadImage: string | null;
  leadImageAlt?: string;
  language: string | null;
  siteName: string | null;
}

const cases = readdirSync(fixturesDir)
  .filter((name) => name.endsWith('.expected.json'))
  .map((name) => name.replace(/\.expected\.json$/u, ''))
  .sort();

function extractCase(name: string): { article: Article; expected: ExpectedMetadata } {
  const html = readFileSync(`${fixturesDir}${name}.html`, 'utf8');
  const expected = JSON.parse(readFileSync(`${fixturesDir}${name}.expected.json`, 'utf8')) as ExpectedMetadata;
  const outcome = extractArticle(html, { url: expected.url, rules: { dropSelectors: [], dropPatterns: [], minWords: 40 } });
  if (outcome.kind !== 'article') throw new Error(`${name}: expected an article, got: ${outcome.reason}`);
  return { article: outcome.article, expected };
}

describe('page metadata on golden pages', () => {
  it('has at least 20 golden pages', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases)('%s', (name) => {
    const { article, expected } = extractCase(name);
    const actual = {
      title: article.title,
      byline: article.byline ?? null,
      publishedAt: article.publishedAt ?? null,
      modifiedAt: article.modifiedAt ?? null,
      leadImage: article.leadImage?.url ?? null,
      language: article.language ?? null,
      siteName: article.siteName ?? null,
    };
    const { url: _url, leadImageAlt, ...fields } = expected;
    expect(actual).toEqual(fields);
    if (leadImageAlt !== undefined) expect(article.leadImage?.alt).toBe(leadImageAlt);
  });
});
