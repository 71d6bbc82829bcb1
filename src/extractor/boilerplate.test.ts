import { describe, it, expect } from 'vitest';
import { buildCnnLikePages } from '../../test/support/cnn-like-pages.js';
import type { CleanupRules } from '../domain/types.js';
import { fingerprintBlock, normalizeBlockText, selectBoilerplate } from './boilerplate.js';
import { extractArticle } from './extract-article.js';

const RULES: CleanupRules = { dropSelectors: [], dropPatterns: [], minWords: 80 };

describe('fingerprintBlock', () => {
  it('ignores case, punctuation and spacing in the exact fingerprint', () => {
    expect(fingerprintBlock('Sign up for CNN’s  Weather Watch newsletter.')[0]).toBe(fingerprintBlock('sign up for cnn s weather watch newsletter')[0]);
    expect(normalizeBlockText('  Ad   Feedback! ')).toBe('ad feedback');
  });

  it.each([
    ['slug captions with the same desk code', 'porto douro river rising water dig fw', undefined, 'sea turtle hatchlings greece beach fw', undefined],
    ['labelled teasers', 'Go deeper: Why reservoirs are empty', 'Why reservoirs are empty', 'Go deeper: Salmon return to a river', 'Salmon return to a river'],
    ['one-link teasers starting with the same word', 'See how farmers cope with frost', 'See how farmers cope with frost', 'See the moment a wave hit the harbor', 'See the moment a wave hit the harbor'],
  ])('gives %s one shape', (_name, first, firstLink, second, secondLink) => {
    const a = fingerprintBlock(first, firstLink);
    const b = fingerprintBlock(second, secondLink);
    expect(a[0]).not.toBe(b[0]);
    expect(a[1]).toBeDefined();
    expect(a[1]).toBe(b[1]);
  });

  it.each([
    ['a sentence with a capital and a full stop', 'The council met on Tuesday to vote on the bridge.', undefined],
    ['a capitalized caption', 'A view of the harbor wall in Povoa de Varzim', undefined],
    ['a paragraph with a link inside prose', 'Officials said the plan, first reported by the Ledger, would cost more.', 'the Ledger'],
  ])('gives %s no shape', (_name, text, link) => {
    expect(fingerprintBlock(text, link)).toHaveLength(1);
  });

  it('gives long blocks no fingerprint at all', () => {
    expect(fingerprintBlock(Array.from({ length: 70 }, (_, i) => `word${i}`).join(' '))).toEqual([]);
  });
});

describe('selectBoilerplate', () => {
  it.each([
    [3, 10, true],
    [2, 10, false],
    [3, 400, false],
    [8, 400, true],
  ])('a block in %i of %i stories is boilerplate: %s', (stories, sourceStories, expected) => {
    expect(selectBoilerplate([{ fingerprint: 't:x', stories }], sourceStories).has('t:x')).toBe(expected);
  });
});

describe('boilerplate learned from a source’s history', () => {
  const pages = buildCnnLikePages('https://edition.cnn.example');
  const extractAll = (known: ReadonlySet<string>) =>
    pages.map((page) => {
      const outcome = extractArticle(page.html, { url: page.url, rules: RULES, knownBoilerplate: known });
      if (outcome.kind !== 'article') throw new Error(`${page.slug}: ${outcome.reason}`);
      return { page, text: outcome.article.text, html: outcome.article.html, fingerprints: outcome.blockFingerprints ?? [] };
    });

  function learn(): Set<string> {
    const counts = new Map<string, number>();
    for (const { fingerprints } of extractAll(new Set())) {
      for (const fingerprint of new Set(fingerprints)) counts.set(fingerprint, (counts.get(fingerprint) ?? 0) + 1);
    }
    return selectBoilerplate([...counts].map(([fingerprint, stories]) => ({ fingerprint, stories })), pages.length);
  }

  it('has at least 20 pages, and without history the built-in rules leave junk in', () => {
    expect(pages.length).toBeGreaterThanOrEqual(20);
    const surviving = new Set(extractAll(new Set()).flatMap(({ page, text }) => page.junk.filter((junk) => text.includes(junk))));
    // Slug captions, labelled teasers, newsletter and app promos, photo credits.
    expect(surviving.size).toBeGreaterThanOrEqual(10);
  });

  it('drops every recurring junk block once learned and keeps every real paragraph', () => {
    const known = learn();
    for (const { page, text } of extractAll(known)) {
      for (const junk of page.junk) expect(text, `${page.slug} keeps junk`).not.toContain(junk);
      for (const paragraph of page.keep) expect(text, `${page.slug} lost a paragraph`).toContain(paragraph);
      // The real caption of the lead image is not junk: it is different in every story.
      expect(text).toContain('A view of the');
    }
  });

  it('keeps the real paragraph that two stories share', () => {
    const known = learn();
    const sharing = extractAll(known).filter(({ page }) => page.keep.some((text) => text.startsWith('The agency that oversees')));
    expect(sharing).toHaveLength(2);
    for (const { text } of sharing) expect(text).toContain('The agency that oversees the project has changed its director');
  });

  it('keeps a paragraph that recurs in three stories when the source has many stories', () => {
    expect(selectBoilerplate([{ fingerprint: fingerprintBlock('A recurring quote.')[0]!, stories: 3 }], 1000).size).toBe(0);
  });
});
