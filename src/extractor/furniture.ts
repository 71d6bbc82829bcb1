import { isNamed, isNamedAny, listDescendants, listElements, readText, TEXT_NODE } from './dom.js';
import type { DomElement, DomNode } from './dom.js';
import {
  isNamedFurniture,
  isBoilerplateLine,
  isSlugCaption,
  isTeaserBlock,
  measureLinkDensity,
} from './furniture-signals.js';
import { hasAtMostWords } from './text-blocks.js';

// Furniture removal runs on every page of every source, so it stays conservative: a named
// container is only dropped when it is small or mostly links, never when it holds the story.
const MAX_FURNITURE_WORDS = 120;
const LINK_HEAVY = 0.5;
const MIN_PROSE_WORDS = 20;

const SHORT_BLOCKS = new Set(['p', 'div', 'span', 'aside', 'section', 'li', 'figcaption', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong']);
const TEASER_CANDIDATES = new Set(['p', 'div', 'li', 'h2', 'h3', 'h4', 'h5', 'h6']);
const PROSE_BLOCKS = new Set(['blockquote', 'p']);

/**
 * Marks the page furniture of a whole page (by class, id and component names) without removing it.
 * Removing it before Readability shifts Readability's scores and can make it choose a whole page
 * column (measured on ../shared/bench/extraction); and Readability rebuilds some elements without
 * their attributes, so the names are read now and the nodes remembered for `removeFurniture`.
 */
export function markFurniture(page: DomElement, elements: readonly DomElement[] = listElements(page)): Set<DomNode> {
  const marked = new Set<DomNode>();
  const inside = elements.filter((element) => element !== page);
  for (const element of findNamedFurniture(inside)) markSubtree(element, marked);
  return marked;
}

/** Removes page furniture (players, recirculation, promos, ad labels, slug captions, teasers) inside `root`. */
export function removeFurniture(root: DomElement, marked: ReadonlySet<DomNode>): void {
  removeMarked(root, marked);
  removeAll(findNamedFurniture(listElements(root)));
  removeAll(findShortFurniture(listElements(root)));
  removeAll(findTeaserBlocks(listElements(root)));
}

function removeAll(elements: DomElement[]): void {
  for (const element of elements) element.remove();
}

function markSubtree(node: DomNode, marked: Set<DomNode>): void {
  marked.add(node);
  for (const child of node.childNodes) markSubtree(child, marked);
}

// An element goes when it was marked, or when everything it shows (text, images) was: Readability
// moves the original nodes into new wrappers, so the wrapper itself may be new.
function removeMarked(element: DomElement, marked: ReadonlySet<DomNode>): void {
  for (const child of Array.from(element.children)) {
    if (marked.has(child) || isAllMarked(child, marked)) child.remove();
    else removeMarked(child, marked);
  }
}

function isAllMarked(element: DomElement, marked: ReadonlySet<DomNode>): boolean {
  let shown = 0;
  const visit = (node: DomNode): boolean => {
    const isShown = (node.nodeType === TEXT_NODE && (node.textContent ?? '').trim() !== '') || node.nodeName === 'IMG';
    if (isShown) {
      shown += 1;
      if (!marked.has(node)) return false;
    }
    for (const child of node.childNodes) if (!visit(child)) return false;
    return true;
  };
  return visit(element) && shown > 0;
}

// `elements` in document order (see `listElements`).
function findNamedFurniture(elements: readonly DomElement[]): DomElement[] {
  const found: DomElement[] = [];
  const seen = new Map<string, boolean>();
  for (let at = 0; at < elements.length; at++) {
    const element = elements[at]!;
    if (!isNamedFurniture(element, seen)) continue;
    // Found elements never nest and come in document order: only the last one can hold this one.
    if (found.at(-1)?.contains(element) === true) continue;
    const descendants = listDescendants(elements, at);
    if (isStoryContainer(element, descendants) || holdsProse(descendants)) continue;
    const text = readText(element);
    if (hasAtMostWords(text, MAX_FURNITURE_WORDS) || measureLinkDensity(element, text) >= LINK_HEAVY) {
      found.push(element);
    }
  }
  return found;
}

function isStoryContainer(element: DomElement, descendants?: readonly DomElement[]): boolean {
  if (['html', 'body', 'article', 'main'].includes(element.localName)) return true;
  if (hasStoryRole(element)) return true;
  // Holds an element that holds the story ('article, main, [role="main"], [itemprop="articleBody"]').
  return (descendants ?? listElements(element)).some((inner) => isNamed(inner, 'article') || isNamed(inner, 'main') || hasStoryRole(inner));
}

function hasStoryRole(element: DomElement): boolean {
  return element.getAttribute('role') === 'main' || element.getAttribute('itemprop') === 'articleBody';
}

// Quoted posts and pull quotes sit in "video"/"social" wrappers too; a full sentence is not furniture.
function holdsProse(descendants: readonly DomElement[]): boolean {
  for (const block of descendants) {
    if (!isNamedAny(block, PROSE_BLOCKS)) continue;
    const text = readText(block);
    if (!hasAtMostWords(text, MIN_PROSE_WORDS) && /[.!?…"”»]/u.test(text) && measureLinkDensity(block, text) < 0.3) return true;
  }
  return false;
}

// Ad labels ("Ad Feedback") and slug captions ("Putin Xi Jinping vpx") with the small
// container around them (a video thumbnail and its caption).
function findShortFurniture(elements: readonly DomElement[]): DomElement[] {
  const found: DomElement[] = [];
  for (const element of elements) {
    if (!isNamedAny(element, SHORT_BLOCKS) || element.children.length > 3) continue;
    const text = readText(element);
    if (text.length === 0 || text.length > 100) continue;
    if (isBoilerplateLine(text)) found.push(element);
    else if (isSlugCaption(text)) found.push(widenToOwnContainer(element, text));
  }
  return found;
}

// Climbs while the parent adds no words of its own, so a thumbnail and its slug go together.
function widenToOwnContainer(element: DomElement, text: string): DomElement {
  let current = element;
  for (let parent = current.parentElement; parent !== null; parent = parent.parentElement) {
    if (isStoryContainer(parent) || parent.localName === 'p' || readText(parent) !== text) break;
    current = parent;
  }
  return current;
}

function findTeaserBlocks(elements: readonly DomElement[]): DomElement[] {
  const found: DomElement[] = [];
  for (const element of elements) {
    if (isNamedAny(element, TEASER_CANDIDATES) && isTeaserBlock(element) && hasAtMostWords(readText(element), 40)) found.push(element);
  }
  return found;
}
