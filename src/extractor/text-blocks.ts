import { isElement, TEXT_NODE } from './dom.js';
import type { DomElement, DomNode } from './dom.js';

// Elements that start a new block of text: each becomes its own line of `Article.text`.
const BLOCK_ELEMENTS = new Set([
  'address', 'article', 'aside', 'blockquote', 'caption', 'dd', 'div', 'dl', 'dt', 'figcaption',
  'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'ol', 'p',
  'pre', 'section', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'body', 'html',
]);

/** Tells whether an element starts a block of text. */
export function isBlockElement(element: DomElement): boolean {
  return BLOCK_ELEMENTS.has(element.localName);
}

/** Returns the text of `root` block by block, each block's whitespace collapsed, empty blocks left out. */
export function readTextBlocks(root: DomElement): string[] {
  const lines: string[] = [];
  const current: string[] = [];
  const flush = (): void => {
    const line = current.join('').replace(/\s+/gu, ' ').trim();
    if (line !== '') lines.push(line);
    current.length = 0;
  };
  const visit = (node: DomNode): void => {
    if (node.nodeType === TEXT_NODE) {
      current.push(node.textContent ?? '');
      return;
    }
    if (!isElement(node)) return;
    if (node.localName === 'br') {
      flush();
      return;
    }
    const isBlock = isBlockElement(node);
    if (isBlock) flush();
    for (const child of node.childNodes) visit(child);
    if (isBlock) flush();
  };
  visit(root);
  flush();
  return lines;
}

/** Counts the words of a text; scripts written without spaces count by word segments. */
export function countWords(text: string): number {
  if (!/[^\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Arabic}\p{Script=Hebrew}\P{L}]/u.test(text)) {
    return text.split(/\s+/u).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
  }
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
  let count = 0;
  for (const segment of segmenter.segment(text)) if (segment.isWordLike === true) count += 1;
  return count;
}

/** Tells whether a text has at most `limit` words, without counting long texts in full. */
export function hasAtMostWords(text: string, limit: number): boolean {
  // No language averages more than ~15 characters per word (spaces included).
  if (text.length > limit * 15) return false;
  return countWords(text) <= limit;
}
