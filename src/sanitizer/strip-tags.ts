import sanitize from 'sanitize-html';

// Block boundaries become spaces so that `<p>a</p><p>b</p>` reads "a b", not "ab".
const BLOCK_TAG = /<(\/?)(p|div|br|hr|li|ul|ol|h[1-6]|tr|td|th|blockquote|figcaption|figure|dt|dd|section|article|header|footer|table|caption|pre)\b/giu;

const ESCAPES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&amp;': '&' };

/** Returns the plain text of an HTML fragment: no markup, entities decoded, whitespace collapsed. */
export function stripTags(html: string): string {
  const escaped = sanitize(html.replace(BLOCK_TAG, ' <$1$2'), {
    allowedTags: [],
    allowedAttributes: {},
    disallowedTagsMode: 'discard',
    nonTextTags: ['script', 'style', 'noscript', 'template', 'textarea', 'option', 'title', 'head', 'svg', 'math'],
  });
  // sanitize-html re-escapes only these four; undo them to get text back.
  return escaped
    .replace(/&(lt|gt|quot|amp);/gu, (entity) => ESCAPES[entity] ?? entity)
    .replace(/\s+/gu, ' ')
    .trim();
}
