import type { LanguageCode } from '../domain/types.js';

// Intl.Segmenter (UAX #29) breaks after every "Mr." or "Dr."; a sentence cut there comes back
// mistranslated, so boundaries after these abbreviations are dropped. Too few breaks only
// make a segment longer; too many damage it.
const ABBREVIATIONS: Readonly<Record<string, readonly string[]>> = {
  en: [
    'Mr', 'Mrs', 'Ms', 'Dr', 'Prof', 'Sen', 'Rep', 'Gov', 'Gen', 'Col', 'Lt', 'Sgt', 'Capt', 'Cmdr',
    'Adm', 'Maj', 'Pres', 'Rev', 'St', 'Jr', 'Sr', 'Mt', 'Ft', 'No', 'Nos', 'vs', 'Inc', 'Corp', 'Co',
    'Ltd', 'Jan', 'Feb', 'Mar', 'Apr', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec', 'approx', 'est', 'Ave',
    'Blvd', 'Rd', 'Calif', 'Fla', 'Mass', 'Penn', 'Wash', 'Va', 'Ariz', 'Colo', 'Conn', 'Ill',
  ],
  fr: ['M', 'MM', 'Mme', 'Mmes', 'Mlle', 'Dr', 'Pr', 'Me', 'St', 'Ste', 'av', 'bd', 'cf', 'p', 'env', 'hab'],
  es: ['Sr', 'Sra', 'Srta', 'Dr', 'Dra', 'Lic', 'Ing', 'Ud', 'Uds', 'pág', 'núm', 'aprox', 'Av'],
  de: ['Dr', 'Prof', 'Hr', 'Fr', 'Nr', 'bzw', 'ca', 'vgl', 'usw', 'z', 'B', 'St', 'Str'],
};

/** Offsets in `text` where a new sentence starts (never 0 nor text.length). */
export function findSentenceBoundaries(text: string, lang: LanguageCode): number[] {
  const segmenter = createSentenceSegmenter(lang);
  const abbreviations = new Set(ABBREVIATIONS[primaryLanguage(lang)] ?? []);
  const boundaries: number[] = [];
  for (const { index } of segmenter.segment(text)) {
    if (index === 0) continue;
    if (isAfterAbbreviation(text, index, abbreviations)) continue;
    boundaries.push(index);
  }
  return boundaries;
}

/** Splits plain text into sentences, keeping their trailing spaces. */
export function splitSentences(text: string, lang: LanguageCode): string[] {
  const cuts = [0, ...findSentenceBoundaries(text, lang), text.length];
  return cuts.slice(1).map((end, i) => text.slice(cuts[i], end));
}

function createSentenceSegmenter(lang: LanguageCode): Intl.Segmenter {
  try {
    return new Intl.Segmenter(lang, { granularity: 'sentence' });
  } catch {
    // An invalid tag would throw: the root locale's rules still split sentences.
    return new Intl.Segmenter('und', { granularity: 'sentence' });
  }
}

function primaryLanguage(lang: LanguageCode): string {
  return lang.toLowerCase().split(/[-_]/)[0] ?? lang;
}

// Whether `text` up to `end` ends with a word and a full stop (then spaces), the word starting the
// text or following a space, a parenthesis or an opening quote: what /(?:^|[\s(«"“])(\p{L}+)\.\s*$/u
// says of text.slice(0, end), read backwards from `end` so that a long text costs no more per
// boundary than a short one.
function isAfterAbbreviation(text: string, end: number, abbreviations: ReadonlySet<string>): boolean {
  let dot = end;
  while (dot > 0 && SPACE.test(text[dot - 1]!)) dot -= 1;
  if (dot === 0 || text[dot - 1] !== '.') return false;
  dot -= 1;
  let start = dot;
  for (;;) {
    const letter = codePointBefore(text, start);
    if (letter === undefined || !LETTER.test(letter)) break;
    start -= letter.length;
  }
  if (start === dot || (start > 0 && !WORD_OPENER.test(text[start - 1]!))) return false;
  const word = text.slice(start, dot);
  // A single capital is an initial ("J. K. Rowling", "George W. Bush").
  return abbreviations.has(word) || /^\p{Lu}$/u.test(word);
}

const SPACE = /^\s$/u;
const LETTER = /^\p{L}$/u;
const WORD_OPENER = /^[\s(«"“]$/u;

// The code point that ends just before `offset` (a surrogate pair counts as one).
function codePointBefore(text: string, offset: number): string | undefined {
  if (offset <= 0) return undefined;
  const low = text.charCodeAt(offset - 1);
  if (low >= 0xdc00 && low <= 0xdfff && offset >= 2) {
    const high = text.charCodeAt(offset - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(offset - 2, offset);
  }
  return text[offset - 1];
}
