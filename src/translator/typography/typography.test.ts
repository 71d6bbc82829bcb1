import { describe, expect, it } from 'vitest';
import { FRENCH_RULES } from './fr.js';
import { applyTextTypography, applyTypography } from './index.js';

// Written with visible markers: _ is U+202F (narrow no-break space), ~ is U+00A0 (no-break space).
const show = (text: string): string => text.replace(/\u202F/g, '_').replace(/\u00A0/g, '~');

describe('French typography on text', () => {
  it.each([
    ['Quoi ?', 'Quoi_?'],
    ['Quoi?', 'Quoi_?'],
    ['Attention !', 'Attention_!'],
    ['un ; deux', 'un_; deux'],
    ['Il a dit : oui', 'Il a dit~: oui'],
    ['Note: voir', 'Note~: voir'],
    ['à 10:30 précises', 'à 10:30 précises'],
    ['un score de 3:2', 'un score de 3:2'],
    ['voir https://example.com/a?b=1;c=2!', 'voir https://example.com/a?b=1;c=2_!'],
    ['écrire à jean@example.fr ?', 'écrire à jean@example.fr_?'],
    ['Il a dit "bonjour" hier', 'Il a dit «_bonjour_» hier'],
    ['"Oui", dit-il', '«_Oui_», dit-il'],
    ['« Non »', '«_Non_»'],
    ['«Non»', '«_Non_»'],
    ["l'homme qu'il voit", 'l’homme qu’il voit'],
    ['Et puis...', 'Et puis…'],
    ['deux  espaces   ici', 'deux espaces ici'],
    ['Vraiment ?!', 'Vraiment_?!'],
    ['« importante , » dit-il .', '«_importante,_» dit-il.'],
    ['il utilise .NET et 3 .5', 'il utilise .NET et 3 .5'],
    ['Quoi ?!?', 'Quoi_?!?'],
    ['(?) ou (!)', '(?) ou (!)'],
    ['déjà juste_?', 'déjà juste_?'],
    ['Il a dit : « Partez ! »', 'Il a dit~: «_Partez_!_»'],
  ])('%j → %j', (input, expected) => {
    expect(show(applyTextTypography(input.replace(/_/g, '\u202F'), 'fr'))).toBe(expected);
  });

  it('is idempotent', () => {
    const once = applyTextTypography('Il a dit : "Partez !" C\'est... fini ?', 'fr');
    expect(applyTextTypography(once, 'fr')).toBe(once);
  });

  it('leaves other languages as they are', () => {
    expect(applyTextTypography('He said: "go!" ... Really ?', 'en')).toBe('He said: "go!" ... Really ?');
  });

  it('cites a source for every rule', () => {
    for (const rule of FRENCH_RULES) expect(rule.source).toMatch(/LRTIN/);
  });
});

describe('French typography on HTML', () => {
  it.each([
    ['text nodes only, never attributes', '<p title="a: b!">Il dit : <a href="/x?y=1">ceci</a>!</p>', '<p title="a: b!">Il dit~: <a href="/x?y=1">ceci</a>_!</p>'],
    ['never inside code or pre', '<p><code>a ; b "c"</code> et "d"</p><pre>x : y</pre>', '<p><code>a ; b "c"</code> et «_d_»</p><pre>x : y</pre>'],
    ['quotes across an inline element', '<p>Il a dit "<em>non</em>" hier.</p>', '<p>Il a dit «_<em>non</em>_» hier.</p>'],
    ['no carry-over between blocks', '<p>Fin</p><p>? Début</p>', '<p>Fin</p><p>? Début</p>'],
  ])('%s', (_name, input, expected) => {
    const output = applyTypography(input, 'fr').replace(/&nbsp;/g, '\u00A0');
    expect(show(output)).toBe(expected);
  });

  it('returns the HTML untouched for a language without rules', () => {
    const html = '<p title="x">He said: "go!"</p>';
    expect(applyTypography(html, 'en')).toBe(html);
  });
});
