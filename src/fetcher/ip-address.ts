// IP address parsing and CIDR matching on raw bytes, so IPv4-mapped and other embedded
// IPv4 forms can be compared with the IPv4 ranges they stand for.
import { isIPv4, isIPv6 } from 'node:net';

/** An IP address as bytes: 4 for IPv4, 16 for IPv6. */
export interface IpAddress {
  family: 4 | 6;
  bytes: Uint8Array;
}

/** An address range: a base address and a prefix length in bits. */
export interface IpRange {
  base: IpAddress;
  prefix: number;
}

/** Parses an IPv4 or IPv6 address (brackets and an IPv6 zone id allowed); undefined if it is not one. */
export function parseIpAddress(text: string): IpAddress | undefined {
  const bare = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (isIPv4(bare)) return { family: 4, bytes: Uint8Array.from(bare.split('.').map(Number)) };
  if (isIPv6(bare)) return { family: 6, bytes: parseIpv6Bytes(bare) };
  return undefined;
}

function parseIpv6Bytes(text: string): Uint8Array {
  // A trailing dotted quad ("::ffff:1.2.3.4") stands for the last two 16-bit groups.
  const hexOnly = text.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_m, a: string, b: string, c: string, d: string) =>
    [(Number(a) << 8) | Number(b), (Number(c) << 8) | Number(d)].map((word) => word.toString(16)).join(':'),
  );
  const [head = '', rest] = hexOnly.split('::');
  const headWords = head ? head.split(':') : [];
  const restWords = rest ? rest.split(':') : [];
  const missing = 8 - headWords.length - restWords.length;
  const words = [...headWords, ...Array<string>(missing).fill('0'), ...restWords];
  const bytes = new Uint8Array(16);
  words.forEach((word, i) => {
    const value = Number.parseInt(word, 16);
    bytes[i * 2] = value >> 8;
    bytes[i * 2 + 1] = value & 0xff;
  });
  return bytes;
}

/** Parses "10.0.0.0/8", "fc00::/7" or a single address (a full-length range); undefined if invalid. */
export function parseIpRange(text: string): IpRange | undefined {
  const [addressText = '', prefixText] = text.trim().split('/');
  const base = parseIpAddress(addressText);
  if (!base) return undefined;
  const maxPrefix = base.bytes.length * 8;
  const prefix = prefixText === undefined ? maxPrefix : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > maxPrefix) return undefined;
  return { base, prefix };
}

/** Whether an address lies in a range of the same family. */
export function isInRange(address: IpAddress, range: IpRange): boolean {
  if (address.family !== range.base.family) return false;
  for (let bit = 0; bit < range.prefix; bit += 8) {
    const remaining = Math.min(8, range.prefix - bit);
    const mask = (0xff << (8 - remaining)) & 0xff;
    const index = bit / 8;
    if (((address.bytes[index] ?? 0) & mask) !== ((range.base.bytes[index] ?? 0) & mask)) return false;
  }
  return true;
}

/** How an IPv6 address carries an IPv4 address, and which one. */
export interface EmbeddedIpv4 {
  form: string;
  address: IpAddress;
}

const embeddingForms: readonly { form: string; cidr: string; extract: (bytes: Uint8Array) => number[] }[] = [
  { form: 'IPv4-mapped', cidr: '::ffff:0:0/96', extract: (b) => [...b.subarray(12, 16)] },
  { form: 'IPv4-compatible', cidr: '::/96', extract: (b) => [...b.subarray(12, 16)] },
  { form: 'NAT64', cidr: '64:ff9b::/96', extract: (b) => [...b.subarray(12, 16)] },
  { form: '6to4', cidr: '2002::/16', extract: (b) => [...b.subarray(2, 6)] },
  // RFC 4380: a Teredo address carries the client's IPv4 address with every bit inverted.
  { form: 'Teredo', cidr: '2001::/32', extract: (b) => [...b.subarray(12, 16)].map((x) => x ^ 0xff) },
];

const parsedEmbeddingForms = embeddingForms.map((row) => ({ ...row, range: parseIpRange(row.cidr) as IpRange }));

/** The IPv4 address an IPv6 address embeds (mapped, compatible, NAT64, 6to4, Teredo), if any. */
export function findEmbeddedIpv4(address: IpAddress): EmbeddedIpv4 | undefined {
  if (address.family !== 6) return undefined;
  for (const { form, range, extract } of parsedEmbeddingForms) {
    if (isInRange(address, range)) {
      return { form, address: { family: 4, bytes: Uint8Array.from(extract(address.bytes)) } };
    }
  }
  return undefined;
}
