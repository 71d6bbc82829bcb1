import type { ExtractOutcome } from '../domain/types.js';
import { extractArticleParts, type ExtractOptions } from './extract-parts.js';
import { settleLanguage } from './language.js';

export type { ExtractOptions } from './extract-parts.js';

/** Extracts the article of a page as sanitized HTML plus metadata, or says why the page is not an article. */
export function extractArticle(html: string, options: ExtractOptions): ExtractOutcome {
  return settleLanguage(extractArticleParts(html, options));
}
