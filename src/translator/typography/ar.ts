import type { TypographyRule } from './fr.js';

const SOURCE = 'Unicode Standard, ch. 9.2 (Arabic): ، ؛ ؟ are the Arabic comma, semicolon and question mark; like their Latin counterparts they follow the word without a space';

/** Arabic: ، ؛ ؟ and the right-to-left text stay as the engine wrote them; only stray spaces go. */
export const ARABIC_RULES: readonly TypographyRule[] = [
  { name: 'single spaces', source: SOURCE, pattern: / {2,}/g, replacement: ' ' },
  { name: 'no space before ، ؛ ؟ ! .', source: SOURCE, pattern: / +(?=[،؛؟!.](?:\s|$))/gu, replacement: '' },
];
