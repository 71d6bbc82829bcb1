// URL checks shared by the allow-list: only absolute http(s) (and mailto for links) leave the sanitizer.

/** Schemes an image may load from. */
export const IMAGE_SCHEMES: readonly string[] = ['http:', 'https:'];
/** Schemes a link may point to. */
export const LINK_SCHEMES: readonly string[] = ['http:', 'https:', 'mailto:'];

// Only width and density descriptors are meaningful in srcset; anything else is dropped.
const SRCSET_DESCRIPTOR = /^\d+(\.\d+)?[wx]$/u;

/** Resolves `raw` against `baseUrl` and returns the absolute URL when its scheme is allowed, else undefined. */
export function resolveAllowedUrl(
  raw: string | undefined,
  baseUrl: string | undefined,
  schemes: readonly string[],
): string | undefined {
  if (raw === undefined) return undefined;
  // WHATWG URL parsing drops tabs/newlines and edge controls as browsers do, so `java\nscript:`
  // is judged as the `javascript:` a browser would see.
  const trimmed = raw.trim();
  if (trimmed === '') return undefined;
  let url: URL;
  try {
    url = baseUrl === undefined ? new URL(trimmed) : new URL(trimmed, baseUrl);
  } catch {
    return undefined;
  }
  if (!schemes.includes(url.protocol)) return undefined;
  if (url.protocol !== 'mailto:' && url.hostname === '') return undefined;
  return url.href;
}

/** Splits a srcset value into its candidates (URL plus optional descriptor), per the HTML srcset grammar. */
export function parseSrcset(srcset: string): { url: string; descriptor: string }[] {
  const candidates: { url: string; descriptor: string }[] = [];
  let rest = srcset;
  for (;;) {
    rest = rest.replace(/^[\s,]+/u, '');
    if (rest === '') return candidates;
    const urlMatch = /^\S+/u.exec(rest);
    if (urlMatch === null) return candidates;
    let url = urlMatch[0];
    rest = rest.slice(url.length);
    let descriptor = '';
    if (/,+$/u.test(url)) {
      url = url.replace(/,+$/u, '');
    } else {
      const end = rest.indexOf(',');
      descriptor = (end === -1 ? rest : rest.slice(0, end)).trim();
      rest = end === -1 ? '' : rest.slice(end + 1);
    }
    candidates.push({ url, descriptor });
  }
}

/** Resolves every srcset candidate to an absolute http(s) URL, dropping the others; undefined when none is left. */
export function resolveSrcset(srcset: string | undefined, baseUrl: string | undefined): string | undefined {
  if (srcset === undefined) return undefined;
  const kept: string[] = [];
  for (const candidate of parseSrcset(srcset)) {
    const url = resolveAllowedUrl(candidate.url, baseUrl, IMAGE_SCHEMES);
    if (url === undefined) continue;
    // A comma inside a URL would split the candidate when the browser reads it back.
    const descriptor = SRCSET_DESCRIPTOR.test(candidate.descriptor) ? candidate.descriptor : '';
    kept.push([url.replaceAll(',', '%2C'), descriptor].filter(Boolean).join(' '));
  }
  return kept.length > 0 ? kept.join(', ') : undefined;
}
