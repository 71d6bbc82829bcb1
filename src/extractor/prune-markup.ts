// Markup that never holds article text, removed from the page's source before it is parsed:
// scripts and styles are half of a news page's bytes, navigation menus a fifth of its elements,
// and every node linkedom builds costs time. One left-to-right scan, as the HTML tokenizer reads:
// a "<!--" inside a script is script, and a "<script" inside a comment is comment. JSON-LD scripts
// stay: metadata and page kind read them. A <nav> nested in another leaves the outer one's tail,
// which the extractor then treats as any other page furniture.
const INERT_MARKUP =
  /<!--[\s\S]*?-->|<script\b([^>]*)>[\s\S]*?<\/script\s*>|<style\b[^>]*>[\s\S]*?<\/style\s*>|<svg\b[^>]*>[\s\S]*?<\/svg\s*>|<nav(?=[\s/>])[^>]*>[\s\S]*?<\/nav\s*>|<select(?=[\s/>])[^>]*>[\s\S]*?<\/select\s*>/giu;
const JSON_LD_TYPE = /\btype\s*=\s*["']?application\/ld\+json/iu;

/** Removes comments, scripts (except JSON-LD), styles, inline SVG, navigation menus and drop-down lists from a page's source. */
export function pruneInertMarkup(html: string): string {
  return html.replace(INERT_MARKUP, (match, scriptAttributes: string | undefined) =>
    scriptAttributes !== undefined && JSON_LD_TYPE.test(scriptAttributes) ? match : '',
  );
}
