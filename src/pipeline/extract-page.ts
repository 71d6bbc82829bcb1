// Decoding and extracting one stored page in one thread, language included: what `relais
// translate URL` runs. The extract stage runs the same in the extraction pool (extract-pool.ts).
import type { CleanupRules, ExtractOutcome } from '../domain/types.js';
import { settleLanguage } from '../extractor/language.js';
import { extractPageParts, type ArticlePage } from './extract-page-parts.js';

export type { ArticlePage } from './extract-page-parts.js';

/** Decodes a page in the charset it declares or shows, and extracts its article under the cleanup rules. */
export function extractPage(page: ArticlePage, rules: CleanupRules, knownBoilerplate?: ReadonlySet<string>): ExtractOutcome {
  return settleLanguage(extractPageParts(page, rules, knownBoilerplate));
}
