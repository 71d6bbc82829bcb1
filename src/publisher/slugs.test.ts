import { describe, expect, it } from 'vitest';
import { MAX_SLUG_LENGTH, categorySlug, slugifyTitle, truncateSlug } from './slugs.js';

describe('slugifyTitle', () => {
  it.each([
    ['Xi rencontrera Poutine en Russie la semaine prochaine', 'fr', 'xi-rencontrera-poutine-en-russie-la-semaine-prochaine'],
    ['L’été où « tout » a changé !', 'fr', 'l-ete-ou-tout-a-change'],
    ['Pêche & chasse', 'fr', 'peche-et-chasse'],
    ['Fish & chips', 'en', 'fish-and-chips'],
    ['Größe über Straße', 'de', 'groesse-ueber-strasse'],
    ['Путин и Си', 'ru', 'putin-i-si'],
    ['<script>alert(1)</script>', 'fr', 'script-alert-1-script'],
  ])('%s (%s) → %s', (title, language, expected) => {
    expect(slugifyTitle(title, language)).toBe(expected);
  });

  it('answers an empty slug when nothing transliterates, so storage picks article-<id>', () => {
    expect(slugifyTitle('习近平', 'zh')).toBe('');
  });

  it('cuts long titles at a word boundary', () => {
    const title = 'Le président annonce une réforme historique du système de retraite après des mois de négociations';
    // Untruncated, "…-apres-des-mois" ends at 81 characters: the cut falls before "mois".
    expect(slugifyTitle(title, 'fr')).toBe('le-president-annonce-une-reforme-historique-du-systeme-de-retraite-apres-des');
    expect(MAX_SLUG_LENGTH).toBe(80);
  });
});

describe('truncateSlug', () => {
  it.each([
    ['abc-def', 10, 'abc-def'],
    ['abc-def-ghi', 9, 'abc-def'],
    ['abc-def-ghi', 7, 'abc-def'],
    ['abcdefghij', 4, 'abcd'],
  ])('%s at %d → %s', (slug, max, expected) => {
    expect(truncateSlug(slug, max)).toBe(expected);
  });
});

describe('categorySlug', () => {
  it.each([
    ['Nouvelles des États-Unis', 'nouvelles-des-etats-unis'],
    ['Monde', 'monde'],
    ['Économie & finances', 'economie-and-finances'],
  ])('%s → %s', (name, expected) => {
    expect(categorySlug(name)).toBe(expected);
  });
});
