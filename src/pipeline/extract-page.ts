// Decoding and extracting one stored page: what the extract stage runs, on the main thread or in
// a worker of the extraction pool (extract-worker.ts), which loads only this and the extractor.
import type { CleanupRules, ExtractOutcome } from '../domain/types.js';
import { extractArticle } from '../extractor/index.js';
import { decodeText } from '../fetcher/decode-text.js';

/** An article's page as fetched: the final URL after redirects, its content type and its bytes. */
export interface ArticlePage {
  url: string;
  contentType: string;
  body: Uint8Array;
}

/** Decodes a page in the charset it declares or shows, and extracts its article under the cleanup rules. */
export function extractPage(page: ArticlePage, rules: CleanupRules, knownBoilerplate?: ReadonlySet<string>): ExtractOutcome {
  const { text } = decodeText(page.body, page.contentType);
  return extractArticle(text, { url: page.url, rules, ...(knownBoilerplate ? { knownBoilerplate } : {}) });
}
