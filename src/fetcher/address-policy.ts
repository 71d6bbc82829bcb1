// Which addresses relais may connect to. Sources are public web sites; anything that reaches
// into the host, its network or a cloud metadata service is refused unless explicitly allowed
// (fetch.allow_hosts by origin, fetch.allow_private_addresses wholesale; metadata never).
import { findEmbeddedIpv4, isInRange, parseIpAddress, parseIpRange } from './ip-address.js';
import type { IpAddress, IpRange } from './ip-address.js';

/** Whether an address is refused, and why. */
export type AddressVerdict = { blocked: true; reason: string } | { blocked: false };

/** A policy's verdict; a refusal says how it could be lifted. */
export type PolicyVerdict = { blocked: true; reason: string; hint: string } | { blocked: false };

/** Decides, for one resolved or literal address, whether a connection may be opened. */
export type AddressPolicy = (ip: string) => PolicyVerdict;

// A private address is reachable through fetch.allow_hosts (that origin only) or
// fetch.allow_private_addresses (every origin); the other kinds never are.
const privateHint = 'not in fetch.allow_hosts';
const neverHint = 'relais never connects to this kind of address';

/** What widens the default policy. */
export interface AddressPolicyOptions {
  /** Allows loopback, private, link-local, CGNAT and unique-local addresses (never metadata). */
  allowPrivateAddresses: boolean;
}

// `private` ranges open up with allowPrivateAddresses; `never` ranges stay refused.
// Order matters: the first matching row gives the reason (metadata before link-local).
const blockedRanges: readonly { cidr: string; reason: string; kind: 'private' | 'never' }[] = [
  { cidr: '169.254.169.254/32', reason: 'cloud metadata service', kind: 'never' },
  { cidr: '169.254.170.2/32', reason: 'cloud metadata service', kind: 'never' },
  { cidr: '100.100.100.200/32', reason: 'cloud metadata service', kind: 'never' },
  { cidr: 'fd00:ec2::254/128', reason: 'cloud metadata service', kind: 'never' },
  { cidr: '0.0.0.0/8', reason: 'unspecified ("this network")', kind: 'never' },
  { cidr: '10.0.0.0/8', reason: 'private', kind: 'private' },
  { cidr: '100.64.0.0/10', reason: 'carrier-grade NAT', kind: 'private' },
  { cidr: '127.0.0.0/8', reason: 'loopback', kind: 'private' },
  { cidr: '169.254.0.0/16', reason: 'link-local', kind: 'private' },
  { cidr: '172.16.0.0/12', reason: 'private', kind: 'private' },
  { cidr: '192.0.0.0/24', reason: 'IETF protocol assignments', kind: 'never' },
  { cidr: '192.0.2.0/24', reason: 'documentation', kind: 'never' },
  { cidr: '192.88.99.0/24', reason: '6to4 relay anycast', kind: 'never' },
  { cidr: '192.168.0.0/16', reason: 'private', kind: 'private' },
  { cidr: '198.18.0.0/15', reason: 'benchmarking', kind: 'private' },
  { cidr: '198.51.100.0/24', reason: 'documentation', kind: 'never' },
  { cidr: '203.0.113.0/24', reason: 'documentation', kind: 'never' },
  { cidr: '224.0.0.0/4', reason: 'multicast', kind: 'never' },
  { cidr: '255.255.255.255/32', reason: 'broadcast', kind: 'never' },
  { cidr: '240.0.0.0/4', reason: 'reserved', kind: 'never' },
  { cidr: '::/128', reason: 'unspecified', kind: 'never' },
  { cidr: '::1/128', reason: 'loopback', kind: 'private' },
  { cidr: '64:ff9b:1::/48', reason: 'local-use NAT64', kind: 'private' },
  { cidr: '100::/64', reason: 'discard-only', kind: 'never' },
  { cidr: '2001:db8::/32', reason: 'documentation', kind: 'never' },
  { cidr: 'fc00::/7', reason: 'unique local (private)', kind: 'private' },
  { cidr: 'fe80::/10', reason: 'link-local', kind: 'private' },
  { cidr: 'fec0::/10', reason: 'site-local (deprecated)', kind: 'private' },
  { cidr: 'ff00::/8', reason: 'multicast', kind: 'never' },
];

const parsedRanges = blockedRanges.map((row) => ({ ...row, range: parseIpRange(row.cidr) as IpRange }));

type Classification = { blocked: true; reason: string; kind: 'private' | 'never' } | { blocked: false };

function classifyAddress(address: IpAddress): Classification {
  for (const { range, reason, kind } of parsedRanges) {
    if (isInRange(address, range)) return { blocked: true, reason, kind };
  }
  const embedded = findEmbeddedIpv4(address);
  if (!embedded) return { blocked: false };
  const inner = classifyAddress(embedded.address);
  return inner.blocked ? { ...inner, reason: `${inner.reason}, ${embedded.form}` } : inner;
}

/** Whether an address is one relais refuses by default (loopback, private, metadata…), with the reason. */
export function isBlockedAddress(ip: string): AddressVerdict {
  const address = parseIpAddress(ip);
  if (!address) return { blocked: true, reason: 'not an IP address' };
  const verdict = classifyAddress(address);
  return verdict.blocked ? { blocked: true, reason: verdict.reason } : { blocked: false };
}

/** Builds the policy a fetcher applies to every address it is about to connect to. */
export function createAddressPolicy(options: AddressPolicyOptions): AddressPolicy {
  return (ip) => {
    const address = parseIpAddress(ip);
    if (!address) return { blocked: true, reason: 'not an IP address', hint: neverHint };
    const verdict = classifyAddress(address);
    if (!verdict.blocked) return verdict;
    if (verdict.kind === 'private' && options.allowPrivateAddresses) return { blocked: false };
    return { blocked: true, reason: verdict.reason, hint: verdict.kind === 'private' ? privateHint : neverHint };
  };
}
