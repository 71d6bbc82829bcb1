// Values of the allow-listed attributes that say something about the words: a link's rel,
// and the language tags of lang and hreflang.

// A republisher neither vouches for the links in a relayed body nor wants them to ride on its
// ranking (nofollow), and the target page must not reach back into ours (noopener noreferrer).
const LINK_REL_ADDED = ['noopener', 'noreferrer', 'nofollow'];

// Link types (HTML §4.6.7, and Google's sponsored/ugc) that stay true of the link on a relayed
// copy of the story. Others speak for the page that holds the link (me, alternate, next,
// search…) or undo what is added (opener), so they are dropped.
const LINK_REL_KEPT = new Set(['author', 'external', 'license', 'tag', 'sponsored', 'ugc', ...LINK_REL_ADDED]);

// BCP 47's shape (RFC 5646 §2.1): subtags of letters and digits joined by hyphens, starting
// with a language (or x- for private use, i- for the grandfathered tags).
const LANGUAGE_TAG = /^(?:[a-z]{2,8}|[xi])(?:-[a-z\d]{1,8})*$/iu;

/** The rel of a relayed link: the source's link types that stay true, then `noopener noreferrer nofollow`. */
export function buildLinkRel(sourceRel: string | undefined): string {
  const kept = (sourceRel ?? '').toLowerCase().split(/\s+/u).filter((token) => LINK_REL_KEPT.has(token));
  return [...new Set([...kept, ...LINK_REL_ADDED])].join(' ');
}

/** Whether a lang or hreflang value has the shape of a language tag. */
export function isLanguageTag(value: string | undefined): value is string {
  return value !== undefined && LANGUAGE_TAG.test(value);
}
