import type { PageSignals } from './page-kind.js';
import { countWords } from './text-blocks.js';
import { escapeHtml } from '../util/html-text.js';

// Some pages render their story with JavaScript and carry it in the HTML only as the JSON-LD
// `articleBody` that they give search engines; on those Readability finds a teaser or nothing.
// The declared body stands in when it is a real story and clearly longer than what was found.
const MIN_DECLARED_WORDS = 80;
const MAX_FOUND_SHARE = 0.5;
const HTML_BLOCK = /<\/?(p|br|div|h[2-6]|ul|ol|li|blockquote)\b/iu;

/**
 * Returns the page's JSON-LD articleBody as HTML when it should replace the body found in the
 * markup: it has 80 words or more, the page does not declare a paywall (relais never republishes
 * what a publisher shows only to search engines), and the markup gave less than half its words.
 */
export function chooseDeclaredBody(articleBody: string, signals: PageSignals, foundWords: number): string | undefined {
  if (signals.isPaywalled) return undefined;
  const declaredWords = countWords(articleBody);
  if (declaredWords < MIN_DECLARED_WORDS || foundWords >= MAX_FOUND_SHARE * declaredWords) return undefined;
  return renderDeclaredBody(articleBody);
}

/** Turns an articleBody into HTML: markup as it is (it is sanitized later), plain text one paragraph per line. */
export function renderDeclaredBody(articleBody: string): string {
  if (HTML_BLOCK.test(articleBody)) return articleBody;
  return articleBody
    .split(/\r?\n+/u)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('\n');
}
