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
const TEXT_NODE = 3;
const COMMENT_NODE = 8;
const DOCUMENT_TYPE_NODE = 10;

// What the "in head" insertion mode keeps in <head> when it appears before <body>.
const HEAD_CONTENT = new Set(['base', 'basefont', 'bgsound', 'link', 'meta', 'noframes', 'noscript', 'script', 'style', 'template', 'title']);

/** Moves a parsed page's nodes into one `<html>` with a `<head>` followed by a `<body>`, as a browser would have parsed it. */
export function repairPageShape(document: DomDocument): void {
  const page = document as ShapedDocument;
  const { head, body } = findPageParts(page) ?? gatherPageParts(page);
  if (head !== null) moveBodyContentOutOfHead(head, body);
}

interface PageParts {
  head: DomElement | null;
  body: DomElement;
}

// The shape linkedom's `head` and `body` getters rely on: <html> alone, <head> first, <body> next.
function findPageParts(document: ShapedDocument): PageParts | undefined {
  const html = document.firstElementChild;
  if (html === null || !isElementNamed(html, 'html') || html.nextElementSibling !== null) return undefined;
  const first = html.firstElementChild;
  if (first === null) return undefined;
  const head = isElementNamed(first, 'head') ? first : null;
  const body = head === null ? first : head.nextElementSibling;
  if (body === null || !isElementNamed(body, 'body') || body.nextElementSibling !== null) return undefined;
  return { head, body };
}

function gatherPageParts(page: ShapedDocument): PageParts {
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
  return { head, body };
}

// A <head> left open (its </head> and <body> lost) holds the page: a browser ends the head at the
// first thing that is not head content, and that and all after it start the body.
function moveBodyContentOutOfHead(head: DomElement, body: DomElement): void {
  let node = head.firstChild;
  while (node !== null && isHeadNode(node)) node = node.nextSibling;
  const bodyStart = body.firstChild;
  while (node !== null) {
    const next: DomNode | null = node.nextSibling;
    body.insertBefore(node, bodyStart);
    node = next;
  }
}

function isHeadNode(node: DomNode): boolean {
  if (node.nodeType === TEXT_NODE) return (node.textContent ?? '').trim() === '';
  return node.nodeType === COMMENT_NODE || isElementNamedAny(node, HEAD_CONTENT);
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
