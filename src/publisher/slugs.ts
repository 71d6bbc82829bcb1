import slugify from '@sindresorhus/slugify';

/** The longest slug we build; cut at a word boundary below it. */
export const MAX_SLUG_LENGTH = 80;

// The word for "&" per language; slugify's default ("and") is English.
const ampersandWords: Readonly<Record<string, string>> = { fr: 'et', es: 'y', it: 'e', pt: 'e', de: 'und', nl: 'en', en: 'and' };

/**
 * Makes a URL slug from a title in `language`: accents and other scripts transliterated to
 * ASCII, lowercase, dash-separated, at most MAX_SLUG_LENGTH characters cut between words.
 * Answers '' when nothing transliterates (a Chinese title); storage then uses `article-<id>`.
 */
export function slugifyTitle(title: string, language: string): string {
  const primary = language.toLowerCase().split(/[-_]/)[0] ?? '';
  const and = ampersandWords[primary];
  const slug = slugify(title, {
    locale: primary || undefined,
    customReplacements: [['&', and ? ` ${and} ` : ' ']],
  });
  return truncateSlug(slug, MAX_SLUG_LENGTH);
}

/** Makes the slug of a category name ("Nouvelles des États-Unis" → "nouvelles-des-etats-unis"). */
export function categorySlug(name: string): string {
  return truncateSlug(slugify(name), MAX_SLUG_LENGTH);
}

/** Cuts a dash-separated slug to at most `max` characters, at a dash when there is one. */
export function truncateSlug(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max + 1).lastIndexOf('-');
  const kept = cut > 0 ? slug.slice(0, cut) : slug.slice(0, max);
  return kept.replace(/-+$/, '');
}
