import { isElement, readText, TEXT_NODE } from './dom.js';
import type { DomDocument, DomElement, DomNode } from './dom.js';
import { isBoilerplateLine, isSingleLinkBlock, isSlugCaption, isTeaserBlock } from './furniture-signals.js';
import { isBlockElement } from './text-blocks.js';
import { isCaptionWithCredit, isCreditLine } from './article-edges.js';

// Blocks whose text is judged as one unit by patterns and teaser checks.
const TEXT_BLOCKS = 'p, h2, h3, h4, h5, h6, li, figcaption, blockquote, dt, dd, caption, pre';
// Elements that are useless once they hold no text and no image.
const EMPTY_CANDIDATES = 'p, h2, h3, h4, h5, h6, li, ul, ol, dl, dt, dd, blockquote, figure, figcaption, table, tr, td, th, thead, tbody, tfoot, caption, pre, span, a, strong, em, b, i';
// A link-only paragraph this short is a pointer to another page, not article text.
const MAX_LINK_ONLY_WORDS = 25;

/**
 * Cleans a sanitized body in place: drops figure captions and matching, teaser, slug and empty
 * blocks, wraps loose text in <p>.
 */
export function cleanBody(document: DomDocument, root: DomElement, dropPatterns: readonly RegExp[]): void {
  // A figure's caption describes its picture, not the story: slideshow counters ("1of4"), credits
  // and video slugs ride along with it, and a reader of the story's text does not read it there.
  // The picture itself stays.
  for (const caption of Array.from(root.querySelectorAll('figcaption'))) caption.remove();
  removeHoverCards(root);
  wrapLooseInline(document, root);
  // Innermost and last first: a slideshow item whose captions go is then judged on what is left.
  for (const block of Array.from(root.querySelectorAll(TEXT_BLOCKS)).reverse()) {
    if (shouldDropBlock(block, root, dropPatterns)) block.remove();
  }
  removeEmptyElements(root);
}

function shouldDropBlock(block: DomElement, root: DomElement, dropPatterns: readonly RegExp[]): boolean {
  const text = readText(block);
  if (text === '') return false;
  if (dropPatterns.some((pattern) => pattern.test(text))) return true;
  if (isBoilerplateLine(text) || isSlugCaption(text)) return true;
  // Credits and credited captions nested in lists and quotes (slideshows); the body's own
  // top-level blocks are judged with their neighbours in trimArticleEdges.
  if (block.parentElement !== root && (isCreditLine(text) || isCaptionWithCredit(text))) return true;
  if (isTeaserBlock(block)) return true;
  // A bare URL as link text is a cited source, kept; a headline-like link is a pointer elsewhere.
  return (
    block.localName === 'p' &&
    isSingleLinkBlock(block) &&
    text.split(/\s+/u).length <= MAX_LINK_ONLY_WORDS &&
    !/[.!?…"”»]$/u.test(text) &&
    !/^(https?:\/\/|www\.)\S+$/iu.test(text)
  );
}

// A hover card rides inside a sentence: right after a linked name, a hidden box with the person's
// picture, the name linked again and links to other stories ("Rep. Ilhan OmarIlhan OmarHillicon
// Valley: …"). The repeated name is the signature: a sentence never links the same words twice in a row.
function removeHoverCards(root: DomElement): void {
  for (const box of Array.from(root.querySelectorAll('p span'))) {
    const anchor = box.previousElementSibling;
    if (box.parentNode === null || anchor?.localName !== 'a') continue;
    const name = readText(anchor);
    const links = Array.from(box.querySelectorAll('a'));
    const repeatsName = name !== '' && links.some((link) => readText(link) === name);
    if (repeatsName && (box.querySelector('img') !== null || links.length >= 2)) box.remove();
  }
}

// Sanitizing drops <div>s but keeps their text: runs of inline content between blocks become paragraphs.
function wrapLooseInline(document: DomDocument, root: DomElement): void {
  let run: DomNode[] = [];
  const flush = (before: DomNode | null): void => {
    if (run.some((node) => (node.textContent ?? '').trim() !== '' || (isElement(node) && node.localName === 'img'))) {
      const paragraph = document.createElement('p');
      root.insertBefore(paragraph, before);
      for (const node of run) paragraph.appendChild(node);
    }
    run = [];
  };
  for (const node of Array.from(root.childNodes)) {
    const isInline = node.nodeType === TEXT_NODE || (isElement(node) && !isBlockElement(node) && node.localName !== 'br');
    if (isInline) run.push(node);
    else flush(node);
  }
  flush(null);
}

function hasContent(element: DomElement): boolean {
  return readText(element) !== '' || element.querySelector('img') !== null || element.localName === 'img';
}

function removeEmptyElements(root: DomElement): void {
  // Deepest first, so that a list emptied of its items goes too.
  const candidates = Array.from(root.querySelectorAll(EMPTY_CANDIDATES)).reverse();
  for (const element of candidates) {
    if (!hasContent(element)) element.remove();
  }
  for (const figure of Array.from(root.querySelectorAll('figure'))) {
    // A figure whose picture was a video or embed leaves an orphan caption.
    if (figure.querySelector('img') === null && figure.querySelector('p, blockquote, table, ul, ol, pre') === null) figure.remove();
  }
}
