// Segments reach engines as text with `<xN>` placeholder tags; services that read HTML
// (`format: html`, `tag_handling=html`) must get the rest escaped, or "a < b" and "AT&T"
// are read as markup, and they answer with entities (Google writes ' as &#39;).

const PLACEHOLDER_TAG = /(<\/?x\d+\/?>)/;

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00A0',
};

/** Escapes a segment's text for an HTML-reading service, leaving its placeholder tags as tags. */
export function encodeSegmentAsHtml(segment: string): string {
  return segment
    .split(PLACEHOLDER_TAG)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('');
}

/** Turns an HTML-reading service's answer back into segment text: entities decoded, tags kept. */
export function decodeHtmlSegment(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name.startsWith('#')) {
      const isHex = name[1] === 'x' || name[1] === 'X';
      const code = Number.parseInt(name.slice(isHex ? 2 : 1), isHex ? 16 : 10);
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
  });
}
