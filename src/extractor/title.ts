// Separators that templates put between a headline and the site's name; CJK sites use the
// full-width bar without spaces (「…｜港町新聞」).
const SUFFIX = /^(.*\S)(?:\s+[|\-–—·•»~]\s+|\s*[｜丨]\s*)([^|\-–—·•»~｜丨]+)$/u;
const PREFIX = /^([^|\-–—·•»~:｜丨]+?)(?:\s*[|\-–—·•»~:]\s+|\s*[｜丨]\s*)(.*\S)$/u;

// Host labels that say nothing about the site's name.
const GENERIC_HOST_LABELS = new Set(['www', 'edition', 'm', 'amp', 'mobile', 'news', 'en', 'com', 'co', 'org', 'net', 'uk', 'us']);

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Lists the names a site may go by: the names given, and the distinctive labels of its host. */
export function listSiteNames(names: (string | undefined)[], url: string): string[] {
  const found = names.filter((name): name is string => name !== undefined).map(normalizeName);
  try {
    for (const label of new URL(url).hostname.split('.')) {
      if (!GENERIC_HOST_LABELS.has(label) && label.length >= 2) found.push(normalizeName(label));
    }
  } catch {
    // An unparsable URL just gives no host names.
  }
  return found.filter((name) => name.length >= 2);
}

function isSiteName(candidate: string, siteNames: string[]): boolean {
  const name = normalizeName(candidate);
  if (name.length < 2 || candidate.split(/\s+/u).length > 6) return false;
  return siteNames.some((site) => site === name || (site.length >= 3 && name.startsWith(site)) || (name.length >= 3 && site.startsWith(name)));
}

/** Removes a site name from the end ("… | CNN", "… - Reuters") or start ("CNN - …") of a title. */
export function stripSiteName(title: string, siteNames: string[]): string {
  let current = title.replace(/\s+/gu, ' ').trim();
  for (let round = 0; round < 2; round += 1) {
    const suffix = SUFFIX.exec(current);
    if (suffix?.[1] !== undefined && suffix[2] !== undefined && isSiteName(suffix[2], siteNames)) {
      current = suffix[1].trim();
      continue;
    }
    const prefix = PREFIX.exec(current);
    if (prefix?.[1] !== undefined && prefix[2] !== undefined && isSiteName(prefix[1], siteNames)) {
      current = prefix[2].trim();
      continue;
    }
    break;
  }
  return current;
}

/** Picks the article title from the candidates in order of trust, with the site's name removed. */
export function chooseTitle(candidates: (string | null | undefined)[], siteNames: string[]): string | undefined {
  for (const candidate of candidates) {
    if (candidate === null || candidate === undefined) continue;
    const title = stripSiteName(candidate, siteNames);
    if (title !== '' && !isSiteName(title, siteNames)) return title;
  }
  return undefined;
}
