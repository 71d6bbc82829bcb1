// Turns what undici, net, dns and tls throw into FetchError codes with messages that say what to do.
import { FetchError } from '../domain/errors.js';
import type { FetchErrorCode } from '../domain/errors.js';
import { describeBlockedAddress, isBlockedAddressError } from './guarded-connector.js';

/** The limits a fetch ran under, quoted in timeout messages. */
export interface TimeoutLimits {
  connectTimeoutMs: number;
  responseTimeoutMs: number;
  totalTimeoutMs: number;
  /** The configuration keys that set each limit, named in messages (absent: none to name). */
  settings: { connect?: string; response?: string; total?: string };
}

/** " (fetch.total_timeout_ms)", or nothing when no key sets the limit. */
function nameSetting(setting: string | undefined): string {
  return setting ? ` (${setting})` : '';
}

const dnsCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME', 'ENODATA', 'ESERVFAIL']);
const connectCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE', 'EADDRNOTAVAIL']);
const tlsCodePattern = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/;

function findErrorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

function findBlockedAddressError(error: unknown) {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if (isBlockedAddressError(current)) return current;
    current = current.cause;
  }
  return undefined;
}

interface CodeRule {
  matches: (code: string) => boolean;
  fetchCode: FetchErrorCode;
  describe: (host: string, code: string, limits: TimeoutLimits) => string;
}

const codeRules: readonly CodeRule[] = [
  {
    matches: (code) => dnsCodes.has(code),
    fetchCode: 'dns',
    describe: (host, code) => `could not resolve host ${host} (${code}); check the URL's spelling and this machine's DNS`,
  },
  {
    matches: (code) => code === 'UND_ERR_CONNECT_TIMEOUT',
    fetchCode: 'timeout',
    describe: (host, _code, limits) =>
      `could not connect to ${host} within ${limits.connectTimeoutMs} ms${nameSetting(limits.settings.connect)}; the host may be down or filtered`,
  },
  {
    matches: (code) => code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT',
    fetchCode: 'timeout',
    describe: (host, _code, limits) =>
      `${host} went silent for ${limits.responseTimeoutMs} ms${nameSetting(limits.settings.response)}; try again later or raise the limit`,
  },
  {
    matches: (code) => connectCodes.has(code),
    fetchCode: 'connect',
    describe: (host, code) => `could not connect to ${host} (${code}); check the host is up and reachable`,
  },
  {
    matches: (code) => tlsCodePattern.test(code),
    fetchCode: 'connect',
    describe: (host, code) => `TLS handshake with ${host} failed (${code}); the site's certificate is not trusted`,
  },
  {
    matches: (code) => code.startsWith('Z_') || code.startsWith('ERR__ERROR'),
    fetchCode: 'unsupported-content',
    describe: (host, code) => `the compressed body from ${host} is corrupt (${code}); try again later`,
  },
];

/** Maps a failure during one hop of a fetch to a FetchError about the URL being fetched. */
export function toFetchError(error: unknown, url: string, limits: TimeoutLimits, totalTimedOut: boolean): FetchError {
  if (error instanceof FetchError) return error;
  const cause = { cause: error };
  if (totalTimedOut) {
    const message = `not complete within ${limits.totalTimeoutMs} ms${nameSetting(limits.settings.total)}; the server is too slow or the answer too big`;
    return new FetchError('timeout', url, message, cause);
  }
  const blocked = findBlockedAddressError(error);
  if (blocked) return new FetchError('blocked-address', url, describeBlockedAddress(blocked), cause);
  const code = findErrorCode(error) ?? '';
  const host = safeHostname(url);
  const rule = codeRules.find((candidate) => candidate.matches(code));
  if (rule) return new FetchError(rule.fetchCode, url, rule.describe(host, code, limits), cause);
  const detail = code || (error instanceof Error ? error.message : String(error));
  return new FetchError('network', url, `network failure talking to ${host} (${detail}); try again later`, cause);
}

function safeHostname(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
