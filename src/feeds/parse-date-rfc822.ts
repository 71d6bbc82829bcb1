// RFC 822 / RFC 2822 dates as feeds write them, and their relatives: `Thu, 01 Jan 2004 19:48:21 GMT`,
// missing seconds or time, full month names, stray commas, two-digit years, named zones,
// asctime (`Sun Jan  4 16:29:06 2004`), JavaScript's Date#toString, Twitter's
// `Sun Jul 15 01:16:00 +0000 2012`, Perforce's `Fri, 2006/09/15 08:19:53 EDT`, Greek month names.
import { toInstant, type DateParts } from './date-parts.js';

const ENGLISH_MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
];

// Greek abbreviations, accents removed (see toMonthKey); several spellings per month occur.
const GREEK_MONTHS = new Map<string, number>([
  ['ιαν', 1], ['φεβ', 2], ['μαω', 3], ['μαρ', 3], ['απρ', 4], ['μαι', 5], ['ιουν', 6], ['ιον', 6],
  ['ιουλ', 7], ['ιολ', 7], ['αυγ', 8], ['σεπ', 9], ['οκτ', 10], ['νοε', 11], ['δεκ', 12],
]);

// Zone names in hours east of UTC: RFC 822 §5.1, the one-word US zones (`ET`, `PT`) and the
// European ones feeds use. Ambiguous abbreviations (IST, BST outside Britain…) take the common reading.
const ZONE_HOURS = new Map<string, number>([
  ['UT', 0], ['UTC', 0], ['GMT', 0], ['Z', 0], ['WET', 0],
  ['EST', -5], ['EDT', -4], ['CST', -6], ['CDT', -5], ['MST', -7], ['MDT', -6], ['PST', -8], ['PDT', -7],
  ['AST', -4], ['ADT', -3], ['AT', -4], ['ET', -5], ['CT', -6], ['MT', -7], ['PT', -8],
  ['AKST', -9], ['AKDT', -8], ['HST', -10],
  ['WEST', 1], ['BST', 1], ['CET', 1], ['CEST', 2], ['MET', 1], ['MEST', 2], ['EET', 2], ['EEST', 3],
  ['MSK', 3], ['JST', 9], ['KST', 9], ['AWST', 8], ['ACST', 9.5], ['AEST', 10], ['AEDT', 11],
  ['NZST', 12], ['NZDT', 13],
]);

type TokenKind = 'M' | 'N' | 'T' | 'Z';

// D M Y [T [Z]] · M D Y [T [Z]] · asctime M D T Y · Twitter M D T Z Y.
const SHAPES = new Set(['NMN', 'NMNT', 'NMNTZ', 'MNN', 'MNNT', 'MNNTZ', 'MNTN', 'MNTZN']);

function toMonthKey(token: string): string {
  return token.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\.$/, '');
}

function readMonth(token: string): number | undefined {
  const key = toMonthKey(token);
  const english = ENGLISH_MONTHS.findIndex((name) => key.length >= 3 && name.startsWith(key));
  if (english !== -1) return english + 1;
  return GREEK_MONTHS.get(key);
}

/** Minutes east of UTC for `GMT`, `EST`, `+0200`, `GMT-01:01`, `Etc/GMT`; undefined when malformed. */
function readZone(token: string): number | undefined {
  const m = /^(?:Etc\/)?([A-Za-z]{1,5})?(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$/.exec(token);
  if (!m || (!m[1] && !m[2])) return undefined;
  // An unknown zone name is read as UTC: a date a few hours off beats no date at all.
  const base = m[1] ? (ZONE_HOURS.get(m[1].toUpperCase()) ?? 0) * 60 : 0;
  if (!m[2]) return base;
  const minutes = Number(m[3]) * 60 + Number(m[4] ?? 0);
  if (Number(m[3]) > 23 || Number(m[4] ?? 0) > 59) return undefined;
  return base + (m[2] === '-' ? -minutes : minutes);
}

function classify(token: string): TokenKind | undefined {
  if (readMonth(token) !== undefined) return 'M';
  if (/^\d{1,4}$/.test(token)) return 'N';
  if (/^\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/.test(token)) return 'T';
  if (readZone(token) !== undefined) return 'Z';
  return undefined;
}

/** RFC 2822 §4.3: two-digit years 00–49 are 20xx, 50–99 are 19xx; three-digit years add 1900. */
function readYear(token: string): number {
  const year = Number(token);
  if (token.length === 2) return year < 50 ? 2000 + year : 1900 + year;
  if (token.length === 3) return 1900 + year;
  return year;
}

function tokenize(text: string): string[] {
  const tokens = text
    .replace(/\s*\([^)]*\)$/, '') // Date#toString's trailing "(Central European Summer Time)"
    .replace(/\b(\d{4})\/(\d{1,2})\/(\d{1,2})\b/, (_, y: string, mo: string, d: string) => `${d} ${ENGLISH_MONTHS[Number(mo) - 1] ?? '?'} ${y}`)
    .replace(/,/g, ' ')
    .trim()
    .split(/\s+/);
  // A leading weekday, in any language, carries nothing the date does not.
  if (tokens.length > 1 && /^\p{L}+\.?$/u.test(tokens[0] ?? '') && readMonth(tokens[0] ?? '') === undefined) {
    tokens.shift();
  }
  return tokens;
}

/** Reads an RFC 822-family date into its parts, or undefined when it is not one. */
export function parseRfc822Date(text: string): DateParts | undefined {
  const tokens = tokenize(text);
  const kinds = tokens.map(classify);
  const shape = kinds.join('');
  if (kinds.includes(undefined) || !SHAPES.has(shape)) return undefined;
  const at = (kind: TokenKind, nth = 0): string | undefined => tokens.filter((_, i) => kinds[i] === kind)[nth];
  // In every shape the first number is the day and the second the year.
  const [day, year] = [at('N', 0), at('N', 1)];
  if (!day || !year || day.length > 2 || year.length < 2) return undefined;
  const time = /^(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(at('T') ?? '0:00');
  const offset = at('Z') === undefined ? 0 : readZone(at('Z') ?? '');
  if (!time || offset === undefined) return undefined;
  const parts: DateParts = {
    year: readYear(year), month: readMonth(at('M') ?? '') ?? 0, day: Number(day),
    hour: Number(time[1]), minute: Number(time[2]), second: Number(time[3] ?? 0), offset,
  };
  return toInstant(parts) ? parts : undefined;
}
