// Markup that never holds article text, removed from the page's source before it is parsed:
// scripts and styles are half of a news page's bytes, and every node linkedom builds costs time.
// One left-to-right scan, as the HTML tokenizer reads: a "<!--" inside a script is script, and a
// "<script" inside a comment is comment. JSON-LD scripts stay: metadata and page kind read them.
const INERT_MARKUP = /<!--[\s\S]*?-->|<script\b([^>]*)>[\s\S]*?<\/script\s*>|<style\b[^>]*>[\s\S]*?<\/style\s*>|<svg\b[^>]*>[\s\S]*?<\/svg\s*>/giu;
const JSON_LD_TYPE = /\btype\s*=\s*["']?application\/ld\+json/iu;

/** Removes comments, scripts (except JSON-LD), styles and inline SVG from a page's source. */
export function pruneInertMarkup(html: string): string {
  return html.replace(INERT_MARKUP, (match, scriptAttributes: string | undefined) =>
    scriptAttributes !== undefined && JSON_LD_TYPE.test(scriptAttributes) ? match : '',
  );
}
