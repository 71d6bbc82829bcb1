import { parseHTML } from 'linkedom';

// Renders the sanitized article subset (see src/sanitizer) as CommonMark. Unknown elements
// keep their text, so nothing the reader should see is lost.

type Node = { nodeType: number; textContent: string | null; childNodes: ArrayLike<Node> } & Partial<{
  tagName: string;
  getAttribute(name: string): string | null;
}>;

/** Converts a sanitized HTML body to Markdown. */
export function renderMarkdown(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const blocks = renderBlocks(document.body as unknown as Node, '');
  return `${blocks.replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

function renderBlocks(parent: Node, indent: string): string {
  let out = '';
  for (const child of Array.from(parent.childNodes)) out += renderBlock(child, indent);
  return out;
}

function renderBlock(node: Node, indent: string): string {
  if (node.nodeType === 3) return (node.textContent ?? '').trim() ? `${renderInline(node)}\n\n` : '';
  if (node.nodeType !== 1) return '';
  const tag = (node.tagName ?? '').toLowerCase();
  const heading = /^h([1-6])$/.exec(tag);
  if (heading) return `${'#'.repeat(Number(heading[1]))} ${renderInlineChildren(node).trim()}\n\n`;
  if (tag === 'ul' || tag === 'ol') return `${renderList(node, tag === 'ol', indent)}\n`;
  if (tag === 'blockquote') {
    const inner = renderBlocks(node, '').trim();
    return `${inner.split('\n').map((line) => `> ${line}`.trimEnd()).join('\n')}\n\n`;
  }
  if (tag === 'pre') return `\`\`\`\n${node.textContent ?? ''}\n\`\`\`\n\n`;
  if (tag === 'hr') return '---\n\n';
  if (tag === 'figure' || tag === 'div' || tag === 'section' || tag === 'table' || tag === 'tbody' || tag === 'thead' || tag === 'tr') {
    return renderBlocks(node, indent);
  }
  const text = renderInlineChildren(node).trim();
  if (tag === 'figcaption') return text ? `*${text}*\n\n` : '';
  if (tag === 'img') return `${renderInline(node)}\n\n`;
  return text ? `${text}\n\n` : '';
}

function renderList(list: Node, ordered: boolean, indent: string): string {
  let index = 1;
  let out = '';
  for (const item of Array.from(list.childNodes)) {
    if (item.nodeType !== 1) continue;
    const marker = ordered ? `${index++}. ` : '- ';
    const body = renderInlineChildren(item).trim();
    out += `${indent}${marker}${body}\n`;
  }
  return out;
}

function renderInlineChildren(node: Node): string {
  return Array.from(node.childNodes).map(renderInline).join('');
}

function renderInline(node: Node): string {
  if (node.nodeType === 3) return escapeMarkdown((node.textContent ?? '').replace(/\s+/g, ' '));
  if (node.nodeType !== 1) return '';
  const tag = (node.tagName ?? '').toLowerCase();
  const inner = renderInlineChildren(node);
  if (tag === 'a') return `[${inner}](${node.getAttribute?.('href') ?? ''})`;
  if (tag === 'em' || tag === 'i' || tag === 'cite') return `*${inner}*`;
  if (tag === 'strong' || tag === 'b') return `**${inner}**`;
  if (tag === 'code') return `\`${node.textContent ?? ''}\``;
  if (tag === 'br') return '  \n';
  if (tag === 'img') return `![${node.getAttribute?.('alt') ?? ''}](${node.getAttribute?.('src') ?? ''})`;
  if (tag === 'p' || tag === 'ul' || tag === 'ol' || tag === 'blockquote') return renderBlocks(node, '');
  return inner;
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]])/g, '\\$1');
}
