// robots.txt (RFC 9309): groups of rules by user agent, longest-match rules with `*` and `$`,
// and the Crawl-delay extension. Pure: text in, decisions out; fetching and caching are the
// pipeline's.

/** One Allow or Disallow line, ready to match. */
interface RobotsRule {
  allow: boolean;
  /** The pattern as normalized; its length decides which rule is the longest match. */
  pattern: string;
  matcher: RegExp;
}

/** The rules one crawler obeys: its group(s), or the `*` group(s), or none at all. */
export interface RobotsGroup {
  rules: readonly RobotsRule[];
  /** Seconds between requests the site asks for (Crawl-delay), when it asks. */
  crawlDelaySeconds?: number;
}

/** A parsed robots.txt: every group by the user agents it names. */
export interface RobotsTxt {
  groups: readonly { agents: readonly string[]; group: RobotsGroup }[];
}

/** How much of a robots.txt is read (RFC 9309 §2.5: at least 500 kibibytes). */
export const ROBOTS_TXT_MAX_CHARS = 500 * 1024;

// A few misspellings robots.txt files in the wild use for the rule keys.
const DISALLOW_KEYS = new Set(['disallow', 'dissallow', 'dissalow', 'disalow', 'diasllow', 'disallaw']);
const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** Parses robots.txt text; lines it does not understand are ignored, as the RFC asks. */
export function parseRobotsTxt(text: string): RobotsTxt {
  const groups: { agents: string[]; rules: RobotsRule[]; crawlDelaySeconds?: number }[] = [];
  let current: (typeof groups)[number] | undefined;
  let lastWasAgent = false;
  for (const line of text.slice(0, ROBOTS_TXT_MAX_CHARS).replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    const entry = readLine(line);
    if (!entry) continue;
    if (entry.key === 'user-agent') {
      // Consecutive user-agent lines share one group; one after rules starts the next.
      if (!current || !lastWasAgent) groups.push((current = { agents: [], rules: [] }));
      current.agents.push(readProductToken(entry.value));
      lastWasAgent = true;
      continue;
    }
    const isRule = entry.key === 'allow' || DISALLOW_KEYS.has(entry.key);
    // Lines of no group (Sitemap, unknown keys) neither end a run of user-agent lines nor join it.
    if (!isRule && entry.key !== 'crawl-delay') continue;
    lastWasAgent = false;
    if (!current) continue; // Rules before any user-agent line belong to no group.
    if (isRule) {
      const rule = compileRule(entry.key === 'allow', entry.value);
      if (rule) current.rules.push(rule);
    } else {
      const seconds = Number(entry.value);
      if (entry.value !== '' && Number.isFinite(seconds) && seconds >= 0) current.crawlDelaySeconds = seconds;
    }
  }
  return {
    groups: groups.map(({ agents, rules, crawlDelaySeconds }) => ({
      agents,
      group: { rules, ...(crawlDelaySeconds === undefined ? {} : { crawlDelaySeconds }) },
    })),
  };
}

/**
 * The group a crawler obeys (§2.2.1): every group naming its product token (case-insensitive),
 * merged; else every `*` group, merged; else no rules.
 */
export function selectRobotsGroup(robots: RobotsTxt, productToken: string): RobotsGroup {
  const token = productToken.toLowerCase();
  const named = robots.groups.filter(({ agents }) => agents.includes(token));
  const chosen = named.length > 0 ? named : robots.groups.filter(({ agents }) => agents.includes('*'));
  const delays = chosen.flatMap(({ group }) => (group.crawlDelaySeconds === undefined ? [] : [group.crawlDelaySeconds]));
  return {
    rules: chosen.flatMap(({ group }) => group.rules),
    ...(delays.length > 0 ? { crawlDelaySeconds: Math.max(...delays) } : {}),
  };
}

/**
 * Whether a group lets the crawler fetch `pathAndQuery` (§2.2.2): the longest matching rule wins,
 * Allow on a tie; no matching rule allows; /robots.txt itself is always allowed.
 */
export function isPathAllowed(group: RobotsGroup, pathAndQuery: string): boolean {
  const path = normalizePath(pathAndQuery || '/');
  if (path === '/robots.txt') return true;
  let best: RobotsRule | undefined;
  for (const rule of group.rules) {
    if (!rule.matcher.test(path)) continue;
    if (!best || rule.pattern.length > best.pattern.length || (rule.pattern.length === best.pattern.length && rule.allow)) best = rule;
  }
  return best?.allow ?? true;
}

function readLine(line: string): { key: string; value: string } | undefined {
  const content = line.replace(/#.*$/, '');
  const colon = content.indexOf(':');
  if (colon === -1) return undefined;
  const key = content.slice(0, colon).trim().toLowerCase();
  return key === '' ? undefined : { key, value: content.slice(colon + 1).trim() };
}

// "Googlebot/2.1 (+http://…)" names the product token "googlebot"; "*" stays "*".
function readProductToken(value: string): string {
  if (value.startsWith('*')) return '*';
  return (/^[A-Za-z_-]+/.exec(value)?.[0] ?? value).toLowerCase();
}

function compileRule(allow: boolean, value: string): RobotsRule | undefined {
  // An empty value matches nothing: "Disallow:" allows everything.
  if (value === '') return undefined;
  const pattern = normalizePath(value.startsWith('/') || value.startsWith('*') ? value : `/${value}`);
  const anchored = pattern.endsWith('$');
  const body = anchored ? pattern.slice(0, -1) : pattern;
  const source = body
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return { allow, pattern, matcher: new RegExp(`^${source}${anchored ? '$' : ''}`, 's') };
}

/**
 * One form for paths and patterns (§2.2.2): characters outside printable ASCII percent-encoded
 * as UTF-8, hex digits upper-cased, and encoded unreserved characters decoded, so "/caf%C3%A9",
 * "/café" and "/caf%c3%a9" are one path while "%2F" stays apart from "/".
 */
function normalizePath(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    if (char === '%' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      const hex = text.slice(i + 1, i + 3).toUpperCase();
      const decoded = String.fromCharCode(Number.parseInt(hex, 16));
      out += UNRESERVED.test(decoded) ? decoded : `%${hex}`;
      i += 2;
    } else if (char.charCodeAt(0) <= 0x20 || char.charCodeAt(0) >= 0x7f) {
      const codePoint = text.codePointAt(i) as number;
      if (codePoint > 0xffff) i += 1;
      out += [...Buffer.from(String.fromCodePoint(codePoint), 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
    } else {
      out += char;
    }
  }
  return out;
}
