import { normalizeSegmentText } from './placeholders.js';
import type { Placeholder, Segment, SegmentRange } from './placeholders.js';

// A run of inline content as a flat token list, cut into sentences where no element is open:
// a link that spans two sentences travels as one segment so its tags stay paired.

/** An inline element as found in the source. */
export interface InlineElement {
  tag: string;
  attributes: ReadonlyArray<readonly [string, string]>;
  sourceText: string;
  titleSegments?: SegmentRange;
}

/** One piece of a run of inline content. */
export type InlineToken =
  | { kind: 'text'; text: string }
  | { kind: 'open'; element: InlineElement }
  | { kind: 'close'; element: InlineElement }
  /** `plain` is what the sentence splitter sees in its place ("\n" for a line break). */
  | { kind: 'atom'; html: string; text: string; plain: string };

/** Cuts tokens into sentence segments; `findBoundaries` gives sentence starts in the plain text. */
export function buildSegments(tokens: readonly InlineToken[], findBoundaries: (plain: string) => number[]): Segment[] {
  // Newlines in text are plain spaces (as HTML renders them); only a <br> ends a line.
  const plain = tokens
    .map((token) => (token.kind === 'text' ? token.text.replace(/\s/g, ' ') : token.kind === 'atom' ? token.plain : ''))
    .join('');
  // A boundary with no space before it ("war.<sup>1</sup>") is not taken: sentences are joined
  // again with a space, which would add one the source did not have.
  const boundaries = findBoundaries(plain).filter((offset) => /\s/u.test(plain[offset - 1] ?? ''));
  const groups = cutAtBoundaries(tokens, boundaries);
  return groups.map(encodeSegment).filter((segment) => segment.text.length > 0);
}

interface CutState {
  readonly boundaries: readonly number[];
  groups: InlineToken[][];
  current: InlineToken[];
  /** Offset in the plain text, and how many elements are open there. */
  position: number;
  depth: number;
  /** Index of the first boundary not yet reached. */
  next: number;
}

function cutAtBoundaries(tokens: readonly InlineToken[], boundaries: readonly number[]): InlineToken[][] {
  const state: CutState = { boundaries, groups: [], current: [], position: 0, depth: 0, next: 0 };
  for (const token of tokens) {
    // Closing tags stay with the sentence they end; a boundary is taken after them.
    if (token.kind === 'close') {
      state.current.push(token);
      state.depth -= 1;
      continue;
    }
    takeDueBoundaries(state);
    if (token.kind === 'text') {
      cutText(state, token.text);
      continue;
    }
    state.current.push(token);
    if (token.kind === 'open') state.depth += 1;
    else state.position += token.plain.length;
  }
  closeGroup(state);
  return state.groups;
}

function closeGroup(state: CutState): void {
  if (state.current.length > 0) state.groups.push(state.current);
  state.current = [];
}

// Boundaries reached are consumed; they cut only where no element is open.
function takeDueBoundaries(state: CutState): void {
  let isDue = false;
  while (state.next < state.boundaries.length && (state.boundaries[state.next] ?? Infinity) <= state.position) {
    isDue = true;
    state.next += 1;
  }
  if (isDue && state.depth === 0) closeGroup(state);
}

function cutText(state: CutState, text: string): void {
  let start = 0;
  while (state.next < state.boundaries.length && (state.boundaries[state.next] ?? Infinity) < state.position + text.length) {
    const offset = (state.boundaries[state.next] ?? 0) - state.position;
    state.next += 1;
    if (state.depth !== 0 || offset <= start) continue;
    state.current.push({ kind: 'text', text: text.slice(start, offset) });
    closeGroup(state);
    start = offset;
  }
  state.current.push({ kind: 'text', text: text.slice(start) });
  state.position += text.length;
}

function encodeSegment(tokens: readonly InlineToken[]): Segment {
  const ids = new Map<InlineElement | InlineToken, number>();
  const placeholders: Placeholder[] = [];
  const parts: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'text') {
      parts.push(token.text);
    } else if (token.kind === 'atom') {
      const id = placeholders.length + 1;
      placeholders.push({ kind: 'atom', id, html: token.html, text: token.text });
      parts.push(`<x${id}/>`);
    } else if (token.kind === 'open') {
      const id = placeholders.length + 1;
      ids.set(token.element, id);
      placeholders.push({ kind: 'wrap', id, ...token.element });
      parts.push(`<x${id}>`);
    } else {
      parts.push(`</x${ids.get(token.element) ?? 0}>`);
    }
  }
  return { text: normalizeSegmentText(parts.join('')), placeholders };
}
