import { parseHTML } from 'linkedom';
import { repairPageShape } from './page-shape.js';

// linkedom's published types resolve to `any` without the DOM lib; these are the parts relais
// uses, written out so that the extractor stays type-checked.

/** A DOM node as linkedom gives it. */
export interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  textContent: string | null;
  readonly parentNode: DomNode | null;
  readonly parentElement: DomElement | null;
  readonly childNodes: ArrayLike<DomNode> & Iterable<DomNode>;
  readonly firstChild: DomNode | null;
  readonly nextSibling: DomNode | null;
  remove(): void;
}

/** A DOM element as linkedom gives it. */
export interface DomElement extends DomNode {
  readonly localName: string;
  readonly children: ArrayLike<DomElement> & Iterable<DomElement>;
  readonly firstElementChild: DomElement | null;
  readonly nextElementSibling: DomElement | null;
  readonly previousElementSibling: DomElement | null;
  innerHTML: string;
  readonly outerHTML: string;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  hasAttribute(name: string): boolean;
  getAttributeNames(): string[];
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement> & Iterable<DomElement>;
  closest(selectors: string): DomElement | null;
  contains(other: DomNode | null): boolean;
  replaceWith(...nodes: DomNode[]): void;
  appendChild(node: DomNode): DomNode;
  insertBefore(node: DomNode, reference: DomNode | null): DomNode;
}

/** A parsed page as linkedom gives it. */
export interface DomDocument {
  readonly nodeType: number;
  readonly documentElement: DomElement;
  readonly firstElementChild: DomElement | null;
  readonly head: DomElement | null;
  readonly body: DomElement | null;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement> & Iterable<DomElement>;
  createElement(name: string): DomElement;
}

/** Node types that matter here (DOM Living Standard numbering). */
export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;

/** Parses a whole page with linkedom into the shape a browser gives it: one <html> with <head>, then <body>. */
export function parseDocument(html: string): DomDocument {
  const { document } = parseHTML(ensurePageShape(html)) as { document: DomDocument };
  repairPageShape(document);
  return document;
}

// linkedom builds no body (or none at all) for fragments, where a browser would infer one.
function ensurePageShape(html: string): string {
  if (/<body[\s>]/iu.test(html)) return html;
  const htmlAttributes = /<html(\s[^>]*)?>/iu.exec(html)?.[1] ?? '';
  const head = /<head(?:\s[^>]*)?>([\s\S]*?)<\/head>/iu.exec(html);
  let rest = head === null ? html : html.replace(head[0], '');
  rest = rest.replace(/<!doctype[^>]*>/iu, '').replace(/<\/?html(\s[^>]*)?>/giu, '');
  return `<!doctype html><html${htmlAttributes}><head>${head?.[1] ?? ''}</head><body>${rest}</body></html>`;
}

/** Returns the element's text with whitespace collapsed. */
export function readText(node: DomNode): string {
  return (node.textContent ?? '').replace(/\s+/gu, ' ').trim();
}

/** Tells whether a node is an element. */
export function isElement(node: DomNode): node is DomElement {
  return node.nodeType === ELEMENT_NODE;
}

/** Returns how deeply elements nest under `root` (root's children are at depth 1). */
export function measureDepth(root: DomElement): number {
  // Walks sibling and parent links rather than `children`, which builds a list at every element.
  let deepest = 0;
  let depth = 0;
  let element = root;
  for (;;) {
    const child = element.firstElementChild;
    if (child !== null) {
      element = child;
      depth += 1;
      if (depth > deepest) deepest = depth;
      continue;
    }
    // The root's own siblings are not under it.
    let sibling = element === root ? null : element.nextElementSibling;
    while (sibling === null && element !== root) {
      element = element.parentElement as DomElement;
      depth -= 1;
      sibling = element === root ? null : element.nextElementSibling;
    }
    if (sibling === null) return deepest;
    element = sibling;
  }
}

/**
 * Lists the elements under `root` in document order, as `querySelectorAll('*')` would (a template's
 * content is not searched). One walk read by several plain predicates costs far less than one
 * linkedom query per selector: each query walks the whole tree again.
 */
export function listElements(root: DomElement | DomDocument): DomElement[] {
  const found: DomElement[] = [];
  let element = root.firstElementChild;
  while (element !== null) {
    found.push(element);
    element = followElement(element, root);
  }
  return found;
}

// The next element in document order after `element`, staying inside `root`.
function followElement(element: DomElement, root: DomElement | DomDocument): DomElement | null {
  if (!isNamed(element, 'template')) {
    const child = element.firstElementChild;
    if (child !== null) return child;
  }
  for (let current: DomNode | null = element; current !== null && current !== root; current = current.parentNode) {
    const sibling = (current as DomElement).nextElementSibling;
    if (sibling !== null) return sibling;
  }
  return null;
}

/** Tells whether an element has this (lower-case) tag name, whatever the case it was created with. */
export function isNamed(element: DomElement, name: string): boolean {
  return element.localName === name || element.localName.toLowerCase() === name;
}

/** Tells whether an element's tag name is one of these (lower-case) names. */
export function isNamedAny(element: DomElement, names: ReadonlySet<string>): boolean {
  return names.has(element.localName) || names.has(element.localName.toLowerCase());
}

/** Lists the descendants of `elements[at]`, where `elements` comes from `listElements`. */
export function listDescendants(elements: readonly DomElement[], at: number): DomElement[] {
  const root = elements[at]!;
  // A template's content is not in the list (nor searched by queries from outside it).
  if (isNamed(root, 'template')) return listElements(root);
  let end = at + 1;
  while (end < elements.length && root.contains(elements[end]!)) end += 1;
  return elements.slice(at + 1, end);
}

/** Tells whether an element sits inside an element with this (lower-case) tag name. */
export function hasAncestorNamed(element: DomElement, name: string): boolean {
  for (let parent = element.parentElement; parent !== null; parent = parent.parentElement) {
    if (isNamed(parent, name)) return true;
  }
  return false;
}
