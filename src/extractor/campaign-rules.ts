import { ExtractError } from '../domain/errors.js';
import type { DomDocument } from './dom.js';

/** Removes every element matching the campaign's `dropSelectors` from the page. */
export function applyDropSelectors(document: DomDocument, selectors: readonly string[]): void {
  for (const selector of selectors) {
    let matches;
    try {
      matches = Array.from(document.querySelectorAll(selector));
    } catch (error) {
      throw new ExtractError(
        `campaign cleanup selector ${JSON.stringify(selector)} is not valid CSS (fix cleanup.drop_selectors in the campaign)`,
        { cause: error },
      );
    }
    for (const element of matches) element.remove();
  }
}

/** Compiles the campaign's `dropPatterns` (regular expression sources, Unicode mode). */
export function compileDropPatterns(patterns: readonly string[]): RegExp[] {
  return patterns.map((source) => {
    try {
      return new RegExp(source, 'u');
    } catch (error) {
      throw new ExtractError(
        `campaign cleanup pattern ${JSON.stringify(source)} is not a valid regular expression (fix cleanup.drop_patterns in the campaign)`,
        { cause: error },
      );
    }
  });
}
