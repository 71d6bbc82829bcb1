import { parseHTML } from 'linkedom';
import type { LanguageCode } from '../../domain/types.js';
import { splitProtectedText } from '../placeholders.js';
import { isInlineTag } from '../segment.js';
import { serializeChildren } from '../serialize-html.js';
import type { DomNode } from '../segment.js';
import { applyFrenchRules } from './fr.js';
import { applyRulesTable, PUNCTUATION_KEEPING_RULES } from './punctuation.js';

/** What the typography pass knows about the text. */
export interface TypographyOptions {
  /** The source language (French rewrites English number forms only from English). */
  from?: LanguageCode;
}

/** Rewrites one piece of text; `before` is the text that precedes it in the same block. */
type TextRules = (text: string, before: string, options: TypographyOptions) => string;

// Languages without an entry keep their text as the engine gave it.
const RULES_BY_LANGUAGE: Readonly<Record<string, TextRules>> = {
  fr: applyFrenchRules,
  ...Object.fromEntries(
    Object.entries(PUNCTUATION_KEEPING_RULES).map(([lang, table]) => [lang, (text: string, before: string) => applyRulesTable(text, before, table)]),
  ),
};

// Code and preformatted text are never retouched.
const UNTOUCHED = new Set(['code', 'kbd', 'samp', 'var', 'pre', 'script', 'style', 'textarea']);

/** Applies the target language's typography to plain text (a title, a summary). */
export function applyTextTypography(text: string, lang: LanguageCode, options: TypographyOptions = {}): string {
  const rules = findRules(lang);
  return rules ? applyOutsideUrls(text, '', (piece, before) => rules(piece, before, options)) : text;
}

/** Applies the target language's typography to the text nodes of an HTML fragment. */
export function applyTypography(html: string, lang: LanguageCode, options: TypographyOptions = {}): string {
  const found = findRules(lang);
  if (!found) return html;
  const rules = (piece: string, before: string): string => found(piece, before, options);
  const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>') as unknown as {
    document: { createElement(tag: string): DomNode };
  };
  const root = document.createElement('div');
  root.innerHTML = html;
  rewriteTextNodes(root, rules, { before: '' });
  return serializeChildren(root);
}

function findRules(lang: LanguageCode): TextRules | undefined {
  return RULES_BY_LANGUAGE[lang.toLowerCase().split(/[-_]/)[0] ?? lang];
}

function rewriteTextNodes(node: DomNode, rules: PieceRules, context: { before: string }): void {
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === 3) {
      const text = child.textContent ?? '';
      child.textContent = applyOutsideUrls(text, context.before, rules);
      context.before = text.length > 0 ? (child.textContent ?? '') : context.before;
      continue;
    }
    if (child.nodeType !== 1) continue;
    const tag = child.nodeName.toLowerCase();
    if (UNTOUCHED.has(tag)) {
      context.before = 'x'; // code reads as a word: a following "?" still gets its space
      continue;
    }
    // Quotes and spacing never carry across a block boundary.
    if (!isInlineTag(tag)) context.before = '';
    rewriteTextNodes(child, rules, context);
    if (!isInlineTag(tag)) context.before = '';
  }
}

type PieceRules = (text: string, before: string) => string;

function applyOutsideUrls(text: string, before: string, rules: PieceRules): string {
  let previous = before;
  let result = '';
  for (const piece of splitProtectedText(text)) {
    result += piece.isProtected ? piece.text : rules(piece.text, previous);
    previous = result.length > 0 ? result : previous;
  }
  return result;
}
