// The sanitizer stage: untrusted HTML in, allow-listed HTML out.
export { sanitizeHtml } from './sanitize-html.js';
export type { SanitizeOptions } from './sanitize-html.js';
export { resolveAllowedUrl, resolveSrcset, parseSrcset, IMAGE_SCHEMES, LINK_SCHEMES } from './urls.js';
