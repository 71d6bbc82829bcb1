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
  /** Of those, how many the output has at the same place with identical tag and attributes. */
  inlineSurviving: number;
  /** Inline elements of the output that the source did not have there. */
  inlineExtra: number;
  /** Signatures of the lost elements, for a readable failure. */
  lost: string[];
  /** Whether the tree of block elements (tag names and nesting) is identical. */
  isBlockTreeIdentical: boolean;
  /** Whether every `code` and `pre` text, URL and e-mail address of the source is in the output unchanged. */
  isVerbatimKept: boolean;
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
const URL_OR_EMAIL = /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)]|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g;

/** Reads every case of test/fixtures/markup, in file order. */
export function loadMarkupFixtures(): MarkupFixture[] {
  return readdirSync(FIXTURES)
    .filter((file) => file.endsWith('.html'))
    .sort()
    .map((file) => ({ name: file.replace(/\.html$/, ''), html: readFileSync(join(FIXTURES, file), 'utf8').trim() }));
}

/** Compares a translated body with its source. */
export function compareMarkup(source: string, translated: string): MarkupComparison {
  const before = describeInlineElements(source);
  const after = describeInlineElements(translated);
  const remaining = new Map<string, number>();
  for (const signature of after) remaining.set(signature, (remaining.get(signature) ?? 0) + 1);
  const lost: string[] = [];
  for (const signature of before) {
    const count = remaining.get(signature) ?? 0;
    if (count > 0) remaining.set(signature, count - 1);
    else lost.push(signature);
  }
  const outputText = textOf(translated);
  return {
    inlineIn: before.length,
    inlineSurviving: before.length - lost.length,
    inlineExtra: [...remaining.values()].reduce((sum, n) => sum + n, 0),
    lost,
    isBlockTreeIdentical: describeBlockTree(source) === describeBlockTree(translated),
    isVerbatimKept: [...listCodeTexts(source), ...listUrls(source)].every((text) => outputText.includes(text)),
  };
}

/**
 * Each inline element as `block path | inline ancestors > tag attributes` plus whether it holds
 * words; an element that moved to another block or out of its parent element no longer matches.
 */
export function describeInlineElements(html: string): string[] {
  const signatures: string[] = [];
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
      const attributes = Array.from(child.attributes ?? []).map((a) => ` ${a.name}="${a.value}"`).join('');
      const text = child.textContent ?? '';
      // Code must come back verbatim; other elements must not come back empty.
      const content = tag === 'code' ? ` {${text}}` : /[\p{L}\p{N}]/u.test(text) ? ' {words}' : '';
      const element = `${inlinePath}${tag}${attributes}`;
      signatures.push(`${blockPath} | ${element}${content}`);
      walk(child, blockPath, `${element} > `);
    }
  };
  walk(parseFragment(html), '', '');
  return signatures;
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
