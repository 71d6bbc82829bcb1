// One URL per story: the same article reached through a newsletter, a social network or an ad
// must not become two stories. Only parameters that identify a campaign or a click, never
// content, are dropped; the rest are kept byte for byte and sorted.
import { FeedError } from '../domain/errors.js';

// Parameters that track where a click came from, never which page it is:
// utm_* (Google Analytics campaigns), _ga/_gl (Google Analytics linker), gclid/gclsrc/dclid/
// gbraid/wbraid (Google Ads, Display & Video 360), fbclid (Facebook), msclkid (Microsoft Ads),
// yclid (Yandex), twclid and ref_src (Twitter), igshid (Instagram), li_fat_id (LinkedIn),
// mc_cid/mc_eid (Mailchimp), _hsenc/_hsmi (HubSpot), mkt_tok (Marketo), cmpid (Adobe campaigns).
const TRACKING_PARAMETERS = new Set([
  '_ga', '_gl', 'gclid', 'gclsrc', 'dclid', 'gbraid', 'wbraid', 'fbclid', 'msclkid', 'yclid',
  'twclid', 'ref_src', 'igshid', 'li_fat_id', 'mc_cid', 'mc_eid', '_hsenc', '_hsmi', 'mkt_tok', 'cmpid',
]);

function decodeKey(pair: string): string {
  const raw = pair.split('=', 1)[0] ?? '';
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

/** Whether a query parameter (by its decoded, lowercased name) only tracks the visit. */
export function isTrackingParameter(key: string): boolean {
  return key.startsWith('utm_') || TRACKING_PARAMETERS.has(key);
}

function canonicalizeQuery(search: string): string {
  const pairs = search
    .replace(/^\?/, '')
    .split('&')
    .filter((pair) => pair !== '' && !isTrackingParameter(decodeKey(pair)));
  // Sorting by raw key keeps equal keys in their original order (Array#sort is stable).
  const sorted = pairs.map((pair) => ({ pair, key: pair.split('=', 1)[0] ?? '' }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ pair }) => pair);
  return sorted.length > 0 ? `?${sorted.join('&')}` : '';
}

/**
 * Returns the canonical form of an absolute URL: lowercase scheme and host, no default port,
 * no fragment, no tracking parameters, remaining parameters sorted; throws FeedError when it is not a URL.
 */
export function canonicalizeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch (cause) {
    throw new FeedError(`not an absolute URL: "${url}" (a story URL must start with http:// or https://)`, { cause });
  }
  // The WHATWG parser already lowercases scheme and host and drops a default port.
  parsed.hash = '';
  const query = canonicalizeQuery(parsed.search);
  parsed.search = '';
  return `${parsed.href}${query}`;
}
