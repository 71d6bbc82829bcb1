// robots.txt for every source host (RFC 9309 §2.3): read through the same hardened fetcher,
// kept 24 h per origin in the database; a 4xx means no rules, a 5xx or no answer means nothing
// may be fetched from that origin until it answers. Crawl-delay (up to 30 s) spaces the fetcher's
// requests to the host.
import type { Logger } from 'pino';
import { FetchError } from '../domain/errors.js';
import { decodeText, isPathAllowed, parseRobotsTxt, ROBOTS_TXT_MAX_CHARS, selectRobotsGroup, type Fetcher, type RobotsGroup } from '../fetcher/index.js';
import { readRobotsTxt, recordRobotsTxt, type Db, type StoredRobotsTxt } from '../storage/index.js';

/** The product token relais obeys in robots.txt (its User-Agent starts with it). */
export const ROBOTS_TOKEN = 'relais';
/** How long a robots.txt that answered is trusted. */
export const ROBOTS_CACHE_MS = 24 * 60 * 60_000;
/** The longest Crawl-delay honoured; a site asking for more gets this. */
export const MAX_CRAWL_DELAY_MS = 30_000;
// An origin whose robots.txt did not answer is asked again at most this often.
const UNAVAILABLE_RETRY_MS = 60_000;
// robots.txt files are small; a larger answer is read up to the parse limit's worth of bytes.
const ROBOTS_MAX_BYTES = 4 * ROBOTS_TXT_MAX_CHARS;

/** Decides, before each request relais makes on its own, whether the site's robots.txt allows it. */
export interface RobotsGate {
  /** Resolves when `url` may be fetched; throws FetchError 'robots-disallowed' or 'robots-unavailable'. */
  check(url: URL): Promise<void>;
}

type OriginRules = { kind: 'group'; group: RobotsGroup; expiresAt: number } | { kind: 'unavailable'; reason: string; retryAt: number };

/** The fetch option that makes every hop of a campaign's request pass the gate (unless the campaign opts out). */
export function robotsCheckFor(gate: RobotsGate, campaign: { respect_robots: boolean }): { checkHop?: (url: URL) => Promise<void> } {
  return campaign.respect_robots ? { checkHop: (url) => gate.check(url) } : {};
}

/** Creates the gate of one pipeline: its memory of each origin's rules lives in the handle and the database. */
export function createRobotsGate(deps: { fetcher: Fetcher; db: Db; now: () => Date; logger: Logger }): RobotsGate {
  const known = new Map<string, OriginRules>();
  const pending = new Map<string, Promise<OriginRules>>();

  const rulesFor = async (url: URL): Promise<OriginRules> => {
    const now = deps.now().getTime();
    const cached = known.get(url.origin);
    if (cached && (cached.kind === 'group' ? cached.expiresAt : cached.retryAt) > now) return cached;
    let loading = pending.get(url.origin);
    if (!loading) {
      loading = loadRules(deps, url).finally(() => pending.delete(url.origin));
      pending.set(url.origin, loading);
    }
    const rules = await loading;
    known.set(url.origin, rules);
    return rules;
  };

  return {
    async check(url) {
      if (url.pathname === '/robots.txt') return;
      const rules = await rulesFor(url);
      if (rules.kind === 'unavailable') {
        throw new FetchError('robots-unavailable', url.href, `${rules.reason}; nothing is fetched from ${url.host} until it answers`);
      }
      if (!isPathAllowed(rules.group, `${url.pathname}${url.search}`)) {
        throw new FetchError('robots-disallowed', url.href, `robots.txt disallows ${url.pathname}${url.search} (${url.host})`);
      }
    },
  };
}

async function loadRules(deps: { fetcher: Fetcher; db: Db; now: () => Date; logger: Logger }, url: URL): Promise<OriginRules> {
  const stored = await readRobotsTxt(deps.db, url.origin);
  const now = deps.now();
  if (stored && Date.parse(stored.expiresAt) > now.getTime()) return applyRules(deps.fetcher, url, stored);
  const answer = await fetchRobotsTxt(deps.fetcher, url, now);
  if (answer.kind === 'unavailable') {
    deps.logger.warn({ origin: url.origin, reason: answer.reason }, 'robots.txt unavailable');
    return answer;
  }
  await recordRobotsTxt(deps.db, answer.entry);
  deps.logger.debug({ origin: url.origin, status: answer.entry.status }, 'robots.txt read');
  return applyRules(deps.fetcher, url, answer.entry);
}

function applyRules(fetcher: Fetcher, url: URL, stored: StoredRobotsTxt): OriginRules {
  const group = stored.kind === 'rules' ? selectRobotsGroup(parseRobotsTxt(stored.body), ROBOTS_TOKEN) : { rules: [] };
  const delayMs = Math.min((group.crawlDelaySeconds ?? 0) * 1000, MAX_CRAWL_DELAY_MS);
  fetcher.setCrawlDelay(url.hostname, delayMs);
  return { kind: 'group', group, expiresAt: Date.parse(stored.expiresAt) };
}

type RobotsAnswer = { kind: 'stored'; entry: StoredRobotsTxt } | (OriginRules & { kind: 'unavailable' });

async function fetchRobotsTxt(fetcher: Fetcher, url: URL, now: Date): Promise<RobotsAnswer> {
  const robotsUrl = `${url.origin}/robots.txt`;
  const stored = (kind: StoredRobotsTxt['kind'], status: number, body: string): RobotsAnswer => ({
    kind: 'stored',
    entry: { origin: url.origin, kind, status, body, fetchedAt: now.toISOString(), expiresAt: new Date(now.getTime() + ROBOTS_CACHE_MS).toISOString() },
  });
  try {
    const outcome = await fetcher.fetchUrl(robotsUrl, { accept: 'text/plain, */*;q=0.1', maxBytes: ROBOTS_MAX_BYTES });
    if (outcome.kind !== 'fresh') return { kind: 'unavailable', reason: `robots.txt of ${url.host} answered 304 to a plain GET`, retryAt: now.getTime() + UNAVAILABLE_RETRY_MS };
    return stored('rules', outcome.status, decodeText(outcome.body, outcome.contentType).text.slice(0, ROBOTS_TXT_MAX_CHARS));
  } catch (error) {
    if (!(error instanceof FetchError)) throw error;
    // RFC 9309 §2.3.1.3: a 4xx means there are no rules for relais to follow.
    if (error.code === 'http-status' && error.status !== undefined && error.status >= 400 && error.status < 500) return stored('allow-all', error.status, '');
    // The site itself cannot be reached by relais: that refusal is the story's reason, not robots.txt's.
    if (error.code === 'bad-url' || error.code === 'blocked-address') throw error;
    return { kind: 'unavailable', reason: `robots.txt of ${url.host} unavailable (${error.reason})`, retryAt: now.getTime() + UNAVAILABLE_RETRY_MS };
  }
}
