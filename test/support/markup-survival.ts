import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';

// Measures what translation did to a body's markup, independently of the translator's own
// code: its own inline tag list, its own URL pattern, its own walk over a linkedom tree.

/** One golden case of test/fixtures/markup. */
export interface MarkupFixture {
  name: string;
  html: string;
}

/** What one translated fixture kept of its source's markup. */
export interface MarkupComparison {
  /** Inline elements of the source (tag, attributes, place in the tree, non-empty). */
  inlineIn: number;
  /** Of those, how many the output has at the same place with the same tag and every attribute kept. */
  inlineSurviving: number;
  /** Inline elements of the output that the source did not have there. */
  inlineExtra: number;
  /** Signatures of the lost elements, for a readable failure. */
  lost: string[];
  /** Attributes of the source's inline elements. */
  attributesIn: number;
  /** Of those, how many the element at the same place in the output has, with the same value (see isAttributeKept). */
  attributesKept: number;
  /** Titles with words in the source, and how many of them the output has in other words (translated). */
  titlesIn: number;
  titlesTranslated: number;
  /** Whether the tree of block elements (tag names and nesting) is identical. */
  isBlockTreeIdentical: boolean;
  /** Whether every `code` and `pre` text, URL and e-mail address of the source is in the output unchanged. */
  isVerbatimKept: boolean;
}

/** One inline element: where it is (block path, inline ancestors, tag), its attributes, and its content. */
export interface InlineElementDescription {
  place: string;
  attributes: ReadonlyMap<string, string>;
  /** `{words}` when it holds words, its text for code, else empty. */
  content: string;
}

interface Node {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  readonly childNodes: ArrayLike<Node>;
  readonly attributes?: ArrayLike<{ name: string; value: string }>;
  innerHTML?: string;
}

const FIXTURES = fileURLToPath(new URL('../fixtures/markup', import.meta.url));
// The inline elements of a sanitized body (src/sanitizer's allow-list) plus a few more HTML has.
const INLINE = new Set([
  'a', 'em', 'strong', 'i', 'b', 'q', 'cite', 'code', 'abbr', 'sub', 'sup', 'span', 'small', 'mark', 'u', 's',
  'time', 'kbd', 'var', 'samp', 'dfn', 'data', 'bdi', 'bdo', 'del', 'ins', 'br', 'wbr', 'img',
]);
const LETTER = /\p{L}/u;
const URL_OR_EMAIL = /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)]|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g;

/** Reads every case of test/fixtures/markup, in file order. */
export function loadMarkupFixtures(): MarkupFixture[] {
  return readdirSync(FIXTURES)
    .filter((file) => file.endsWith('.html'))
    .sort()
    .map((file) => ({ name: file.replace(/\.html$/, ''), html: readFileSync(join(FIXTURES, file), 'utf8').trim() }));
}

/** The language pair a body was translated in: a lang naming the source may name the target. */
export interface ComparedPair {
  from: string;
  to: string;
}

/** Compares a translated body with its source. */
export function compareMarkup(source: string, translated: string, pair?: ComparedPair): MarkupComparison {
  const before = describeInlineElements(source);
  const remaining = describeInlineElements(translated);
  const comparison: MarkupComparison = {
    inlineIn: before.length, inlineSurviving: 0, inlineExtra: 0, lost: [], attributesIn: 0, attributesKept: 0, titlesIn: 0,
    titlesTranslated: 0, isBlockTreeIdentical: describeBlockTree(source) === describeBlockTree(translated), isVerbatimKept: false,
  };
  for (const element of before) {
    const candidates = remaining.filter((other) => other.place === element.place && other.content === element.content);
    // The first intact candidate, else the first at that place: its attributes are what the element kept.
    const match = candidates.find((other) => isIntact(element, other, pair)) ?? candidates[0];
    if (match) remaining.splice(remaining.indexOf(match), 1);
    if (match && isIntact(element, match, pair)) comparison.inlineSurviving += 1;
    else comparison.lost.push(formatSignature(element));
    countAttributes(comparison, element, match, pair);
  }
  comparison.inlineExtra = remaining.length;
  const outputText = textOf(translated);
  comparison.isVerbatimKept = [...listCodeTexts(source), ...listUrls(source)].every((text) => outputText.includes(text));
  return comparison;
}

function isIntact(element: InlineElementDescription, other: InlineElementDescription, pair: ComparedPair | undefined): boolean {
  if (other.attributes.size !== element.attributes.size) return false;
  return [...element.attributes].every(([name, value]) => isAttributeKept(name, value, other.attributes.get(name), pair));
}

function countAttributes(comparison: MarkupComparison, element: InlineElementDescription, match: InlineElementDescription | undefined, pair: ComparedPair | undefined): void {
  for (const [name, value] of element.attributes) {
    const output = match?.attributes.get(name);
    comparison.attributesIn += 1;
    if (isAttributeKept(name, value, output, pair)) comparison.attributesKept += 1;
    if (name !== 'title' || !LETTER.test(value)) continue;
    comparison.titlesIn += 1;
    if (output !== undefined && output !== value && LETTER.test(output)) comparison.titlesTranslated += 1;
  }
}

/**
 * Whether an attribute came back: with the same value, or for a title with words, with words
 * (translated or not); a lang that named the source language may name the target instead.
 */
export function isAttributeKept(name: string, source: string, output: string | undefined, pair?: ComparedPair): boolean {
  if (output === undefined) return false;
  if (output === source) return true;
  if (name === 'title') return LETTER.test(source) && LETTER.test(output);
  if (name === 'lang' && pair) return primarySubtag(source) === primarySubtag(pair.from) && output === pair.to;
  return false;
}

function primarySubtag(tag: string): string {
  return tag.toLowerCase().split('-')[0] ?? '';
}

/**
 * Each inline element with its place (`block path | inline ancestors > tag`), attributes and
 * content; an element that moved to another block or out of its parent element is elsewhere.
 */
export function describeInlineElements(html: string): InlineElementDescription[] {
  const elements: InlineElementDescription[] = [];
  const walk = (node: Node, blockPath: string, inlinePath: string): void => {
    let blockIndex = 0;
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType !== 1) continue;
      const tag = child.nodeName.toLowerCase();
      if (!INLINE.has(tag)) {
        walk(child, `${blockPath}/${tag}[${blockIndex}]`, '');
        blockIndex += 1;
        continue;
      }
      const attributes = new Map(Array.from(child.attributes ?? []).map((a) => [a.name, a.value]));
      const text = child.textContent ?? '';
      // Code must come back verbatim; other elements must not come back empty.
      const content = tag === 'code' ? `{${text}}` : /[\p{L}\p{N}]/u.test(text) ? '{words}' : '';
      elements.push({ place: `${blockPath} | ${inlinePath}${tag}`, attributes, content });
      walk(child, blockPath, `${inlinePath}${tag} > `);
    }
  };
  walk(parseFragment(html), '', '');
  return elements;
}

function formatSignature(element: InlineElementDescription): string {
  const attributes = [...element.attributes].map(([name, value]) => ` ${name}="${value}"`).join('');
  return `${element.place}${attributes}${element.content ? ` ${element.content}` : ''}`;
}

/** The block elements (everything not inline) as a nested outline: `p,ul(li,li)`. */
export function describeBlockTree(html: string): string {
  const outline = (node: Node): string =>
    Array.from(node.childNodes)
      .filter((child) => child.nodeType === 1)
      .map((child) => {
        const tag = child.nodeName.toLowerCase();
        const inner = outline(child);
        if (INLINE.has(tag)) return inner;
        return inner.length > 0 ? `${tag}(${inner})` : tag;
      })
      .filter((part) => part.length > 0)
      .join(',');
  return outline(parseFragment(html));
}

/** Text that must never reach an engine: code, preformatted text, URLs and e-mail addresses. */
export function listNeverSent(html: string): string[] {
  // A URL's query parameters too: a URL cut at "&" would leak them alone.
  const urls = listUrls(html).flatMap((url) => [url, ...url.split(/[?&]/).slice(1)]);
  // Line by line: an engine input has its whitespace collapsed.
  const codeLines = listCodeTexts(html).flatMap((code) => code.split('\n').map((line) => line.replace(/\s+/g, ' ').trim()));
  return [...codeLines, ...urls].filter((text) => text.length >= 2);
}

function listUrls(html: string): string[] {
  return [...textOf(html).matchAll(URL_OR_EMAIL)].map((match) => match[0]);
}

function listCodeTexts(html: string): string[] {
  const texts: string[] = [];
  const walk = (node: Node): void => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType !== 1) continue;
      const tag = child.nodeName.toLowerCase();
      if (tag === 'code' || tag === 'pre') texts.push(child.textContent ?? '');
      else walk(child);
    }
  };
  walk(parseFragment(html));
  return texts;
}

function textOf(html: string): string {
  return parseFragment(html).textContent ?? '';
}

function parseFragment(html: string): Node {
  const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>') as unknown as {
    document: { createElement(tag: string): Node };
  };
  const root = document.createElement('div');
  root.innerHTML = html;
  return root;
}
