// French typography, after the Lexique des règles typographiques en usage à l'Imprimerie
// nationale (LRTIN). Applied to text only: URLs and e-mail addresses are cut out first, and
// callers never pass attributes, code or preformatted text.

const NNBSP = '\u202F'; // espace fine insécable
const NBSP = '\u00A0'; // espace-mot insécable
const SPACES = `[ ${NBSP}${NNBSP}]`;

/** One typographic rule: what it rewrites, how, and where the rule comes from. */
export interface TypographyRule {
  name: string;
  source: string;
  pattern: RegExp;
  replacement: string | ((match: string, ...groups: string[]) => string);
}

/** The French rules, applied in this order. */
export const FRENCH_RULES: readonly TypographyRule[] = [
  {
    name: 'ellipsis',
    source: 'LRTIN, « Points de suspension » : trois points, un seul signe',
    pattern: /\.{3}/g,
    replacement: '…',
  },
  {
    name: 'apostrophe',
    source: 'LRTIN, « Apostrophe » : l’apostrophe typographique (’)',
    pattern: /'/g,
    replacement: '’',
  },
  {
    name: 'opening straight quote',
    source: 'LRTIN, « Guillemets » : guillemets français « » au premier niveau',
    // Opens after the start, a space or an opening bracket or dash.
    pattern: new RegExp(`(^|[\\s(\\[{—–-])"${SPACES}*`, 'gu'),
    replacement: `$1«${NNBSP}`,
  },
  {
    name: 'closing straight quote',
    source: 'LRTIN, « Guillemets »',
    pattern: new RegExp(`${SPACES}*"`, 'gu'),
    replacement: `${NNBSP}»`,
  },
  {
    name: 'space inside opening guillemet',
    source: 'LRTIN, tableau des espaces : espace fine insécable après «',
    pattern: new RegExp(`«${SPACES}*`, 'gu'),
    replacement: `«${NNBSP}`,
  },
  {
    name: 'space inside closing guillemet',
    source: 'LRTIN, tableau des espaces : espace fine insécable avant »',
    pattern: new RegExp(`${SPACES}*»`, 'gu'),
    replacement: `${NNBSP}»`,
  },
  {
    name: 'space before ; ! ?',
    source: 'LRTIN, tableau des espaces : espace fine insécable avant le point-virgule, le point d’exclamation et le point d’interrogation',
    // Not between two such signs ("?!") nor after an opening bracket or guillemet.
    pattern: new RegExp(`([^\\s;!?(\\[«${NBSP}${NNBSP}])${SPACES}*([;!?])`, 'gu'),
    replacement: `$1${NNBSP}$2`,
  },
  {
    name: 'space before :',
    source: 'LRTIN, tableau des espaces : espace-mot insécable avant le deux-points',
    // Only a punctuation colon (followed by a space or the end): 10:30, 3:2 and URLs stay as they are.
    pattern: new RegExp(`([^\\s:(\\[${NBSP}${NNBSP}])${SPACES}*:(?=\\s|$)`, 'gu'),
    replacement: `$1${NBSP}:`,
  },
  {
    name: 'single spaces',
    source: 'LRTIN, « Espaces » : une seule espace entre les mots',
    pattern: / {2,}/g,
    replacement: ' ',
  },
  {
    name: 'no space before , and .',
    source: 'LRTIN, tableau des espaces : pas d’espace avant la virgule ni avant le point',
    pattern: /[ \u00A0\u202F]+(?=[,.](?:[\s»”)]|$))/gu,
    replacement: '',
  },
  {
    name: 'no plain space beside a no-break space',
    source: 'LRTIN, « Espaces »',
    pattern: new RegExp(`(?<=[${NBSP}${NNBSP}]) +| +(?=[${NBSP}${NNBSP}])`, 'gu'),
    replacement: '',
  },
];

// A number as the rules below leave it: French grouping (thin spaces) and decimal comma.
const FRENCH_NUMBER = String.raw`\d{1,3}(?:\u202F\d{3})+(?:,\d+)?|\d+(?:,\d+)?`;
const NOT_AFTER_NUMBER = String.raw`(?<![\p{L}\p{N}.,\u202F])`;
const NOT_BEFORE_NUMBER = String.raw`(?![\p{N}]|[.,]\p{N})`;
const CURRENCY_NAMES: Readonly<Record<string, string>> = { $: 'dollars', '€': 'euros', '£': 'livres' };

/**
 * Numbers an engine copied in English form, rewritten in French form. Applied only when the
 * source is English, so "1,200" is a thousands separator and never a French decimal; only
 * unambiguous forms are touched (a bare "3.5" may be a version number; "1 billion" may be a
 * French billion, 10¹²) and times ("10:30") and years ("2024") never match.
 */
export const FRENCH_NUMBER_RULES: readonly TypographyRule[] = [
  {
    name: 'thousands separator and decimal comma',
    source: 'LRTIN, « Nombres » : tranches de trois chiffres séparées par une espace fine insécable, virgule décimale',
    pattern: new RegExp(`${NOT_AFTER_NUMBER}(\\d{1,3}(?:,\\d{3})+)(?:\\.(\\d+))?${NOT_BEFORE_NUMBER}`, 'gu'),
    replacement: (_match, whole = '', decimals) => `${whole.replace(/,/g, NNBSP)}${decimals ? `,${decimals}` : ''}`,
  },
  {
    name: 'decimal comma before a magnitude or a percent sign',
    source: 'LRTIN, « Nombres » : la virgule sépare la partie entière de la partie décimale',
    pattern: new RegExp(`${NOT_AFTER_NUMBER}(\\d+)\\.(\\d+)(?=${SPACES}?(?:millions?|milliards?|billion|%))`, 'gu'),
    replacement: '$1,$2',
  },
  {
    name: 'currency amount with a magnitude',
    source: 'LRTIN, « Nombres » et « Unités monétaires » : en texte suivi, « 5 millions de dollars »',
    pattern: new RegExp(`([$€£])${SPACES}?(${FRENCH_NUMBER})${SPACES}?(millions?|milliards?|billion)(?![\\p{L}])`, 'gu'),
    replacement: (match, symbol = '', amount = '', magnitude = '') => {
      const word = frenchMagnitude(amount, magnitude);
      return word ? `${amount} ${word} de ${CURRENCY_NAMES[symbol] ?? symbol}` : match;
    },
  },
  {
    name: 'magnitude agreement',
    source: 'Grevisse, Le Bon Usage, § 598 : million et milliard sont des noms, au pluriel à partir de deux',
    pattern: new RegExp(`${NOT_AFTER_NUMBER}(${FRENCH_NUMBER})${SPACES}(million|milliard|billion)(?![\\p{L}])`, 'gu'),
    replacement: (match, amount = '', magnitude = '') => {
      const word = frenchMagnitude(amount, magnitude);
      return word ? `${amount} ${word}` : match;
    },
  },
  {
    name: 'currency symbol after the amount',
    source: 'LRTIN, « Unités monétaires » : le symbole suit le nombre, séparé par une espace insécable',
    pattern: new RegExp(`([$€£])${SPACES}?(${FRENCH_NUMBER})${NOT_BEFORE_NUMBER}`, 'gu'),
    replacement: `$2${NBSP}$1`,
  },
  {
    name: 'space before %',
    source: 'LRTIN, tableau des espaces : espace insécable entre le nombre et le signe %',
    pattern: new RegExp(`(\\d)${SPACES}?%`, 'gu'),
    replacement: `$1${NNBSP}%`,
  },
];

// "million" and "milliard" take an s from 2 on; the English "billion" (10⁹) is a French
// "milliard" but only where the amount shows it is English ("3 billion", not "1 billion").
function frenchMagnitude(amount: string, magnitude: string): string | undefined {
  const value = Number(amount.replace(/\u202F/g, '').replace(',', '.'));
  const isPlural = value >= 2;
  if (magnitude === 'billion') return isPlural ? 'milliards' : undefined;
  const stem = magnitude.replace(/s$/u, '');
  return isPlural ? `${stem}s` : stem;
}

/** What the French rules need to know about the text's origin. */
export interface FrenchRuleOptions {
  /** The source language: English number forms are rewritten only when it is English. */
  from?: string;
}

/** Applies the French rules to one piece of plain text; `before` is the character that precedes it. */
export function applyFrenchRules(text: string, before = '', options: FrenchRuleOptions = {}): string {
  // The preceding character decides quote direction and spacing at the start of this piece.
  const prefix = before.length > 0 ? before.slice(-1) : '';
  const isFromEnglish = (options.from ?? '').toLowerCase().split(/[-_]/)[0] === 'en';
  const rules = isFromEnglish ? [...FRENCH_NUMBER_RULES, ...FRENCH_RULES] : FRENCH_RULES;
  let result = prefix + text;
  for (const rule of rules) result = applyRule(result, rule);
  return prefix.length > 0 && result.startsWith(prefix) ? result.slice(prefix.length) : result;
}

/** Applies one rule to a piece of text. */
export function applyRule(text: string, rule: TypographyRule): string {
  const { replacement } = rule;
  return typeof replacement === 'string' ? text.replace(rule.pattern, replacement) : text.replace(rule.pattern, replacement);
}
