import type { DomDocument, DomElement, DomNode } from './dom.js';

// A browser's parser always builds one <html> holding <head>, then <body>, and puts whatever a page
// has outside them into one or the other (HTML Living Standard, "tree construction"). linkedom's
// parser builds the tree as written: a <meta> before <html> becomes the document element, content
// after </body> or </html> stays beside them, two concatenated pages give two <html>. Readability
// climbs from a candidate to <body> and fails when there is none above it, linkedom's
// `document.body` makes a new empty <body> when <body> does not follow <head>, and every walk from
// the document element misses or overruns the rest; so the page is given a browser's shape first.

/** The parts of a linkedom document that moving its top-level nodes needs. */
interface ShapedDocument extends DomDocument {
  readonly childNodes: ArrayLike<DomNode> & Iterable<DomNode>;
  insertBefore(node: DomNode, reference: DomNode | null): DomNode;
}

const ELEMENT_NODE = 1;
const DOCUMENT_TYPE_NODE = 10;

// What the "in head" insertion mode keeps in <head> when it appears before <body>.
const HEAD_CONTENT = new Set(['base', 'basefont', 'bgsound', 'link', 'meta', 'noframes', 'noscript', 'script', 'style', 'template', 'title']);

/** Moves a parsed page's nodes into one `<html>` with a `<head>` followed by a `<body>`, as a browser would have parsed it. */
export function repairPageShape(document: DomDocument): void {
  const page = document as ShapedDocument;
  if (hasPageShape(page)) return;
  const topLevel = Array.from(page.childNodes).filter((node) => node.nodeType !== DOCUMENT_TYPE_NODE);
  const html = topLevel.find((node) => isElementNamed(node, 'html')) ?? page.createElement('html');
  const nodes = topLevel.flatMap((node) => (node === html ? Array.from(html.childNodes) : [node]));
  if (html.parentNode === null) page.insertBefore(html, topLevel[0] ?? null);
  const head = nodes.find((node) => isElementNamed(node, 'head')) ?? page.createElement('head');
  const body = nodes.find((node) => isElementNamed(node, 'body')) ?? page.createElement('body');
  const place = placeInto(head, body);
  let where: Where = 'before-head';
  for (const node of nodes) {
    if (node === head) where = 'before-body';
    else if (node === body) where = 'after-body';
    else place(node, where);
  }
  html.appendChild(head);
  html.appendChild(body);
}

// The shape linkedom's `head` and `body` getters rely on: <html> alone, <head> first, <body> next.
function hasPageShape(document: ShapedDocument): boolean {
  const html = document.firstElementChild;
  if (html === null || !isElementNamed(html, 'html') || html.nextElementSibling !== null) return false;
  const first = html.firstElementChild;
  if (first === null) return false;
  const body = isElementNamed(first, 'head') ? first.nextElementSibling : first;
  return body !== null && isElementNamed(body, 'body') && body.nextElementSibling === null;
}

type Where = 'before-head' | 'before-body' | 'after-body';

// Head content before <body> goes to <head> (ahead of what <head> holds when it comes before it);
// anything else before <body> goes to the start of <body>, in order, and anything after it to the
// end. A second <html>, <head> or <body> gives up its children.
function placeInto(head: DomElement, body: DomElement): (node: DomNode, where: Where) => void {
  const headStart = head.firstChild;
  const bodyStart = body.firstChild;
  const place = (node: DomNode, where: Where): void => {
    if (isElementNamedAny(node, WRAPPERS)) {
      for (const child of Array.from(node.childNodes)) place(child, where);
      node.remove();
    } else if (where === 'after-body') {
      body.appendChild(node);
    } else if (!isElementNamedAny(node, HEAD_CONTENT)) {
      body.insertBefore(node, bodyStart);
    } else {
      head.insertBefore(node, where === 'before-head' ? headStart : null);
    }
  };
  return place;
}

const WRAPPERS = new Set(['html', 'head', 'body']);

// dom.ts parses through this module, so these do not import its predicates.
function isElementNamedAny(node: DomNode, names: ReadonlySet<string>): node is DomElement {
  return node.nodeType === ELEMENT_NODE && names.has((node as DomElement).localName.toLowerCase());
}

function isElementNamed(node: DomNode, name: string): node is DomElement {
  return node.nodeType === ELEMENT_NODE && (node as DomElement).localName.toLowerCase() === name;
}
