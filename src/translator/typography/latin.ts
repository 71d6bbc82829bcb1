import type { TypographyRule } from './fr.js';

/** The two rules Latin-script targets share, with each language's source. */
export function latinSpacingRules(source: string): TypographyRule[] {
  return [
    { name: 'single spaces', source, pattern: / {2,}/g, replacement: ' ' },
    {
      name: 'no space before , . ; : ! ?',
      source,
      // Only before a mark that ends a word (followed by a space or the end): ".NET" stays.
      pattern: /[ \u00A0\u202F]+(?=[,.;:!?…](?:[\s"”“»)]|$))/gu,
      replacement: '',
    },
  ];
}
