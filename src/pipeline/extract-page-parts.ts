// Decoding and extracting one stored page but for its language: what an extraction worker
// (extract-worker.ts) runs. It loads the extractor without eld's language data; the pool chooses
// the language on the main thread (settleLanguage), once per process rather than once per worker.
import type { CleanupRules } from '../domain/types.js';
import { extractArticleParts, type ExtractedParts } from '../extractor/extract-parts.js';
import { decodeText } from '../fetcher/decode-text.js';

/** An article's page as fetched: the final URL after redirects, its content type and its bytes. */
export interface ArticlePage {
  url: string;
  contentType: string;
  body: Uint8Array;
}

/** Decodes a page in the charset it declares or shows, and extracts its article (but its language) under the cleanup rules. */
export function extractPageParts(page: ArticlePage, rules: CleanupRules, knownBoilerplate?: ReadonlySet<string>): ExtractedParts {
  const { text } = decodeText(page.body, page.contentType);
  return extractArticleParts(text, { url: page.url, rules, ...(knownBoilerplate ? { knownBoilerplate } : {}) });
}
