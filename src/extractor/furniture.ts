import { readText, TEXT_NODE } from './dom.js';
import type { DomElement, DomNode } from './dom.js';
import {
  NAMED_ELEMENTS_SELECTOR,
  hasFurnitureName,
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

// Elements that hold the story itself on well-formed pages.
const STORY_CONTAINERS = 'article, main, [role="main"], [itemprop="articleBody"]';

const SHORT_BLOCKS = 'p, div, span, aside, section, li, figcaption, h2, h3, h4, h5, h6, strong';
const TEASER_CANDIDATES = 'p, div, li, h2, h3, h4, h5, h6';

/**
 * Marks the page furniture of a whole page (by class, id and component names) without removing it.
 * Removing it before Readability shifts Readability's scores and can make it choose a whole page
 * column (measured on ../shared/bench/extraction); and Readability rebuilds some elements without
 * their attributes, so the names are read now and the nodes remembered for `removeFurniture`.
 */
export function markFurniture(page: DomElement): Set<DomNode> {
  const marked = new Set<DomNode>();
  for (const element of findNamedFurniture(page)) markSubtree(element, marked);
  return marked;
}

/** Removes page furniture (players, recirculation, promos, ad labels, slug captions, teasers) inside `root`. */
export function removeFurniture(root: DomElement, marked: ReadonlySet<DomNode>): void {
  removeMarked(root, marked);
  removeAll(findNamedFurniture(root));
  removeAll(findShortFurniture(root));
  removeAll(findTeaserBlocks(root));
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

function findNamedFurniture(body: DomElement): DomElement[] {
  const found: DomElement[] = [];
  const seen = new Map<string, boolean>();
  for (const element of body.querySelectorAll(NAMED_ELEMENTS_SELECTOR)) {
    if (!hasFurnitureName(element, seen) || isStoryContainer(element) || holdsProse(element)) continue;
    if (found.some((ancestor) => ancestor.contains(element))) continue;
    const text = readText(element);
    if (hasAtMostWords(text, MAX_FURNITURE_WORDS) || measureLinkDensity(element, text) >= LINK_HEAVY) {
      found.push(element);
    }
  }
  return found;
}

function isStoryContainer(element: DomElement): boolean {
  if (['html', 'body', 'article', 'main'].includes(element.localName)) return true;
  if (element.getAttribute('role') === 'main' || element.getAttribute('itemprop') === 'articleBody') return true;
  return element.querySelector(STORY_CONTAINERS) !== null;
}

// Quoted posts and pull quotes sit in "video"/"social" wrappers too; a full sentence is not furniture.
function holdsProse(element: DomElement): boolean {
  for (const block of element.querySelectorAll('blockquote, p')) {
    const text = readText(block);
    if (!hasAtMostWords(text, MIN_PROSE_WORDS) && /[.!?…"”»]/u.test(text) && measureLinkDensity(block, text) < 0.3) return true;
  }
  return false;
}

// Ad labels ("Ad Feedback") and slug captions ("Putin Xi Jinping vpx") with the small
// container around them (a video thumbnail and its caption).
function findShortFurniture(body: DomElement): DomElement[] {
  const found: DomElement[] = [];
  for (const element of body.querySelectorAll(SHORT_BLOCKS)) {
    if (element.children.length > 3) continue;
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

function findTeaserBlocks(body: DomElement): DomElement[] {
  const found: DomElement[] = [];
  for (const element of body.querySelectorAll(TEASER_CANDIDATES)) {
    if (isTeaserBlock(element) && hasAtMostWords(readText(element), 40)) found.push(element);
  }
  return found;
}
