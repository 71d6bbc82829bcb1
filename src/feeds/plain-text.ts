// Feed text fields → plain text. Titles and descriptions in feeds are HTML more often than not
// (RSS says so for descriptions; titles carry escaped markup in practice), so they go through an
// HTML parser: entities decoded, tags dropped, script and style content dropped.
import { DOMParser } from 'linkedom';

// Elements whose text is not part of what a reader sees.
const HIDDEN_ELEMENTS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'OBJECT']);

// Elements that end a run of text: their content must not be glued to the next word.
const BREAKING_ELEMENTS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BR', 'DD', 'DIV', 'DL', 'DT', 'FIGCAPTION',
  'FIGURE', 'FOOTER', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'OL', 'P',
  'PRE', 'SECTION', 'TABLE', 'TD', 'TH', 'TR', 'UL',
]);

interface TextNodeLike {
  nodeType: number;
  nodeName: string;
  nodeValue: string | null;
  childNodes: ArrayLike<TextNodeLike>;
}

function collectText(node: TextNodeLike, out: string[]): void {
  if (node.nodeType === 3) {
    out.push(node.nodeValue ?? '');
    return;
  }
  if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) return;
  if (HIDDEN_ELEMENTS.has(node.nodeName.toUpperCase())) return;
  const breaks = BREAKING_ELEMENTS.has(node.nodeName.toUpperCase());
  if (breaks) out.push(' ');
  for (let i = 0; i < node.childNodes.length; i++) {
    const child = node.childNodes[i];
    if (child) collectText(child, out);
  }
  if (breaks) out.push(' ');
}

/** Collapses runs of whitespace to one space and trims; no-break spaces inside the text are kept. */
export function collapseWhitespace(text: string): string {
  return text.replace(/[ \t\n\r\f\v\u2028\u2029]+/g, ' ').trim();
}

/** Turns an HTML fragment into plain text: entities decoded, markup stripped, whitespace collapsed. */
export function htmlToPlainText(html: string): string {
  if (!/[<&]/.test(html)) return collapseWhitespace(html);
  const document = new DOMParser().parseFromString(`<!doctype html><html><body>${html}</body></html>`, 'text/html');
  const out: string[] = [];
  collectText(document.body as unknown as TextNodeLike, out);
  return collapseWhitespace(out.join(''));
}

/** Shortens plain text to at most `max` characters, cutting at a word boundary and marking the cut. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const boundary = cut.lastIndexOf(' ');
  return `${(boundary > max / 2 ? cut.slice(0, boundary) : cut).trimEnd()}…`;
}
