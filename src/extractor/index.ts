// The extractor stage: a fetched page in, an article (sanitized body + metadata) or a skip reason out.
export { extractArticle } from './extract-article.js';
export type { ExtractOptions } from './extract-article.js';
export { DEFAULT_BOILERPLATE_THRESHOLDS, fingerprintBlock, selectBoilerplate } from './boilerplate.js';
export type { BlockCount, BoilerplateThresholds } from './boilerplate.js';
