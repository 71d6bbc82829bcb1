import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { StoredUser } from '../../storage/index.js';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;

// scrypt at N=2^15, r=8 (OWASP's password storage cheat sheet: N ≥ 2^17 with r=8 and p=1, or an
// equivalent cost; 2^15 keeps a sign-in under ~100 ms on a small VPS). 32 MiB of memory per hash.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

/** Hashes a password with a fresh random salt, for an account. */
export async function hashPassword(name: string, password: string): Promise<StoredUser> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password.normalize('NFC'), salt, KEY_LENGTH, SCRYPT);
  return { name, passwordHash: hash.toString('hex'), passwordSalt: salt.toString('hex') };
}

/** Tells whether a password is the account's, in time that does not depend on where they differ. */
export async function isPasswordOf(user: StoredUser, password: string): Promise<boolean> {
  const expected = Buffer.from(user.passwordHash, 'hex');
  const given = await scryptAsync(password.normalize('NFC'), Buffer.from(user.passwordSalt, 'hex'), expected.length, SCRYPT);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A fresh random secret (cookie value, API token, form token): 32 bytes, base64url. */
export function createSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** How a secret is stored and looked up: its SHA-256, hex (the secret has 256 bits; no salt is needed). */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Compares two strings (form tokens) in constant time. */
export function isSameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
