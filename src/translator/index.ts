// The translate stage: HTML and text in the source language → the target language.

export { translateArticle } from './translate-article.js';
export type { ArticleTranslation, ArticleTranslationStats, TranslateArticleContext } from './translate-article.js';
export { createEngine, findEngineUrl } from './engine.js';
export type { EngineIo, EngineSettings } from './engine.js';
export { createApertiumEngine, toApertiumCode } from './engines/apertium.js';
export type { ApertiumOptions } from './engines/apertium.js';
export { createLibreTranslateEngine, toLibreTranslateCode } from './engines/libretranslate.js';
export type { LibreTranslateOptions } from './engines/libretranslate.js';
export { createDeeplEngine, toDeeplSourceCode, toDeeplTargetCode } from './engines/deepl.js';
export type { DeeplOptions } from './engines/deepl.js';
export { createGoogleEngine, toGoogleCode } from './engines/google.js';
export type { GoogleOptions } from './engines/google.js';
export { createOpenAiEngine } from './engines/openai.js';
export type { OpenAiOptions } from './engines/openai.js';
export type { EnvVars } from './engines/http-engine.js';
export type { RetryPolicy } from './engines/http-retry.js';
export { applyTextTypography, applyTypography } from './typography/index.js';
export type { TypographyOptions } from './typography/index.js';
export { FRENCH_NUMBER_RULES, FRENCH_RULES } from './typography/fr.js';
export type { TypographyRule } from './typography/fr.js';
export { hasTranslatableText, renderSegmentedHtml, renderText, segmentHtml, segmentText } from './segment.js';
export type { SegmentedHtml } from './segment.js';
export {
  canonicalizeTranslation,
  formatForEngine,
  normalizeSegmentText,
  restoreSegment,
} from './placeholders.js';
export type { Placeholder, PlaceholderStyle, RestoredSegment, Segment } from './placeholders.js';
export { findSentenceBoundaries, splitSentences } from './sentences.js';
export { assessTranslation } from './quality.js';
export type { QualityGate, QualityThresholds, QualityVerdict } from './quality.js';
export { compileProtection, findProtectedTerms } from './protection.js';
export type { Protection, ProtectionOptions } from './protection.js';
export { findPersonNames } from './person-names.js';
export { parseEditorText, renderEditorText, type EditorTextOutcome } from './editor-text.js';
