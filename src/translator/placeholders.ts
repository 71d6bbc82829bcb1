// Placeholders: inline markup and protected text travel through an engine as numbered tags
// (`<x1>…</x1>`, `<x2/>`) or bracket tokens (`[1]…[/1]`, `[2]`), and come back to their
// original elements. The canonical (stored, memory-keyed) form is always the tag form.

import { findProtectedTerms } from './protection.js';
import type { Protection } from './protection.js';
import { escapeHtml } from '../util/html-text.js';

/** An inline element kept around translated text; its attributes are re-attached as they were. */
export interface WrapPlaceholder {
  kind: 'wrap';
  id: number;
  tag: string;
  attributes: ReadonlyArray<readonly [string, string]>;
  /** The element's source text, used to put a lost link back. */
  sourceText: string;
  /** Where the segments of its `title` attribute lie among the body's segments, when it has words. */
  titleSegments?: SegmentRange;
}

/** Where a piece of text to translate (an element's title) lies in a list of segments. */
export interface SegmentRange {
  first: number;
  count: number;
}

/** Something never sent to the engine (code, image, URL); it comes back verbatim. */
export interface AtomPlaceholder {
  kind: 'atom';
  id: number;
  /** The original markup (escaped text for protected text). */
  html: string;
  /** The original as plain text. */
  text: string;
}

/** One placeholder of a segment. */
export type Placeholder = WrapPlaceholder | AtomPlaceholder;

/** A unit sent to an engine: one sentence (or several when markup spans them). */
export interface Segment {
  /** Canonical text: NFC, whitespace collapsed, placeholders as `<xN>`, `</xN>`, `<xN/>`. */
  text: string;
  placeholders: readonly Placeholder[];
}

/** How placeholders are spelt for an engine: tags for markup-accepting engines, tokens for others. */
export type PlaceholderStyle = 'markup' | 'token';

/** What restoring one translated segment gave. */
export interface RestoredSegment {
  /** HTML (format 'html') or plain text (format 'text'). */
  output: string;
  /** Placeholders the engine lost or garbled that had to be repaired. */
  repairs: number;
}

// Tolerant of what engines do to tags and tokens: spaces inside, upper case, a stray slash.
const PLACEHOLDER_PATTERN = /<\s*(\/?)\s*[xX]\s*(\d+)\s*\/?\s*>|\[\s*(\/?)\s*(\d+)\s*\/?\s*\]/g;
const CANONICAL_TAG = /<(\/?)x(\d+)(\/?)>/g;
// No ';' here: escaped text ends in entities such as `&gt;`.
const TRAILING_PUNCTUATION = /[\s.!?…:»”’)]*$/u;

// Text that would read as a placeholder must itself be protected, or decoding would misread it.
const LOOKALIKE = String.raw`<\s*\/?\s*[xX]\s*\d+\s*\/?\s*>|\[\s*\/?\s*\d+\s*\/?\s*\]`;
const URL_LIKE = String.raw`\b(?:https?:\/\/|www\.)[^\s<>"«»]+[^\s<>"«».,;:!?)\]'’]`;
const EMAIL = String.raw`\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b`;
// Social handles and hashtags name accounts and topics: "#climate" must not become "#climat".
const HANDLE = String.raw`(?<![\w@.])@\w{1,30}\b`;
const HASHTAG = String.raw`(?<![\w&#])#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*`;
const PROTECTED_PATTERN = new RegExp(`${URL_LIKE}|${EMAIL}|${HANDLE}|${HASHTAG}|${LOOKALIKE}`, 'gu');

/** A piece of plain text; a protected piece comes back as `output` (a glossary term's target form). */
export interface TextPiece {
  text: string;
  isProtected: boolean;
  output?: string;
}

/**
 * Splits plain text into pieces, marking URLs, e-mail addresses, @handles, #hashtags,
 * placeholder look-alikes and (when given) a campaign's protected terms as protected.
 */
export function splitProtectedText(text: string, protection?: Protection): TextPiece[] {
  const pieces: TextPiece[] = [];
  let last = 0;
  const pushText = (end: number): void => {
    if (end > last) pieces.push(...splitTerms(text.slice(last, end), protection));
  };
  for (const match of text.matchAll(PROTECTED_PATTERN)) {
    pushText(match.index);
    pieces.push({ text: match[0], isProtected: true });
    last = match.index + match[0].length;
  }
  pushText(text.length);
  return pieces;
}

function splitTerms(text: string, protection: Protection | undefined): TextPiece[] {
  if (!protection) return [{ text, isProtected: false }];
  const pieces: TextPiece[] = [];
  let last = 0;
  for (const term of findProtectedTerms(text, protection)) {
    if (term.start > last) pieces.push({ text: text.slice(last, term.start), isProtected: false });
    pieces.push({ text: text.slice(term.start, term.end), isProtected: true, output: term.output });
    last = term.end;
  }
  if (last < text.length) pieces.push({ text: text.slice(last), isProtected: false });
  return pieces;
}

/** Normalizes a segment's text: NFC, whitespace runs collapsed to one space, trimmed. */
export function normalizeSegmentText(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** Spells a canonical segment text in the given placeholder style. */
export function formatForEngine(segment: Segment, style: PlaceholderStyle): string {
  if (style === 'markup') return segment.text;
  return segment.text.replace(CANONICAL_TAG, (_tag, slash: string, id: string) => `[${slash}${id}]`);
}

/** Rewrites an engine's output into canonical form (tag placeholders, normalized whitespace). */
export function canonicalizeTranslation(translated: string, segment: Segment): string {
  const byId = new Map(segment.placeholders.map((p) => [p.id, p]));
  const canonical = translated.replace(
    PLACEHOLDER_PATTERN,
    (match, tagSlash: string | undefined, tagId: string | undefined, tokenSlash: string | undefined, tokenId: string | undefined) => {
      const id = Number(tagId ?? tokenId);
      const placeholder = byId.get(id);
      if (!placeholder) return match;
      if (placeholder.kind === 'atom') return `<x${id}/>`;
      return `<${tagSlash || tokenSlash ? '/' : ''}x${id}>`;
    },
  );
  return normalizeSegmentText(canonical);
}

/** Renders a wrap placeholder's opening tag with its original attributes. */
export function renderOpenTag(placeholder: WrapPlaceholder): string {
  const attributes = placeholder.attributes.map(([name, value]) => ` ${name}="${escapeHtml(value)}"`).join('');
  return `<${placeholder.tag}${attributes}>`;
}

interface RestoreState {
  /** Output pieces; only text pieces have their whitespace tidied (code keeps its spacing). */
  parts: Array<{ value: string; isText: boolean; isAtom?: boolean }>;
  open: Array<{ placeholder: WrapPlaceholder; startIndex: number }>;
  seen: Set<number>;
  repairs: number;
  format: 'html' | 'text';
}

/** Turns a translated segment back into HTML (or text), re-attaching elements and repairing lost ones. */
export function restoreSegment(translated: string, segment: Segment, format: 'html' | 'text' = 'html'): RestoredSegment {
  const byId = new Map(segment.placeholders.map((p) => [p.id, p]));
  const state: RestoreState = { parts: [], open: [], seen: new Set(), repairs: 0, format };
  let last = 0;
  for (const match of translated.matchAll(PLACEHOLDER_PATTERN)) {
    pushText(state, translated.slice(last, match.index));
    last = match.index + match[0].length;
    const placeholder = byId.get(Number(match[2] ?? match[4]));
    if (!placeholder) {
      state.repairs += 1;
      continue;
    }
    const isClosing = Boolean(match[1] || match[3]);
    applyPlaceholder(state, placeholder, isClosing);
  }
  pushText(state, translated.slice(last));
  while (state.open.length > 0) closeTop(state, true);
  return appendLost(joinParts(state.parts), segment, state);
}

function pushText(state: RestoreState, text: string): void {
  if (text.length === 0) return;
  let tidy = text.replace(/\s+/gu, ' ');
  const previous = state.parts[state.parts.length - 1];
  if (previous?.isText && previous.value.endsWith(' ')) tidy = tidy.trimStart();
  if (tidy.length === 0) return;
  state.parts.push({ value: state.format === 'html' ? escapeHtml(tidy) : tidy, isText: true });
}

function pushMarkup(state: RestoreState, value: string): void {
  state.parts.push({ value, isText: false });
}

function joinParts(parts: RestoreState['parts']): string {
  const values = parts.map((part) => part.value);
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (first?.isText) values[0] = first.value.trimStart();
  if (last?.isText) values[values.length - 1] = (values[values.length - 1] ?? '').trimEnd();
  return values.join('');
}

function applyPlaceholder(state: RestoreState, placeholder: Placeholder, isClosing: boolean): void {
  if (placeholder.kind === 'atom') {
    if (state.seen.has(placeholder.id)) return;
    state.seen.add(placeholder.id);
    state.parts.push({ value: state.format === 'html' ? placeholder.html : placeholder.text, isText: false, isAtom: true });
    return;
  }
  if (!isClosing) {
    if (state.seen.has(placeholder.id)) return;
    state.seen.add(placeholder.id);
    state.open.push({ placeholder, startIndex: state.parts.length });
    if (state.format === 'html') pushMarkup(state, renderOpenTag(placeholder));
    return;
  }
  const depth = state.open.findIndex((entry) => entry.placeholder.id === placeholder.id);
  if (depth < 0) return; // a close whose open was lost: the element is repaired as lost
  // Elements opened inside and not closed are closed here: tags must stay well nested.
  while (state.open.length > depth + 1) closeTop(state, true);
  closeTop(state, false);
}

function closeTop(state: RestoreState, isRepair: boolean): void {
  const entry = state.open.pop();
  if (!entry) return;
  if (isRepair) state.repairs += 1;
  const { placeholder } = entry;
  const inner = state.parts.slice(entry.startIndex);
  // A link the engine emptied would vanish from the page: give it back its source text.
  // An atom inside (a protected name, code) is content: "<a><x2/></a>" is not empty.
  if (!inner.some((part) => part.isAtom === true || (part.isText && /\p{L}|\p{N}/u.test(part.value)))) {
    state.repairs += 1;
    pushText(state, placeholder.sourceText);
  }
  if (state.format === 'html') pushMarkup(state, `</${placeholder.tag}>`);
}

function appendLost(body: string, segment: Segment, state: RestoreState): RestoredSegment {
  const lost: string[] = [];
  for (const placeholder of segment.placeholders) {
    if (state.seen.has(placeholder.id)) continue;
    state.repairs += 1;
    // Formatting (em, strong…) may be lost; links and protected content never are.
    if (placeholder.kind === 'atom') lost.push(state.format === 'html' ? placeholder.html : placeholder.text);
    else if (placeholder.tag === 'a') lost.push(renderLostWrap(placeholder, state.format));
  }
  if (lost.length === 0) return { output: body, repairs: state.repairs };
  const tail = TRAILING_PUNCTUATION.exec(body)?.[0] ?? '';
  const head = body.slice(0, body.length - tail.length);
  const joined = lost.join(' ');
  const output = head.length === 0 ? `${joined}${tail}` : `${head} ${joined}${tail}`;
  return { output, repairs: state.repairs };
}

function renderLostWrap(placeholder: WrapPlaceholder, format: 'html' | 'text'): string {
  if (format === 'text') return placeholder.sourceText;
  return `${renderOpenTag(placeholder)}${escapeHtml(placeholder.sourceText)}</${placeholder.tag}>`;
}
