import sanitize from 'sanitize-html';
import type { IOptions, Attributes, IFrame } from 'sanitize-html';
import { buildLinkRel, isLanguageTag } from './attributes.js';
import { IMAGE_SCHEMES, LINK_SCHEMES, resolveAllowedUrl, resolveSrcset } from './urls.js';

/** How to sanitize one body: `baseUrl` resolves relative links and images. */
export interface SanitizeOptions {
  baseUrl?: string;
}

// The allow-list for article bodies: text structure, quotes, figures, tables. Nothing that runs,
// loads other documents, or styles the page survives (DESIGN: "the body leaves as sanitized HTML").
const ALLOWED_TAGS = [
  'p', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'figure', 'figcaption', 'img',
  'a', 'em', 'strong', 'i', 'b', 'q', 'cite', 'code', 'pre', 'abbr', 'sub', 'sup', 'span', 'br',
  'hr', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'dl', 'dt', 'dd',
];

// Inline elements that hold words: a title there is advisory text a reader sees (translated
// with the body).
const TITLED_INLINE = ['em', 'strong', 'i', 'b', 'q', 'cite', 'abbr', 'sub', 'sup', 'span'];

const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  // The language of an element's words (HTML §3.2.6.2) makes sense on any element.
  '*': ['lang'],
  ...Object.fromEntries(TITLED_INLINE.map((tag) => [tag, ['title']])),
  a: ['href', 'hreflang', 'title', 'rel'],
  img: ['src', 'srcset', 'alt', 'width', 'height'],
  ol: ['start'],
  th: ['colspan', 'rowspan'],
  td: ['colspan', 'rowspan'],
};

// Elements dropped together with everything inside them: their content is code, a plug-in,
// a foreign document or a control, never article text.
const DROPPED_WITH_CONTENT = [
  'script', 'style', 'noscript', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed',
  'applet', 'svg', 'math', 'form', 'textarea', 'select', 'option', 'button', 'canvas', 'video',
  'audio', 'noembed', 'noframes', 'xmp', 'plaintext', 'title', 'head', 'map', 'dialog',
];

const DIMENSION = /^\d{1,5}$/u;

/** Cleans an article body down to the allow-list, with absolute http(s) URLs only. */
export function sanitizeHtml(html: string, options: SanitizeOptions = {}): string {
  return sanitize(html, buildSanitizeOptions(options.baseUrl));
}

function buildSanitizeOptions(baseUrl: string | undefined): IOptions {
  return {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: ALLOWED_ATTRIBUTES,
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    allowProtocolRelative: false,
    allowedStyles: {},
    disallowedTagsMode: 'discard',
    nonTextTags: DROPPED_WITH_CONTENT,
    parser: { lowerCaseTags: true, lowerCaseAttributeNames: true, decodeEntities: true },
    transformTags: {
      h1: (_tagName, attribs) => ({ tagName: 'h2', attribs }),
      a: (_tagName, attribs) => transformLink(attribs, baseUrl),
      img: (_tagName, attribs) => ({ tagName: 'img', attribs: transformImage(attribs, baseUrl) }),
      '*': (tagName, attribs) => ({ tagName, attribs: dropMalformedLanguage(attribs) }),
    },
    exclusiveFilter: isUselessFrame,
  };
}

function transformLink(attribs: Attributes, baseUrl: string | undefined): { tagName: string; attribs: Attributes } {
  const href = resolveAllowedUrl(attribs['href'], baseUrl, LINK_SCHEMES);
  const words = pickAttributes(attribs, ['title', 'lang']);
  // A link that goes nowhere allowed keeps its words (and what they say) but stops being a link.
  if (href === undefined) return { tagName: 'span', attribs: words };
  return { tagName: 'a', attribs: { href, ...pickAttributes(attribs, ['hreflang']), ...words, rel: buildLinkRel(attribs['rel']) } };
}

function pickAttributes(attribs: Attributes, names: readonly string[]): Attributes {
  return Object.fromEntries(names.flatMap((name) => (attribs[name] === undefined ? [] : [[name, attribs[name]]])));
}

// A language tag that is not one would mislead screen readers and the translator.
function dropMalformedLanguage(attribs: Attributes): Attributes {
  const kept = { ...attribs };
  for (const name of ['lang', 'hreflang']) if (kept[name] !== undefined && !isLanguageTag(kept[name])) delete kept[name];
  return kept;
}

function transformImage(attribs: Attributes, baseUrl: string | undefined): Attributes {
  const kept: Attributes = {};
  const src = resolveAllowedUrl(attribs['src'], baseUrl, IMAGE_SCHEMES);
  const srcset = resolveSrcset(attribs['srcset'], baseUrl);
  if (src !== undefined) kept['src'] = src;
  if (srcset !== undefined) kept['srcset'] = srcset;
  for (const name of ['alt', 'lang']) if (attribs[name] !== undefined) kept[name] = attribs[name];
  for (const name of ['width', 'height']) {
    const value = attribs[name];
    if (value !== undefined && DIMENSION.test(value)) kept[name] = value;
  }
  return kept;
}

// An image with nothing to load is dropped rather than left as a broken box.
function isUselessFrame(frame: IFrame): boolean {
  return frame.tag === 'img' && frame.attribs['src'] === undefined && frame.attribs['srcset'] === undefined;
}
