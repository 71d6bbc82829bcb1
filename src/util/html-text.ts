// HTML ↔ plain text. The one way relais reads the words of markup: feed titles and summaries,
// excerpts, the text quality gates and name finding look at. Parsed as a browser parses it, so
// every entity is decoded and script or style content never counts as text. And the one way it
// writes text into markup (escapeHtml).
import { DOMParser } from 'linkedom';

/** How `htmlToPlainText` lays the text out. */
export interface PlainTextOptions {
  /** One line per block (paragraph, heading, list item, cell, line break); default: one line. */
  lines?: boolean;
  /** Leaves out `pre` and `code` content (text that is never translated). */
  skipCode?: boolean;
}

// Elements whose text is not part of what a reader sees.
const HIDDEN_ELEMENTS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'OBJECT', 'TEXTAREA', 'SELECT', 'SVG', 'MATH', 'HEAD', 'TITLE']);
const CODE_ELEMENTS = new Set(['PRE', 'CODE']);

// Elements that end a run of text: their content must not be glued to the next word.
const BREAKING_ELEMENTS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BR', 'CAPTION', 'DD', 'DIV', 'DL', 'DT', 'FIGCAPTION',
  'FIGURE', 'FOOTER', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'OL', 'P',
  'PRE', 'SECTION', 'TABLE', 'TD', 'TH', 'TR', 'UL',
]);

interface TextNodeLike {
  nodeType: number;
  nodeName: string;
  nodeValue: string | null;
  childNodes: ArrayLike<TextNodeLike>;
}

function collectText(node: TextNodeLike, out: string[], skip: ReadonlySet<string>): void {
  if (node.nodeType === 3) {
    out.push(node.nodeValue ?? '');
    return;
  }
  if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) return;
  const name = node.nodeName.toUpperCase();
  if (HIDDEN_ELEMENTS.has(name) || skip.has(name)) return;
  const breaks = BREAKING_ELEMENTS.has(name);
  if (breaks) out.push('\n');
  for (let i = 0; i < node.childNodes.length; i++) {
    const child = node.childNodes[i];
    if (child) collectText(child, out, skip);
  }
  if (breaks) out.push('\n');
}

/** Collapses runs of whitespace to one space and trims; no-break spaces inside the text are kept. */
export function collapseWhitespace(text: string): string {
  return text.replace(/[ \t\n\r\f\v\u2028\u2029]+/g, ' ').trim();
}

/** Turns an HTML fragment into plain text: entities decoded, markup stripped, whitespace collapsed. */
export function htmlToPlainText(html: string, options: PlainTextOptions = {}): string {
  if (!/[<&]/.test(html)) return options.lines ? joinLines(html.split('\n')) : collapseWhitespace(html);
  const document = new DOMParser().parseFromString(`<!doctype html><html><body>${html}</body></html>`, 'text/html');
  const out: string[] = [];
  collectText(document.body as unknown as TextNodeLike, out, options.skipCode ? CODE_ELEMENTS : new Set());
  const text = out.join('');
  return options.lines ? joinLines(text.split('\n')) : collapseWhitespace(text);
}

function joinLines(lines: readonly string[]): string {
  return lines.map(collapseWhitespace).filter((line) => line !== '').join('\n');
}

/** Shortens plain text to at most `max` characters, cutting at a word boundary and marking the cut. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const boundary = cut.lastIndexOf(' ');
  return `${(boundary > max / 2 ? cut.slice(0, boundary) : cut).trimEnd()}…`;
}

/** Escapes text for an HTML text node or a double-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
