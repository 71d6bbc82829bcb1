// Turns what undici, net, dns and tls throw into FetchError codes with messages that say what to do.
import { FetchError } from '../domain/errors.js';
import { isBlockedAddressError } from './guarded-connector.js';

/** The limits a fetch ran under, quoted in timeout messages. */
export interface TimeoutLimits {
  connectTimeoutMs: number;
  responseTimeoutMs: number;
  totalTimeoutMs: number;
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

/** Maps a failure during one hop of a fetch to a FetchError about the URL being fetched. */
export function toFetchError(error: unknown, url: string, limits: TimeoutLimits, totalTimedOut: boolean): FetchError {
  if (error instanceof FetchError) return error;
  const cause = { cause: error };
  if (totalTimedOut) {
    return new FetchError('timeout', url, `not complete within ${limits.totalTimeoutMs} ms (fetch.total_timeout_ms); the server is too slow or the page too big`, cause);
  }
  const blocked = findBlockedAddressError(error);
  if (blocked) {
    const message = `refused address ${blocked.address} (${blocked.reason}); ${blocked.hint}`;
    return new FetchError('blocked-address', url, message, cause);
  }
  const code = findErrorCode(error) ?? '';
  const host = safeHostname(url);
  if (dnsCodes.has(code)) {
    return new FetchError('dns', url, `could not resolve host ${host} (${code}); check the URL's spelling and this machine's DNS`, cause);
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new FetchError('timeout', url, `could not connect to ${host} within ${limits.connectTimeoutMs} ms (fetch.connect_timeout_ms); the host may be down or filtered`, cause);
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT') {
    return new FetchError('timeout', url, `no response from ${host} within ${limits.responseTimeoutMs} ms (fetch.response_timeout_ms); try again later or raise the limit`, cause);
  }
  if (code === 'UND_ERR_BODY_TIMEOUT') {
    return new FetchError('timeout', url, `the body from ${host} stalled for ${limits.responseTimeoutMs} ms; try again later`, cause);
  }
  if (connectCodes.has(code)) {
    return new FetchError('connect', url, `could not connect to ${host} (${code}); check the host is up and reachable`, cause);
  }
  if (tlsCodePattern.test(code)) {
    return new FetchError('connect', url, `TLS handshake with ${host} failed (${code}); the site's certificate is not trusted`, cause);
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new FetchError('network', url, `network failure talking to ${host} (${code || detail}); try again later`, cause);
}

function safeHostname(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
