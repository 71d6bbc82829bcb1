// The hardened HTTP client stage: fetching with address checks at connect time, and decoding.
export { createFetcher, defaultUserAgent } from './fetcher.js';
export type { Fetcher, FetcherOptions } from './fetcher.js';
export type { SharedHostTurn } from './host-limiter.js';
export { parseFetchableUrl } from './hops.js';
export type { FetchUrlOptions } from './fetch-url.js';
export { createAddressPolicy, isBlockedAddress } from './address-policy.js';
export type { AddressPolicy, AddressPolicyOptions, AddressVerdict, PolicyVerdict } from './address-policy.js';
export { createHostAllowList, formatAllowedHost, hostPortForm, parseHostPort } from './allow-hosts.js';
export type { HostAllowList, HostPort } from './allow-hosts.js';
export { decodeText, normalizeCharset } from './decode-text.js';
export type { CharsetSource, DecodedText } from './decode-text.js';
export { parseRetryAfter } from './retry-after.js';
export { isPathAllowed, parseRobotsTxt, ROBOTS_TXT_MAX_CHARS, selectRobotsGroup } from './robots-txt.js';
export type { RobotsGroup, RobotsTxt } from './robots-txt.js';
