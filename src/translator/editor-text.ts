// A segment as an editor reads and writes it: atom placeholders (names, URLs, code) shown as
// their text, inline elements as the numbered tags `<xN>…</xN>` that mark the same words in the
// source; and back to the canonical form the translation memory and reassembly use.

import { normalizeSegmentText } from './placeholders.js';

const ATOM_TAG = /<x(\d+)\/>/g;
const LETTER = /\p{L}/u;

/** Shows a canonical segment to an editor: each atom placeholder becomes the text it stands for. */
export function renderEditorText(canonical: string, atoms: Readonly<Record<number, string>>): string {
  return canonical.replace(ATOM_TAG, (tag, id: string) => atoms[Number(id)] ?? tag);
}

/** What an editor's text reads as: a canonical segment, or why it cannot be one. */
export type EditorTextOutcome = { kind: 'segment'; canonical: string } | { kind: 'invalid'; reason: string };

/**
 * Reads an editor's text back into canonical form: the text of each atom, found where the editor
 * left it, becomes its placeholder again (an atom left out is put back when the text is
 * reassembled, as for an engine that lost it); numbered tags are kept as typed.
 */
export function parseEditorText(text: string, atoms: Readonly<Record<number, string>>): EditorTextOutcome {
  let canonical = normalizeSegmentText(text);
  if (!LETTER.test(canonical.replace(/<\/?x\d+\/?>/g, ''))) return { kind: 'invalid', reason: 'the translation has no words' };
  // Longest first: a name that contains another ("Joe Biden", "Biden") is found whole.
  const byLength = Object.entries(atoms).sort(([, a], [, b]) => b.length - a.length);
  for (const [id, atomText] of byLength) {
    const tag = `<x${id}/>`;
    const wanted = normalizeSegmentText(atomText);
    if (wanted.length === 0 || canonical.includes(tag)) continue;
    const at = canonical.indexOf(wanted);
    if (at >= 0) canonical = `${canonical.slice(0, at)}${tag}${canonical.slice(at + wanted.length)}`;
  }
  return { kind: 'segment', canonical };
}
