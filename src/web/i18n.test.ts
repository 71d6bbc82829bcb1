import { describe, expect, it } from 'vitest';
import { describeTranslationNotice, nameLanguage, selectStrings, textDirection } from './i18n.js';
import { describeMoment } from './site-view.js';

describe('site strings', () => {
  it.each([
    ['fr', 'en', 'Cet article a été traduit automatiquement de l’anglais.'],
    ['fr', 'es', 'Cet article a été traduit automatiquement de l’espagnol.'],
    ['fr', 'ru', 'Cet article a été traduit automatiquement du russe.'],
    ['fr', 'und', 'Cet article a été traduit automatiquement.'],
    ['en', 'fr', 'This article was translated automatically from French.'],
    ['de', 'ru', 'This article was translated automatically from Russian.'],
  ])('notice of a %s site for an original in %s starts "%s"', (site, source, start) => {
    expect(describeTranslationNotice(site, source).startsWith(start)).toBe(true);
  });

  it.each([
    ['fr', 'ltr'],
    ['en-GB', 'ltr'],
    ['ar', 'rtl'],
    ['he', 'rtl'],
    ['fa-IR', 'rtl'],
    ['ur', 'rtl'],
    ['ja', 'ltr'],
  ])('%s is written %s', (language, direction) => {
    expect(textDirection(language)).toBe(direction);
  });

  it('falls back to English words for a language without a table', () => {
    expect(selectStrings('ja').backToTop).toBe('Back to top');
    expect(selectStrings('fr-CA').backToTop).toBe('Retour en haut');
  });

  it('puts a no-break space before the colon in French', () => {
    expect(selectStrings('fr').sourceLabel).toBe('Source\u00a0:');
  });

  it.each([['xx-invalid-tag!'], ['und'], ['']])('names no language for %j', (code) => {
    expect(nameLanguage(code, 'fr')).toBeUndefined();
  });
});

describe('the line of an updated article', () => {
  it.each([
    ['fr', 'Europe/Paris', '2026-12-03T13:05:00Z', 'Mis à jour le 3 décembre 2026 à 14\u00a0h\u00a005'],
    ['fr', 'UTC', '2026-12-03T09:05:00Z', 'Mis à jour le 3 décembre 2026 à 9\u00a0h\u00a005'],
    // ICU versions differ on the space before AM (a plain or a narrow no-break one).
    ['en', 'America/New_York', '2026-12-03T13:05:00Z', /^Updated December 3, 2026 at 8:05\sAM$/],
  ])('a %s site in %s shows %s as "%s"', (language, timeZone, iso, line) => {
    const moment = describeMoment(iso, language, timeZone);
    expect(moment && selectStrings(language).updated(moment)).toMatch(line);
  });
});
