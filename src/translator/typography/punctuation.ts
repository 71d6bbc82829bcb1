import { applyRule } from './fr.js';
import type { TypographyRule } from './fr.js';
import { ARABIC_RULES } from './ar.js';
import { GERMAN_RULES } from './de.js';
import { SPANISH_RULES } from './es.js';
import { ITALIAN_RULES } from './it.js';
import { PORTUGUESE_RULES } from './pt.js';

// Targets whose typography is the engine's own punctuation, tidied only where every guide of
// that language agrees (one space between words, none before a closing mark); their own
// marks (¿ ¡, „ “, « » without spaces, ، ؟) are never rewritten.

/** Rule tables of the targets that keep their punctuation, by primary language subtag. */
export const PUNCTUATION_KEEPING_RULES: Readonly<Record<string, readonly TypographyRule[]>> = {
  ar: ARABIC_RULES,
  de: GERMAN_RULES,
  es: SPANISH_RULES,
  it: ITALIAN_RULES,
  pt: PORTUGUESE_RULES,
};

/** Applies a rule table to one piece of text; `before` is the text that precedes it. */
export function applyRulesTable(text: string, before: string, rules: readonly TypographyRule[]): string {
  const prefix = before.slice(-1);
  let result = prefix + text;
  for (const rule of rules) result = applyRule(result, rule);
  return prefix.length > 0 && result.startsWith(prefix) ? result.slice(prefix.length) : result;
}
