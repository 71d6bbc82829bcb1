// The address check lives in the connector, so it runs when each socket opens — after DNS,
// on every redirect hop — and a name that re-resolves to a private address (DNS rebinding) is refused.
import { lookup as lookupDns } from 'node:dns';
import type { LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import { isIP } from 'node:net';
import { buildConnector } from 'undici';
import type { AddressPolicy } from './address-policy.js';

/** The `code` of the error a guarded connector fails with when it refuses an address. */
export const blockedAddressCode = 'ERR_RELAIS_BLOCKED_ADDRESS';

/** A refused connection: which host, which address, and why. */
export interface BlockedAddressError extends Error {
  code: typeof blockedAddressCode;
  host: string;
  address: string;
  reason: string;
  hint: string;
}

function createBlockedAddressError(host: string, address: string, verdict: { reason: string; hint: string }): BlockedAddressError {
  const error = new Error(`refused address ${address} of ${host} (${verdict.reason}); ${verdict.hint}`);
  return Object.assign(error, { code: blockedAddressCode, host, address, reason: verdict.reason, hint: verdict.hint } as const);
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
        if (verdict.blocked) return callback(createBlockedAddressError(hostname, first.address, verdict), []);
      }
      if (permitted.length === 0) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
      if (options.all) return callback(null, permitted);
      const chosen = permitted[0] as LookupAddress;
      return callback(null, chosen.address, chosen.family);
    });
  };
}

/** An undici connector that refuses literal and resolved addresses the policy blocks. */
export function createGuardedConnector(policy: AddressPolicy, connectTimeoutMs: number): buildConnector.connector {
  const connect = buildConnector({ timeout: connectTimeoutMs, lookup: createGuardedLookup(policy) });
  return (options, callback) => {
    const host = options.hostname.replace(/^\[(.*)\]$/, '$1');
    if (isIP(host) !== 0) {
      // Node does not call `lookup` for a literal address, so it is checked here.
      const verdict = policy(host);
      if (verdict.blocked) {
        callback(createBlockedAddressError(host, host, verdict), null);
        return;
      }
    }
    connect(options, callback);
  };
}
