import { describe, expect, it } from 'vitest';
import { findPrimaryLanguage, isForeignLanguage, relabelLanguage, translatePlaceholderAttributes } from './inline-attributes.js';
import type { Placeholder } from './placeholders.js';

describe('findPrimaryLanguage', () => {
  it.each([
    ['en-GB', 'en'],
    ['FR', 'fr'],
    ['zh_Hant', 'zh'],
    [' de ', 'de'],
    ['und', undefined],
    ['', undefined],
    [null, undefined],
  ])('%s → %s', (tag, expected) => {
    expect(findPrimaryLanguage(tag)).toBe(expected);
  });
});

describe('isForeignLanguage', () => {
  it.each([
    ['fr', 'en', true],
    ['de-AT', 'en-US', true],
    ['en-GB', 'en', false],
    ['EN', 'en', false],
    ['', 'en', false],
    ['und', 'en', false],
    [undefined, 'en', false],
    ['fr', 'und', false],
  ])('lang %s in a %s story: %s', (lang, source, expected) => {
    expect(isForeignLanguage(lang, source)).toBe(expected);
  });
});

describe('relabelLanguage', () => {
  it.each([
    ['en', { from: 'en', to: 'fr' }, 'fr'],
    ['en-GB', { from: 'en', to: 'pt-BR' }, 'pt-BR'],
    ['fr', { from: 'en', to: 'es' }, 'fr'],
    ['en-GB', { from: 'en', to: 'en-US' }, 'en-GB'],
    ['und', { from: 'en', to: 'fr' }, 'und'],
  ])('%s, translated %o → %s', (lang, pair, expected) => {
    expect(relabelLanguage(lang, pair)).toBe(expected);
  });
});

describe('translatePlaceholderAttributes', () => {
  const placeholders: Placeholder[] = [
    {
      kind: 'wrap', id: 1, tag: 'a', sourceText: 'x', titleSegments: { first: 0, count: 1 },
      attributes: [['href', '/a?b=1&c=2'], ['title', 'Source title'], ['lang', 'en'], ['hreflang', 'en'], ['rel', 'author']],
    },
    { kind: 'wrap', id: 2, tag: 'abbr', sourceText: 'NA', attributes: [['title', '2024']] },
    { kind: 'atom', id: 3, html: '<code>c</code>', text: 'c' },
  ];

  it('replaces titles with words by their translation, relabels lang, keeps the rest and the order', () => {
    const out = translatePlaceholderAttributes(placeholders, () => 'Titre traduit', { from: 'en', to: 'fr' });
    expect(out[0]).toMatchObject({
      attributes: [['href', '/a?b=1&c=2'], ['title', 'Titre traduit'], ['lang', 'fr'], ['hreflang', 'en'], ['rel', 'author']],
    });
    expect(out[1]).toMatchObject({ attributes: [['title', '2024']] });
    expect(out[2]).toBe(placeholders[2]);
  });

  it('keeps lang as it is without a pair', () => {
    const out = translatePlaceholderAttributes(placeholders, () => 'T', undefined);
    expect(out[0]).toMatchObject({ attributes: expect.arrayContaining([['lang', 'en']]) });
  });
});
