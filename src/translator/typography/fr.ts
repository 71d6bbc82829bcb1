// French typography, after the Lexique des règles typographiques en usage à l'Imprimerie
// nationale (LRTIN). Applied to text only: URLs and e-mail addresses are cut out first, and
// callers never pass attributes, code or preformatted text.

const NNBSP = '\u202F'; // espace fine insécable
const NBSP = '\u00A0'; // espace-mot insécable
const SPACES = `[ ${NBSP}${NNBSP}]`;

/** One French typographic rule: what it rewrites and where the rule comes from. */
export interface TypographyRule {
  name: string;
  source: string;
  pattern: RegExp;
  replacement: string;
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

/** Applies the French rules to one piece of plain text; `before` is the character that precedes it. */
export function applyFrenchRules(text: string, before = ''): string {
  // The preceding character decides quote direction and spacing at the start of this piece.
  const prefix = before.length > 0 ? before.slice(-1) : '';
  let result = prefix + text;
  for (const rule of FRENCH_RULES) result = result.replace(rule.pattern, rule.replacement);
  return prefix.length > 0 && result.startsWith(prefix) ? result.slice(prefix.length) : result;
}
