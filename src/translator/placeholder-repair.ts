import { normalizeSegmentText } from './placeholders.js';
import type { Segment } from './placeholders.js';

// An engine's translation (in canonical form) is checked against its segment: every
// placeholder once, each element closed after it opens, inside the same parent as in the source
// and not emptied. Invented placeholders are dropped in place. Anything else falls back for that
// segment: the text between its placeholders is translated piece by piece and put back between
// the original placeholders, so every element, link and code span comes back where it was.

/** What checking and repairing a batch of translations gave. */
export interface RepairedTranslations {
  /** Canonical translations, one per segment, each with all of its segment's placeholders intact. */
  texts: string[];
  /** Placeholders the engine lost or garbled (each counted once per segment). */
  repairs: number;
  /** Segments that were translated again piece by piece. */
  fallbacks: number;
}

interface PlaceholderToken {
  id: number;
  kind: 'open' | 'close' | 'atom';
  start: number;
  end: number;
}

/** How a translation's placeholders differ from its segment's. */
interface Damage {
  /** Ids of the segment's placeholders that are lost, repeated, misplaced or emptied. */
  damaged: Set<number>;
  /** How many placeholders the engine itself lost or garbled (not those only moved by another's loss). */
  count: number;
  /** Placeholders that the segment does not have. */
  unknown: number;
}

const CANONICAL_TAG = /<(\/?)x(\d+)(\/?)>/g;
const WORD = /[\p{L}\p{N}]/u;

/** Checks canonical translations against their segments and repairs them; `translate` sends plain text to the engine. */
export async function repairTranslations(
  segments: readonly Segment[],
  translations: readonly string[],
  translate: (texts: string[]) => Promise<string[]>,
): Promise<RepairedTranslations> {
  const texts = [...translations];
  const broken: number[] = [];
  let repairs = 0;
  segments.forEach((segment, i) => {
    const damage = findDamage(texts[i] ?? '', segment);
    repairs += damage.count + damage.unknown;
    if (damage.damaged.size > 0) broken.push(i);
    else if (damage.unknown > 0) texts[i] = dropUnknownPlaceholders(texts[i] ?? '', segment);
  });
  if (broken.length > 0) {
    const pieces = broken.map((i) => splitTextPieces(segments[i] as Segment));
    const wanted = pieces.flatMap((list) => list.filter((piece) => WORD.test(piece)).map((piece) => piece.trim()));
    const translated = wanted.length > 0 ? await translate(wanted) : [];
    let next = 0;
    broken.forEach((i, k) => {
      const list = pieces[k] ?? [];
      const own = list.filter((piece) => WORD.test(piece)).map(() => translated[next++] ?? '');
      texts[i] = assembleFromPieces(segments[i] as Segment, own);
    });
  }
  return { texts, repairs, fallbacks: broken.length };
}

/** Whether a canonical translation has every placeholder of its segment, well nested and not emptied. */
export function isTranslationIntact(translation: string, segment: Segment): boolean {
  const damage = findDamage(translation, segment);
  return damage.damaged.size === 0 && damage.unknown === 0;
}

function findDamage(translation: string, segment: Segment): Damage {
  const known = new Set(segment.placeholders.map((p) => p.id));
  const tokens = tokenizePlaceholders(translation);
  const unknown = tokens.filter((token) => !known.has(token.id)).length;
  const found = describeNesting(translation, tokens.filter((token) => known.has(token.id)));
  const expected = describeNesting(segment.text, tokenizePlaceholders(segment.text));
  const direct = new Set<number>();
  const misplaced = new Set<number>();
  for (const placeholder of segment.placeholders) {
    const want = expected.get(placeholder.id);
    const got = found.get(placeholder.id);
    if (!want || !got || got.isBroken || (want.hasWords && !got.hasWords)) direct.add(placeholder.id);
    else if (got.parent !== want.parent) misplaced.add(placeholder.id);
  }
  // A lost link moves the emphasis it held out of it: that is one loss, not two.
  const count = direct.size > 0 ? direct.size : misplaced.size;
  return { damaged: new Set([...direct, ...misplaced]), count, unknown };
}

interface Nesting {
  /** The element it sits in (0: none). */
  parent: number;
  /** Whether its content has letters or digits, or a placeholder that stands for content. */
  hasWords: boolean;
  /** Repeated, closed before it opened, never closed, or closed across another element. */
  isBroken: boolean;
}

// One pass with a stack of open elements: where each placeholder sits and what it holds.
function describeNesting(text: string, tokens: readonly PlaceholderToken[]): Map<number, Nesting> {
  const result = new Map<number, Nesting>();
  const stack: Array<{ id: number; contentStart: number }> = [];
  const mark = (id: number, nesting: Nesting): void => {
    const existing = result.get(id);
    result.set(id, existing ? { ...existing, isBroken: true } : nesting);
  };
  for (const token of tokens) {
    const parent = stack.at(-1)?.id ?? 0;
    if (token.kind === 'atom') mark(token.id, { parent, hasWords: true, isBroken: false });
    else if (token.kind === 'open') {
      mark(token.id, { parent, hasWords: false, isBroken: false });
      stack.push({ id: token.id, contentStart: token.end });
    } else {
      const top = stack.at(-1);
      const entry = result.get(token.id);
      if (!entry || top?.id !== token.id) {
        mark(token.id, { parent, hasWords: false, isBroken: true });
        continue;
      }
      stack.pop();
      const content = text.slice(top.contentStart, token.start);
      result.set(token.id, { ...entry, hasWords: WORD.test(content.replace(CANONICAL_TAG, '')) || /<x\d+\/>/.test(content) });
    }
  }
  for (const open of stack) mark(open.id, { parent: 0, hasWords: false, isBroken: true });
  return result;
}

function tokenizePlaceholders(text: string): PlaceholderToken[] {
  return [...text.matchAll(CANONICAL_TAG)].map((match) => ({
    id: Number(match[2]),
    kind: match[1] ? 'close' : match[3] ? 'atom' : 'open',
    start: match.index,
    end: match.index + match[0].length,
  }));
}

function dropUnknownPlaceholders(translation: string, segment: Segment): string {
  const known = new Set(segment.placeholders.map((p) => p.id));
  return normalizeSegmentText(translation.replace(CANONICAL_TAG, (tag, _s, id: string) => (known.has(Number(id)) ? tag : ' ')));
}

/** The text between a segment's placeholders, in order (empty strings where two placeholders touch). */
function splitTextPieces(segment: Segment): string[] {
  return segment.text.split(CANONICAL_TAG).filter((_, i) => i % 4 === 0);
}

// The pieces with words take their translations in order; the others, and any translation
// that came back without words, keep the source text. Placeholder look-alikes an engine
// invents inside a piece are removed: they would be read as markup.
function assembleFromPieces(segment: Segment, translations: readonly string[]): string {
  const tags = [...segment.text.matchAll(CANONICAL_TAG)].map((match) => match[0]);
  let next = 0;
  const pieces = splitTextPieces(segment).map((piece) => {
    if (!WORD.test(piece)) return piece;
    const translated = (translations[next++] ?? '').replace(/<\s*\/?\s*[xX]\s*\d+\s*\/?\s*>|\[\s*\/?\s*\d+\s*\/?\s*\]/g, ' ').trim();
    if (!WORD.test(translated)) return piece;
    return `${/^\s/u.test(piece) ? ' ' : ''}${matchInitialCase(translated, piece)}${/\s$/u.test(piece) ? ' ' : ''}`;
  });
  return normalizeSegmentText(pieces.map((piece, i) => `${piece}${tags[i] ?? ''}`).join(''));
}

// An engine capitalizes what it takes for the start of a sentence ("leaders in" → "Dirigeants
// en"); a piece from mid-sentence keeps the case of its source's first letter. Acronyms stay.
function matchInitialCase(translated: string, source: string): string {
  const sourceFirst = /\p{L}/u.exec(source)?.[0];
  const match = /^(\P{L}*)(\p{L})(\p{Ll}|(?!\p{L}))/u.exec(translated);
  if (sourceFirst === undefined || !match) return translated;
  const [whole, before = '', first = '', after = ''] = match;
  const isSourceLower = sourceFirst === sourceFirst.toLowerCase() && sourceFirst !== sourceFirst.toUpperCase();
  const cased = isSourceLower ? first.toLowerCase() : first.toUpperCase();
  return `${before}${cased}${after}${translated.slice(whole.length)}`;
}
