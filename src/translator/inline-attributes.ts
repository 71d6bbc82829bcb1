import type { LanguageCode, LanguagePair } from '../domain/types.js';
import type { Placeholder, SegmentRange } from './placeholders.js';

// Attributes of elements on their way through translation. Every attribute comes back as it
// was, except two that speak about the words: `title` is text a reader sees (translated as the
// body is), and `lang` names the language of the element's content (HTML §3.2.6.2).

/** The primary subtag of a language tag in lower case ("en" of "en-GB"); undefined for none or "und". */
export function findPrimaryLanguage(tag: string | null | undefined): string | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/u)[0];
  return primary === undefined || primary === '' || primary === 'und' ? undefined : primary;
}

/**
 * Whether `lang` names a language other than the source's: such content (a French quotation
 * in an English story) is kept as it is, never sent to the engine. An empty or unknown tag is not foreign.
 */
export function isForeignLanguage(lang: string | null | undefined, source: LanguageCode): boolean {
  const primary = findPrimaryLanguage(lang);
  const sourcePrimary = findPrimaryLanguage(source);
  return primary !== undefined && sourcePrimary !== undefined && primary !== sourcePrimary;
}

/**
 * The `lang` an element carries once its content is translated: one that named the source
 * language names the target instead, or it would mislabel the translated words (screen
 * readers pick their voice by it); any other value is kept.
 */
export function relabelLanguage(lang: string, pair: LanguagePair): string {
  const primary = findPrimaryLanguage(lang);
  const target = findPrimaryLanguage(pair.to);
  if (primary === undefined || target === undefined || primary !== findPrimaryLanguage(pair.from) || primary === target) return lang;
  return pair.to;
}

/** Whether a `title` value has words to translate. */
export function hasTitleText(value: string | undefined): value is string {
  return value !== undefined && /\p{L}/u.test(value);
}

/**
 * Gives each inline element of a segment its output attributes: its title's translation from
 * `titleOf` (given where the title's segments lie, and the source title), and `lang`
 * relabelled for `pair` (when given); every other attribute unchanged.
 */
export function translatePlaceholderAttributes(
  placeholders: readonly Placeholder[],
  titleOf: (range: SegmentRange, source: string) => string,
  pair: LanguagePair | undefined,
): Placeholder[] {
  return placeholders.map((placeholder) => {
    if (placeholder.kind !== 'wrap') return placeholder;
    const { titleSegments } = placeholder;
    const attributes = placeholder.attributes.map(([name, value]): readonly [string, string] => {
      if (name === 'title' && titleSegments !== undefined) return [name, titleOf(titleSegments, value)];
      if (name === 'lang' && pair !== undefined) return [name, relabelLanguage(value, pair)];
      return [name, value];
    });
    return { ...placeholder, attributes };
  });
}
