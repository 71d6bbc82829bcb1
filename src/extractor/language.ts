import { eld } from 'eld/small';

// Detection needs some text to be trusted; a few hundred characters are plenty for eld.
const MIN_DETECT_CHARS = 200;
const MAX_DETECT_CHARS = 3000;
const OVERRIDE_MIN_CHARS = 1000;

/** Reduces a language tag ("en-US", "pt_BR", "EN") to its primary subtag, or undefined when it is not one. */
export function normalizeLanguage(tag: string | null | undefined): string | undefined {
  if (tag === null || tag === undefined) return undefined;
  const primary = tag.trim().toLowerCase().split(/[-_]/u)[0] ?? '';
  return /^[a-z]{2,3}$/u.test(primary) ? primary : undefined;
}

/** Detects the language of a text with eld; undefined when the text is short or the result unreliable. */
export function detectLanguage(text: string): string | undefined {
  if (text.length < MIN_DETECT_CHARS) return undefined;
  const result = eld.detect(text.slice(0, MAX_DETECT_CHARS));
  return result.language !== '' && result.isReliable() ? normalizeLanguage(result.language) : undefined;
}

/** Chooses the article's language: the first declared one, unless a long text reliably says otherwise. */
export function chooseLanguage(declared: (string | null | undefined)[], text: string): string | undefined {
  const stated = declared.map(normalizeLanguage).find((code) => code !== undefined);
  const detected = detectLanguage(text);
  if (stated === undefined) return detected;
  // Templates often keep lang="en" on other editions; a long text is the better witness.
  if (detected !== undefined && detected !== stated && text.length >= OVERRIDE_MIN_CHARS) return detected;
  return stated;
}

/**
 * Says why a story cannot be translated from `expected` (`source is in de, campaign expects en`),
 * before any engine is asked; undefined when its language is `expected` or unknown. The story's
 * language is the one extraction chose; a reliable detection of `expected` in its text still wins
 * (templates keep one lang attribute across editions).
 */
export function describeLanguageMismatch(story: { language?: string | undefined; text: string }, expected: string): string | undefined {
  const stated = normalizeLanguage(story.language);
  const wanted = normalizeLanguage(expected) ?? expected;
  if (stated === undefined || stated === wanted) return undefined;
  if (detectLanguage(story.text) === wanted) return undefined;
  return `source is in ${stated}, campaign expects ${wanted}`;
}
