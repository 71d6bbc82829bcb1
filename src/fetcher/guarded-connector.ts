// The address check lives in the connector, so it runs when each socket opens — after DNS,
// on every redirect hop — and a name that re-resolves to a private address (DNS rebinding) is
// refused. Which policy applies is decided here too, from the host and port undici connects to
// (already WHATWG-parsed): an origin listed in fetch.allow_hosts may reach a private address,
// every other connection gets the strict policy.
import { lookup as lookupDns } from 'node:dns';
import type { LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import { isIP } from 'node:net';
import { buildConnector } from 'undici';
import type { AddressPolicy } from './address-policy.js';
import { resolvePort } from './allow-hosts.js';
import type { HostAllowList } from './allow-hosts.js';

/** The `code` of the error a guarded connector fails with when it refuses an address. */
export const blockedAddressCode = 'ERR_RELAIS_BLOCKED_ADDRESS';

/** A refused connection: which host and port, which address, and why. */
export interface BlockedAddressError extends Error {
  code: typeof blockedAddressCode;
  host: string;
  address: string;
  /** Absent only until the connector that asked for the lookup fills it in. */
  port: number | undefined;
  reason: string;
  hint: string;
}

/** The policies a guarded connector chooses from, per connection. */
export interface ConnectPolicies {
  /** Whether a host and port are an origin listed in fetch.allow_hosts. */
  isAllowedHost: HostAllowList;
  /** For listed origins: private addresses allowed, metadata and the like still refused. */
  listed: AddressPolicy;
  /** For every other connection. */
  strict: AddressPolicy;
}

/** "refused address 127.0.0.1:9 of localhost (loopback; not in fetch.allow_hosts)". */
export function describeBlockedAddress(error: BlockedAddressError): string {
  const address = error.address.includes(':') ? `[${error.address}]` : error.address;
  const where = error.port === undefined ? address : `${address}:${error.port}`;
  const name = error.host === error.address ? '' : ` of ${error.host}`;
  return `refused address ${where}${name} (${error.reason}; ${error.hint})`;
}

function createBlockedAddressError(
  host: string,
  address: string,
  port: number | undefined,
  verdict: { reason: string; hint: string },
): BlockedAddressError {
  const error = Object.assign(new Error('refused address'), {
    code: blockedAddressCode,
    host,
    address,
    port,
    reason: verdict.reason,
    hint: verdict.hint,
  } as const);
  error.message = describeBlockedAddress(error);
  return error;
}

/** Whether a thrown value is the refusal of a guarded connector. */
export function isBlockedAddressError(error: unknown): error is BlockedAddressError {
  return error instanceof Error && (error as { code?: unknown }).code === blockedAddressCode;
}

type LookupCallback = (error: Error | null, address: string | LookupAddress[], family?: number) => void;

/** A `net.connect` lookup that resolves a name and drops the addresses the policy refuses. */
export function createGuardedLookup(policy: AddressPolicy) {
  return (hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void => {
    lookupDns(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      // A name with one refused address among public ones connects to the public ones only.
      const permitted = addresses.filter((entry) => !policy(entry.address).blocked);
      const first = addresses[0];
      if (permitted.length === 0 && first) {
        const verdict = policy(first.address);
        if (verdict.blocked) return callback(createBlockedAddressError(hostname, first.address, undefined, verdict), []);
      }
      if (permitted.length === 0) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
      if (options.all) return callback(null, permitted);
      const chosen = permitted[0] as LookupAddress;
      return callback(null, chosen.address, chosen.family);
    });
  };
}

/** An undici connector that refuses literal and resolved addresses the policy for that origin blocks. */
export function createGuardedConnector(policies: ConnectPolicies, connectTimeoutMs: number): buildConnector.connector {
  const connectListed = buildConnector({ timeout: connectTimeoutMs, lookup: createGuardedLookup(policies.listed) });
  const connectStrict = buildConnector({ timeout: connectTimeoutMs, lookup: createGuardedLookup(policies.strict) });
  return (options, callback) => {
    const host = options.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    const port = resolvePort(options.port, options.protocol);
    const isListed = policies.isAllowedHost(host, port);
    if (isIP(host) !== 0) {
      // Node does not call `lookup` for a literal address, so it is checked here.
      const verdict = (isListed ? policies.listed : policies.strict)(host);
      if (verdict.blocked) {
        callback(createBlockedAddressError(host, host, port, verdict), null);
        return;
      }
    }
    const connect = isListed ? connectListed : connectStrict;
    connect(options, (...args) => {
      const [error] = args;
      // The lookup does not know the port; the refusal names it.
      if (isBlockedAddressError(error) && error.port === undefined) {
        error.port = port;
        error.message = describeBlockedAddress(error);
      }
      callback(...args);
    });
  };
}
