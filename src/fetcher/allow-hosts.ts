// fetch.allow_hosts: origins, by host AND port, that may be reached although their addresses
// are private (a loopback test server, an intranet source, the operator's own engine). Entries
// and request URLs are both read by the WHATWG URL parser, so every spelling of an address
// ("0177.0.0.1", "2130706433", "0x7f.0.0.1", "127.1") compares as the address it stands for.

/** A host as the WHATWG URL parser writes it (lower-cased; IPv6 without brackets) and a port. */
export interface HostPort {
  host: string;
  port: number;
}

/** Whether a connection to a host and port is to an origin listed in fetch.allow_hosts. */
export type HostAllowList = (host: string, port: number) => boolean;

/** How an allow-list entry is written, for messages about a bad one. */
export const hostPortForm = '"host:port", e.g. "127.0.0.1:8080", "localhost:3000" or "[::1]:8080"';

// A host (a name, an IPv4 spelling, or a bracketed IPv6 address), a colon and a port; nothing else.
const entryShape = /^(\[[0-9A-Fa-f:.]+\]|[^\s:/?#@[\]\\]+):(\d{1,5})$/;

/** Reads a "host:port" entry the way a URL's host and port are read; undefined when it is not one. */
export function parseHostPort(text: string): HostPort | undefined {
  const match = entryShape.exec(text.trim());
  const port = Number(match?.[2]);
  if (!match || !Number.isInteger(port) || port < 1 || port > 65_535) return undefined;
  try {
    return { host: stripBrackets(new URL(`http://${match[1]}/`).hostname), port };
  } catch {
    return undefined;
  }
}

/** The "host:port" entry that allows a URL's origin (its scheme's default port filled in). */
export function formatAllowedHost(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || defaultPort(parsed.protocol)}`;
}

/** The port a connection uses: the URL's, or its scheme's default (80 for http, 443 for https). */
export function resolvePort(port: string | number | undefined, protocol: string): number {
  const explicit = Number(port);
  return Number.isInteger(explicit) && explicit > 0 ? explicit : defaultPort(protocol);
}

/** Builds the check of a list of "host:port" entries; throws a TypeError naming an entry that is not one. */
export function createHostAllowList(entries: readonly string[]): HostAllowList {
  const allowed = new Set(
    entries.map((entry, i) => {
      const parsed = parseHostPort(entry);
      if (!parsed) throw new TypeError(`fetch.allow_hosts[${i}]: "${entry}" is not ${hostPortForm}`);
      return keyOf(parsed.host, parsed.port);
    }),
  );
  return (host, port) => allowed.has(keyOf(stripBrackets(host).toLowerCase(), port));
}

function keyOf(host: string, port: number): string {
  return `${host} ${port}`;
}

function stripBrackets(host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1');
}

function defaultPort(protocol: string): number {
  return protocol === 'https:' ? 443 : 80;
}
