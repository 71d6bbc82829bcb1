import { createHash } from 'node:crypto';
import { isNamed, isNamedAny, listDescendants, listElements, readText } from './dom.js';
import type { DomElement } from './dom.js';
import { hasAtMostWords } from './text-blocks.js';

// Blocks that are judged one by one: the smallest elements that hold a line of text.
const LEAF_BLOCKS = new Set(['p', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'figcaption', 'blockquote', 'dt', 'dd', 'caption']);
// Template furniture is short; a long block that recurs is quoted background, not furniture.
const MAX_BOILERPLATE_WORDS = 60;
// Shapes stand for blocks whose words change from story to story; only short ones have a template.
const MAX_SHAPED_WORDS = 25;
const MIN_SLUG_WORDS = 3;

/** How much of a source's history makes a block boilerplate. */
export interface BoilerplateThresholds {
  /** Distinct stories of the source a block must appear in (default 3). */
  minStories: number;
  /** Share of the source's stories with recorded blocks it must appear in (default 0.02). */
  minShare: number;
}

/** The default thresholds: three distinct stories and at least 2 % of the source's stories. */
export const DEFAULT_BOILERPLATE_THRESHOLDS: BoilerplateThresholds = { minStories: 3, minShare: 0.02 };

/** How many distinct stories of one source a block fingerprint was seen in. */
export interface BlockCount {
  fingerprint: string;
  stories: number;
}

/** Normalizes a block's text for comparison: case, width, punctuation and whitespace do not count. */
export function normalizeBlockText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/**
 * Fingerprints a block of text: `t:` + a hash of its normalized text, and for template-made blocks
 * whose words vary (slug captions, labelled teasers, headline links) also `s:` + a hash of its shape.
 * Long blocks get none: they are never boilerplate.
 */
export function fingerprintBlock(text: string, linkText?: string): string[] {
  const normalized = normalizeBlockText(text);
  if (normalized === '' || !hasAtMostWords(normalized, MAX_BOILERPLATE_WORDS)) return [];
  const fingerprints = [`t:${hashText(normalized)}`];
  const shape = describeShape(text.trim(), normalized, linkText?.trim());
  if (shape !== undefined) fingerprints.push(`s:${hashText(shape)}`);
  return fingerprints;
}

// A shape keeps what the template writes and masks what the story writes; each kind is justified
// by how news CMSs generate the block, so that two real sentences never share a shape.
function describeShape(text: string, normalized: string, linkText: string | undefined): string | undefined {
  if (!hasAtMostWords(normalized, MAX_SHAPED_WORDS)) return undefined;
  const words = normalized.split(' ');
  // Video slugs ("porto douro river rising water vpx"): lower case, no punctuation; the last
  // token is the desk's code, the rest is the story.
  if (words.length >= MIN_SLUG_WORDS && text === text.toLowerCase() && !/[.,;:!?'"’“”()]/u.test(text)) {
    return `slug ${words.at(-1) ?? ''}`;
  }
  if (linkText === undefined || linkText === '') return undefined;
  // A block that is one link is a pointer to another story; its first word is the template's verb.
  if (linkText === text) return `link ${words[0] ?? ''}`;
  // Labelled teasers ("READ MORE: <link>"): the label is the template's, the link the story's.
  const label = /^([^:]{1,24}):$/u.exec(text.slice(0, text.length - linkText.length).trim())?.[1];
  if (label !== undefined && text.endsWith(linkText)) return `label ${normalizeBlockText(label)}`;
  return undefined;
}

function hashText(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 16);
}

/** Chooses the fingerprints that are boilerplate for a source from its counts and its number of stories. */
export function selectBoilerplate(
  counts: readonly BlockCount[],
  sourceStories: number,
  thresholds: BoilerplateThresholds = DEFAULT_BOILERPLATE_THRESHOLDS,
): Set<string> {
  const needed = Math.max(thresholds.minStories, Math.ceil(thresholds.minShare * sourceStories));
  return new Set(counts.filter((count) => count.stories >= needed).map((count) => count.fingerprint));
}

/** Lists the leaf text blocks of a body, each with its fingerprints. */
export function fingerprintBodyBlocks(root: DomElement): { element: DomElement; fingerprints: string[] }[] {
  const blocks: { element: DomElement; fingerprints: string[] }[] = [];
  const elements = listElements(root);
  elements.forEach((element, at) => {
    if (!isNamedAny(element, LEAF_BLOCKS)) return;
    const descendants = listDescendants(elements, at);
    // Only the innermost blocks: a list is judged item by item.
    if (descendants.some((inner) => isNamedAny(inner, LEAF_BLOCKS))) return;
    const text = readText(element);
    if (text === '') return;
    blocks.push({ element, fingerprints: fingerprintBlock(text, readSingleLinkText(descendants)) });
  });
  return blocks;
}

function readSingleLinkText(descendants: readonly DomElement[]): string | undefined {
  const links = descendants.filter((inner) => isNamed(inner, 'a'));
  return links.length === 1 && links[0] !== undefined ? readText(links[0]) : undefined;
}

/**
 * Removes the blocks of a body that the source's history marks as boilerplate and returns the
 * fingerprints of every block it saw (removed ones included), for the source's history.
 */
export function removeLearnedBoilerplate(root: DomElement, known: ReadonlySet<string>): string[] {
  const seen = new Set<string>();
  for (const { element, fingerprints } of fingerprintBodyBlocks(root)) {
    for (const fingerprint of fingerprints) seen.add(fingerprint);
    if (fingerprints.some((fingerprint) => known.has(fingerprint))) removeWithEmptyParents(element, root);
  }
  return [...seen];
}

// A list or figure left without text or picture goes with its last block.
function removeWithEmptyParents(element: DomElement, root: DomElement): void {
  let current = element;
  for (let parent = current.parentElement; parent !== null && parent !== root; parent = parent.parentElement) {
    const rest = readText(parent).length - readText(current).length;
    if (rest > 0 || parent.querySelector('img') !== null) break;
    current = parent;
  }
  current.remove();
}
