import { parseHTML } from 'linkedom';
import type { LanguageCode } from '../domain/types.js';
import { escapeHtml } from '../util/html-text.js';
import { hasTitleText, isForeignLanguage, relabelLanguage, translatePlaceholderAttributes } from './inline-attributes.js';
import { restoreSegment, splitProtectedText } from './placeholders.js';
import type { Segment, SegmentRange, TextPiece } from './placeholders.js';
import type { Protection } from './protection.js';
import { findSentenceBoundaries } from './sentences.js';
import { serializeChildren, serializeNode } from './serialize-html.js';
import { buildSegments } from './segment-tokens.js';
import type { InlineToken } from './segment-tokens.js';

// HTML body → runs of inline content inside blocks → sentences with placeholders; and back.
// Only the inline runs are replaced on the way back, so the block structure is unchanged.
// An element whose lang names another language than the source's is left as it is.

/** The part of a DOM node this module uses (linkedom implements it). */
export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  readonly childNodes: ArrayLike<DomNode>;
  readonly parentNode: DomNode | null;
  readonly attributes?: ArrayLike<{ name: string; value: string }>;
  innerHTML?: string;
  normalize?(): void;
  getAttribute?(name: string): string | null;
  setAttribute?(name: string, value: string): void;
  insertBefore(node: DomNode, reference: DomNode | null): DomNode;
  removeChild(node: DomNode): DomNode;
}

interface TextRun {
  nodes: DomNode[];
  firstSegment: number;
  segmentCount: number;
  hasLeadingSpace: boolean;
  hasTrailingSpace: boolean;
}

/** An HTML body cut into segments, ready to be put back together with their translations. */
export interface SegmentedHtml {
  /** The body's sentences, each run's preceded by the sentences of its elements' titles. */
  readonly segments: readonly Segment[];
  readonly root: DomNode;
  readonly runs: readonly TextRun[];
  /** The source language. */
  readonly lang: LanguageCode;
  /** Elements whose content is translated and whose lang names the source language. */
  readonly relabelled: readonly DomNode[];
}

/** How translated segments are put back. */
export interface RenderSegmentedOptions {
  /** The target language: a lang that named the source language names it instead. */
  to?: LanguageCode;
  /** Applied to each translated title (the target's typography). */
  formatTitle?: (title: string) => string;
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;
const INLINE_WRAPS = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'data', 'del', 'dfn', 'em', 'i', 'ins', 'mark', 'q', 's',
  'small', 'span', 'strong', 'sub', 'sup', 'time', 'u',
]);
// Never sent: code is code, media and breaks carry no words to translate.
const INLINE_ATOMS = new Set(['code', 'kbd', 'samp', 'var', 'img', 'br', 'wbr', 'picture', 'svg', 'math', 'audio', 'video', 'iframe']);
const SKIPPED_BLOCKS = new Set(['pre', 'script', 'style', 'template', 'textarea', 'noscript']);
const LETTER = /\p{L}/u;

/** Cuts an HTML body into translatable segments (sentences in the source language); `protection` adds campaign terms. */
export function segmentHtml(html: string, lang: LanguageCode, protection?: Protection): SegmentedHtml {
  const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>') as unknown as {
    document: { createElement(tag: string): DomNode };
  };
  const root = document.createElement('div');
  root.innerHTML = html;
  // linkedom cuts text at every character reference ("a?b=1&amp;c=2" is three text nodes):
  // merged, a URL or a placeholder look-alike is found whole and protected.
  root.normalize?.();
  const collected: Collected = { runs: [], segments: [], relabelled: [] };
  collectRuns(root, { lang, protection }, collected);
  return { ...collected, root, lang };
}

/** Puts translated segments (canonical or engine form, one per segment) back into the HTML. */
export function renderSegmentedHtml(
  segmented: SegmentedHtml,
  translations: readonly string[],
  options: RenderSegmentedOptions = {},
): { html: string; repairs: number } {
  const { segments } = segmented;
  if (translations.length !== segments.length) {
    throw new RangeError(`expected ${segments.length} translations, got ${translations.length}`);
  }
  let repairs = 0;
  const titleOf = (range: SegmentRange, source: string): string => {
    const title = renderText(segments.slice(range.first, range.first + range.count), translations.slice(range.first, range.first + range.count));
    repairs += title.repairs;
    // A title the engine emptied of words gets its source text back, as an emptied link does.
    if (!LETTER.test(title.text)) {
      repairs += 1;
      return source;
    }
    return options.formatTitle ? options.formatTitle(title.text) : title.text;
  };
  const pair = options.to === undefined ? undefined : { from: segmented.lang, to: options.to };
  for (const run of segmented.runs) {
    const restored = translations.slice(run.firstSegment, run.firstSegment + run.segmentCount).map((translation, i) => {
      const segment = segments[run.firstSegment + i] as Segment;
      return restoreSegment(translation, { ...segment, placeholders: translatePlaceholderAttributes(segment.placeholders, titleOf, pair) });
    });
    repairs += restored.reduce((sum, r) => sum + r.repairs, 0);
    const inner = joinSentences(restored.map((r) => r.output));
    replaceRun(run, `${run.hasLeadingSpace ? ' ' : ''}${inner}${run.hasTrailingSpace ? ' ' : ''}`);
  }
  if (pair) for (const element of segmented.relabelled) element.setAttribute?.('lang', relabelLanguage(element.getAttribute?.('lang') ?? '', pair));
  return { html: serializeChildren(segmented.root), repairs };
}

// Sentences are joined by one space, except after a line break.
function joinSentences(outputs: readonly string[]): string {
  return outputs.filter((output) => output.length > 0).reduce((joined, output) => {
    if (joined.length === 0) return output;
    return /<br\s*\/?>$/i.test(joined) ? `${joined}${output}` : `${joined} ${output}`;
  }, '');
}

/** Cuts plain text (a title, a summary) into segments; URLs and `protection`'s terms are protected. */
export function segmentText(text: string, lang: LanguageCode, protection?: Protection): Segment[] {
  const tokens = splitProtectedText(text, protection).map(toToken);
  return buildSegments(tokens, (plain) => findSentenceBoundaries(plain, lang));
}

// A protected piece is an atom: it comes back as its output form (the glossary's target, or itself).
function toToken(piece: TextPiece): InlineToken {
  if (!piece.isProtected) return { kind: 'text', text: piece.text };
  const output = piece.output ?? piece.text;
  return { kind: 'atom', html: escapeHtml(output), text: output, plain: '\uFFFC' };
}

/** Joins translated plain-text segments; returns the text and the number of repairs. */
export function renderText(segments: readonly Segment[], translations: readonly string[]): { text: string; repairs: number } {
  const restored = segments.map((segment, i) => restoreSegment(translations[i] ?? segment.text, segment, 'text'));
  return {
    text: restored.map((r) => r.output).filter((output) => output.length > 0).join(' '),
    repairs: restored.reduce((sum, r) => sum + r.repairs, 0),
  };
}

/** Whether a segment has words to translate (not only numbers, punctuation or placeholders). */
export function hasTranslatableText(segment: Segment): boolean {
  return LETTER.test(segment.text.replace(/<\/?x\d+\/?>/g, ''));
}

/** Whether an element with this tag name is inline content (kept inside a sentence). */
export function isInlineTag(tag: string): boolean {
  return INLINE_WRAPS.has(tag) || INLINE_ATOMS.has(tag);
}

interface SegmentOptions {
  lang: LanguageCode;
  protection: Protection | undefined;
}

interface Collected {
  runs: TextRun[];
  segments: Segment[];
  relabelled: DomNode[];
}

function collectRuns(container: DomNode, options: SegmentOptions, collected: Collected): void {
  let pending: DomNode[] = [];
  const flush = (): void => {
    if (pending.length > 0) addRun(pending, options, collected);
    pending = [];
  };
  for (const child of Array.from(container.childNodes)) {
    if (isInlineNode(child)) {
      pending.push(child);
      continue;
    }
    flush();
    if (child.nodeType !== ELEMENT_NODE || SKIPPED_BLOCKS.has(tagOf(child))) continue;
    const lang = child.getAttribute?.('lang');
    if (isForeignLanguage(lang, options.lang)) continue;
    if (lang) collected.relabelled.push(child);
    collectRuns(child, options, collected);
  }
  flush();
}

// The titles of a run's elements go just before its sentences: their places are known when
// the elements are read, and the run's sentences stay one range.
function addRun(nodes: DomNode[], options: SegmentOptions, collected: Collected): void {
  const { segments } = collected;
  const text = nodes.map((node) => node.textContent ?? '').join('');
  if (!LETTER.test(text)) return;
  const context: TokenizeContext = { ...options, titles: [], firstTitle: segments.length };
  const tokens: InlineToken[] = [];
  for (const node of nodes) tokenizeNode(node, tokens, context);
  segments.push(...context.titles);
  const runSegments = buildSegments(tokens, (plain) => findSentenceBoundaries(plain, options.lang));
  collected.runs.push({
    nodes,
    firstSegment: segments.length,
    segmentCount: runSegments.length,
    hasLeadingSpace: nodes[0]?.nodeType === TEXT_NODE && /^\s/u.test(nodes[0].textContent ?? ''),
    hasTrailingSpace: nodes.at(-1)?.nodeType === TEXT_NODE && /\s$/u.test(nodes.at(-1)?.textContent ?? ''),
  });
  segments.push(...runSegments);
}

interface TokenizeContext extends SegmentOptions {
  /** Segments of the titles met so far in this run; the first goes at index `firstTitle`. */
  titles: Segment[];
  firstTitle: number;
}

function tokenizeNode(node: DomNode, tokens: InlineToken[], context: TokenizeContext): void {
  if (node.nodeType === TEXT_NODE) {
    tokens.push(...splitProtectedText(node.textContent ?? '', context.protection).map(toToken));
    return;
  }
  if (node.nodeType !== ELEMENT_NODE) return; // comments and the like are not content
  const tag = tagOf(node);
  const text = node.textContent ?? '';
  if (INLINE_ATOMS.has(tag) || !LETTER.test(text) || isWholeUrl(text) || isForeignLanguage(node.getAttribute?.('lang'), context.lang)) {
    tokens.push({ kind: 'atom', html: serializeNode(node), text, plain: tag === 'br' ? '\n' : '\uFFFC' });
    return;
  }
  const element = {
    tag,
    attributes: Array.from(node.attributes ?? []).map((a) => [a.name, a.value] as const),
    sourceText: text.replace(/\s+/gu, ' ').trim(),
    titleSegments: addTitle(node.getAttribute?.('title') ?? undefined, context),
  };
  tokens.push({ kind: 'open', element });
  for (const child of Array.from(node.childNodes)) tokenizeNode(child, tokens, context);
  tokens.push({ kind: 'close', element });
}

// A title is read as a reader reads it: plain text, protected terms kept.
function addTitle(title: string | undefined, context: TokenizeContext): SegmentRange | undefined {
  if (!hasTitleText(title)) return undefined;
  const segments = segmentText(title, context.lang, context.protection);
  const range = { first: context.firstTitle + context.titles.length, count: segments.length };
  context.titles.push(...segments);
  return range;
}

function isInlineNode(node: DomNode): boolean {
  if (node.nodeType !== ELEMENT_NODE) return true;
  const tag = tagOf(node);
  if (INLINE_ATOMS.has(tag)) return true;
  return INLINE_WRAPS.has(tag) && Array.from(node.childNodes).every(isInlineNode);
}

function isWholeUrl(text: string): boolean {
  const pieces = splitProtectedText(text.trim());
  return pieces.length === 1 && pieces[0]?.isProtected === true;
}

function tagOf(node: DomNode): string {
  return node.nodeName.toLowerCase();
}

function replaceRun(run: TextRun, html: string): void {
  const first = run.nodes[0];
  const parent = first?.parentNode;
  if (!first || !parent) return;
  const holder = (parent as unknown as { ownerDocument: { createElement(tag: string): DomNode } }).ownerDocument.createElement('div');
  holder.innerHTML = html;
  for (const child of Array.from(holder.childNodes)) parent.insertBefore(child, first);
  for (const node of run.nodes) parent.removeChild(node);
}
