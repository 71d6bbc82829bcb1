import type { CampaignConfig } from '../config/index.js';
import type { LanguagePair } from '../domain/types.js';

/** A campaign's `from` that takes each story in the language it is written in. */
export const AUTO_SOURCE = 'auto';

/** Whether the translate stage translates a story (and from what), skips it, or fails it, judged by its language alone. */
export type SourceLanguageDecision =
  | { kind: 'translate'; pair: LanguagePair }
  | { kind: 'skip'; reason: string }
  | { kind: 'fail'; reason: string };

/**
 * Decides from the story's language (as extraction found it) and the campaign's `from` and `to`,
 * before any engine is asked: a story in another language than a fixed `from` is skipped, and
 * under `from: auto` its own language is the source, unless it is already the target or unknown.
 */
export function decideSourceLanguage(campaign: Pick<CampaignConfig, 'from' | 'to'>, language: string | undefined): SourceLanguageDecision {
  const { from, to } = campaign;
  if (from !== AUTO_SOURCE) {
    // A story whose language could not be told is taken to be in the campaign's language, as before.
    if (language === undefined || language === primaryOf(from)) return { kind: 'translate', pair: { from, to } };
    return { kind: 'skip', reason: `source is in ${language}, campaign expects ${from}` };
  }
  if (language === undefined) {
    return {
      kind: 'fail',
      reason: `the story's language could not be determined (the page declares none and its text is too short to detect one); set the campaign's "from" to translate such stories`,
    };
  }
  if (language === primaryOf(to)) return { kind: 'skip', reason: `source is already in ${to}` };
  return { kind: 'translate', pair: { from: language, to } };
}

// "en-GB" is English: the article's language is kept as a primary subtag.
function primaryOf(code: string): string {
  return code.toLowerCase().split('-')[0] ?? code;
}
