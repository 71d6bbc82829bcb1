// Serializes a linkedom tree. linkedom's own innerHTML leaves `&` unescaped in attribute
// values, so `href="?a=1&amp;lt=2"` would come back as `&lt=2` and change meaning on reparse.

/** The part of a DOM node serializing needs. */
export interface SerializableNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  readonly childNodes: ArrayLike<SerializableNode>;
  readonly attributes?: ArrayLike<{ name: string; value: string }>;
}

const VOID_ELEMENTS = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr',
]);
// Their text is not parsed as markup, so it is written as is.
const RAW_TEXT_ELEMENTS = new Set(['script', 'style']);

/** Serializes a node's children as HTML (the HTML spec's fragment serialization). */
export function serializeChildren(node: SerializableNode): string {
  const isRaw = RAW_TEXT_ELEMENTS.has(node.nodeName.toLowerCase());
  return Array.from(node.childNodes)
    .map((child) => (isRaw && child.nodeType === 3 ? (child.textContent ?? '') : serializeNode(child)))
    .join('');
}

/** Serializes one node as HTML; comments and other non-content nodes give nothing. */
export function serializeNode(node: SerializableNode): string {
  if (node.nodeType === 3) return escapeText(node.textContent ?? '');
  if (node.nodeType !== 1) return '';
  const tag = node.nodeName.toLowerCase();
  const attributes = Array.from(node.attributes ?? [])
    .map(({ name, value }) => ` ${name}="${escapeAttribute(value)}"`)
    .join('');
  if (VOID_ELEMENTS.has(tag)) return `<${tag}${attributes}>`;
  return `<${tag}${attributes}>${serializeChildren(node)}</${tag}>`;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\u00A0/g, '&nbsp;');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/\u00A0/g, '&nbsp;');
}
