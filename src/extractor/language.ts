import { eld } from 'eld/small';
import type { ExtractOutcome } from '../domain/types.js';
import type { ExtractedParts } from './extract-parts.js';

// eld is trusted from about a hundred letters on (a hundred Chinese characters are a paragraph);
// below that, or when it calls its own result unreliable, the page's declared language stands.
const MIN_DETECT_LETTERS = 100;
const MAX_DETECT_CHARS = 3000;
// When the declared language scores this close to eld's first choice, the page is taken at its
// word: related languages (es/pt/ca, no/da/sv, hr/sr/bs) score close on short or mixed texts.
const DECLARED_SCORE_RATIO = 0.9;

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** Reduces a language tag ("en-US", "pt_BR", "EN") to its primary subtag, or undefined when it is not a known language. */
export function normalizeLanguage(tag: string | null | undefined): string | undefined {
  if (tag === null || tag === undefined) return undefined;
  const primary = tag.trim().toLowerCase().split(/[-_]/u)[0] ?? '';
  // A charset or a placeholder in a lang attribute ("utf-8", "xxx") is no language.
  return /^[a-z]{2,3}$/u.test(primary) && languageNames.of(primary) !== undefined ? primary : undefined;
}

/** What eld says about a text: its first choice and every candidate's score, or undefined when it cannot say reliably. */
interface Detection {
  language: string;
  scores: Record<string, number>;
}

function detect(text: string): Detection | undefined {
  const sample = text.slice(0, MAX_DETECT_CHARS);
  if ((sample.match(/\p{L}/gu) ?? []).length < MIN_DETECT_LETTERS) return undefined;
  const result = eld.detect(sample);
  const language = normalizeLanguage(result.language);
  return language !== undefined && result.isReliable() ? { language, scores: result.getScores() } : undefined;
}

/**
 * Chooses the article's language from the languages the page declares (html lang, og:locale,
 * Content-Language, JSON-LD inLanguage: the first usable one) and its text: a reliable detection
 * decides, unless the declared language scores close to it; without one the declared language stands.
 */
export function chooseLanguage(declared: (string | null | undefined)[], text: string): string | undefined {
  const stated = declared.map(normalizeLanguage).find((code) => code !== undefined);
  const detected = detect(text);
  if (detected === undefined) return stated;
  if (stated === undefined || stated === detected.language) return detected.language;
  // Templates often keep lang="en" on other editions: the text is the better witness, unless it hesitates.
  const top = detected.scores[detected.language] ?? 0;
  return (detected.scores[stated] ?? 0) >= top * DECLARED_SCORE_RATIO ? stated : detected.language;
}

/** Completes what extraction made of a page with the article's language (chooseLanguage on its declared languages and its text). */
export function settleLanguage(parts: ExtractedParts): ExtractOutcome {
  if (parts.kind !== 'article') return parts;
  const { declaredLanguages, article, blockFingerprints } = parts;
  const language = chooseLanguage(declaredLanguages, article.text);
  return { kind: 'article', article: language === undefined ? article : { ...article, language }, blockFingerprints };
}
