// The translate stage: HTML and text in the source language → the target language.

export { translateArticle } from './translate-article.js';
export type { ArticleTranslation, ArticleTranslationStats, TranslateArticleContext } from './translate-article.js';
export { createEngine } from './engine.js';
export type { EngineSettings, TranslationEngineId } from './engine.js';
export { createApertiumEngine, toApertiumCode } from './engines/apertium.js';
export type { ApertiumOptions } from './engines/apertium.js';
export { applyTextTypography, applyTypography } from './typography/index.js';
export { FRENCH_RULES } from './typography/fr.js';
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
