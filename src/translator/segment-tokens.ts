import { normalizeSegmentText } from './placeholders.js';
import type { Placeholder, Segment } from './placeholders.js';

// A run of inline content as a flat token list, cut into sentences where no element is open:
// a link that spans two sentences travels as one segment so its tags stay paired.

/** An inline element as found in the source. */
export interface InlineElement {
  tag: string;
  attributes: ReadonlyArray<readonly [string, string]>;
  sourceText: string;
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
  const groups = cutAtBoundaries(tokens, findBoundaries(plain));
  return groups.map(encodeSegment).filter((segment) => segment.text.length > 0);
}

function cutAtBoundaries(tokens: readonly InlineToken[], boundaries: readonly number[]): InlineToken[][] {
  const groups: InlineToken[][] = [];
  let current: InlineToken[] = [];
  let position = 0;
  let depth = 0;
  let next = 0;
  const cut = (): void => {
    if (current.length > 0) groups.push(current);
    current = [];
  };
  // A boundary that falls where closing tags follow is taken after them, and only at depth 0.
  const takeDueBoundaries = (): void => {
    let isDue = false;
    while (next < boundaries.length && (boundaries[next] ?? Infinity) <= position) {
      isDue = true;
      next += 1;
    }
    if (isDue && depth === 0) cut();
  };
  for (const token of tokens) {
    if (token.kind === 'close') {
      current.push(token);
      depth -= 1;
      continue;
    }
    takeDueBoundaries();
    if (token.kind === 'open') {
      current.push(token);
      depth += 1;
    } else if (token.kind === 'atom') {
      current.push(token);
      position += token.plain.length;
    } else {
      let start = 0;
      while (next < boundaries.length && (boundaries[next] ?? Infinity) < position + token.text.length) {
        const offset = (boundaries[next] ?? 0) - position;
        next += 1;
        if (depth !== 0 || offset <= start) continue;
        current.push({ kind: 'text', text: token.text.slice(start, offset) });
        cut();
        start = offset;
      }
      current.push({ kind: 'text', text: token.text.slice(start) });
      position += token.text.length;
    }
  }
  cut();
  return groups;
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
