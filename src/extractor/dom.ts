import { parseHTML } from 'linkedom';

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
  readonly documentElement: DomElement;
  readonly head: DomElement | null;
  readonly body: DomElement | null;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement> & Iterable<DomElement>;
  createElement(name: string): DomElement;
}

/** Node types that matter here (DOM Living Standard numbering). */
export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;

/** Parses a whole page with linkedom; a page without <html>/<body> is given them first. */
export function parseDocument(html: string): DomDocument {
  const { document } = parseHTML(ensurePageShape(html)) as { document: DomDocument };
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
  let deepest = 0;
  const stack: [DomElement, number][] = [[root, 0]];
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const [element, depth] = entry;
    if (depth > deepest) deepest = depth;
    for (const child of element.children) stack.push([child, depth + 1]);
  }
  return deepest;
}
