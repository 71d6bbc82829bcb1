import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { parseHTML } from 'linkedom';
import { describeWithSharedData } from '../../test/support/shared-data.js';
import { sanitizeHtml } from './sanitize-html.js';

// DOMPurify's fixtures (../shared/corpora/xss): every payload must come out with no active markup.

interface XssCase {
  title?: string;
  payload: string;
}

const FORBIDDEN_ELEMENTS = new Set([
  'script', 'iframe', 'object', 'embed', 'svg', 'math', 'style', 'form', 'frame', 'frameset',
  'base', 'link', 'meta', 'input', 'button', 'textarea', 'select', 'template', 'video', 'audio',
]);
const URL_ATTRIBUTES = new Set(['href', 'src', 'srcset', 'action', 'formaction', 'xlink:href', 'background', 'poster', 'data']);

/** Lists every active construct found in `html`, parsed as a page would parse it. */
function findActiveMarkup(html: string): string[] {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const problems: string[] = [];
  for (const element of document.querySelectorAll('*')) {
    const name = element.localName.toLowerCase();
    if (FORBIDDEN_ELEMENTS.has(name)) problems.push(`<${name}>`);
    for (const attributeName of element.getAttributeNames()) {
      const attr = attributeName.toLowerCase();
      const value = (element.getAttribute(attributeName) ?? '').replace(/[\u0000-\u0020]/gu, '').toLowerCase();
      if (attr.startsWith('on')) problems.push(`${name}[${attr}]`);
      if (attr === 'style' || attr === 'srcdoc') problems.push(`${name}[${attr}]`);
      if (URL_ATTRIBUTES.has(attr) && /(^|,)(javascript|vbscript|data):/u.test(value)) problems.push(`${name}[${attr}=${value}]`);
      if (URL_ATTRIBUTES.has(attr) && !/^(https?:|mailto:)/u.test(value)) problems.push(`${name}[${attr}] not absolute`);
    }
  }
  return problems;
}

describeWithSharedData('sanitizeHtml against the DOMPurify corpus', 'corpora/xss/dompurify-expect.json', (corpusFile) => {
  const cases = JSON.parse(readFileSync(corpusFile, 'utf8')) as XssCase[];

  it('has the 223 cases the README describes', () => {
    expect(cases.length).toBe(223);
  });

  it.each(cases.map((entry, index) => [index, entry.title ?? entry.payload.slice(0, 60), entry.payload] as const))(
    'case %i (%s) leaves no active markup',
    (_index, _title, payload) => {
      const output = sanitizeHtml(payload, { baseUrl: 'https://news.example/story' });
      expect(findActiveMarkup(output)).toEqual([]);
      expect(output).not.toMatch(/<(script|iframe|object|embed|svg|math|style|form)\b/iu);
      // "javascript:" may remain as inert text (a title's words too, as DOMPurify keeps them) or
      // inside a resolved https path, never as a URL value.
      expect(output).not.toMatch(/\b(?:href|src|srcset|action|formaction|background|poster|data)\s*=\s*["']?[\s\u0000-\u001f]*javascript:|srcdoc/iu);
    },
  );

  it('the checker itself finds active markup in unsanitized payloads', () => {
    const flagged = cases.filter((entry) => findActiveMarkup(entry.payload).length > 0).length;
    expect(flagged).toBeGreaterThan(cases.length / 2);
  });
});
