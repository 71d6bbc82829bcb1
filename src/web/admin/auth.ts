import type { Context } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import {
  countLoginFailures,
  deleteSession,
  findApiTokenUser,
  pruneLoginFailures,
  readSession,
  readUser,
  recordLoginFailure,
  recordSession,
  type Db,
} from '../../storage/index.js';
import { createSecret, hashSecret, isPasswordOf } from './credentials.js';

/** The cookie that carries a signed-in session. */
export const SESSION_COOKIE = 'relais_session';
/** The cookie that carries the sign-in form's token, before there is a session. */
export const LOGIN_COOKIE = 'relais_login';
const SESSION_HOURS = 12;

/** Failed sign-ins counted over this window; past a limit, sign-in is refused even with the right password. */
export const LOGIN_WINDOW_MINUTES = 15;
/** Failures allowed per account name, and per address, within the window. */
export const LOGIN_LIMITS = { user: 5, address: 20 } as const;

/** Who is signed in, and the token their forms must carry. */
export interface AdminSession {
  userName: string;
  csrfToken: string;
}

/** What a sign-in attempt gave. */
export type SignInOutcome = { kind: 'signed-in'; session: AdminSession } | { kind: 'wrong' } | { kind: 'too-many' };

/** Whether cookies must be Secure: the request came over https, or the site is reached over https. */
export function isSecureRequest(c: Context, baseUrl: string | undefined): boolean {
  return new URL(c.req.url).protocol === 'https:' || (baseUrl?.startsWith('https:') ?? false);
}

/** The address a request came from (the socket's peer; behind a proxy, the proxy's). */
export function requestAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Checks a name and password, counting failures per name and address in the database; past a
 * limit every attempt is refused, right password or not, until the window has passed.
 */
export async function signIn(c: Context, db: Db, name: string, password: string, secure: boolean): Promise<SignInOutcome> {
  const now = new Date();
  const since = new Date(now.getTime() - LOGIN_WINDOW_MINUTES * 60_000);
  const address = requestAddress(c);
  await pruneLoginFailures(db, since);
  const failures = await countLoginFailures(db, name, address, since);
  if (failures.user >= LOGIN_LIMITS.user || failures.address >= LOGIN_LIMITS.address) return { kind: 'too-many' };
  const user = await readUser(db, name);
  // An unknown name costs the same scrypt as a known one, so timing does not tell names apart.
  const matches = await isPasswordOf(user ?? { name, passwordHash: '00'.repeat(32), passwordSalt: '00'.repeat(16) }, password);
  if (!user || !matches) {
    await recordLoginFailure(db, name, address, now);
    return { kind: 'wrong' };
  }
  const id = createSecret();
  const session = { userName: user.name, csrfToken: createSecret() };
  await recordSession(db, hashSecret(id), { ...session, expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString() });
  setCookie(c, SESSION_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'Strict', secure, maxAge: SESSION_HOURS * 3600 });
  deleteCookie(c, LOGIN_COOKIE, { path: '/admin/login' });
  return { kind: 'signed-in', session };
}

/** The session of the request's cookie, when it is signed in and not expired. */
export async function readRequestSession(c: Context, db: Db): Promise<AdminSession | undefined> {
  const id = getCookie(c, SESSION_COOKIE);
  if (!id) return undefined;
  const session = await readSession(db, hashSecret(id));
  return session ? { userName: session.userName, csrfToken: session.csrfToken } : undefined;
}

/** Signs the request's session out and clears its cookie. */
export async function signOut(c: Context, db: Db, secure: boolean): Promise<void> {
  const id = getCookie(c, SESSION_COOKIE);
  if (id) await deleteSession(db, hashSecret(id));
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure });
}

/** The account a request's `Authorization: Bearer` token belongs to, when it is valid and not revoked. */
export async function readBearerUser(c: Context, db: Db): Promise<string | undefined> {
  const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
  return match?.[1] ? findApiTokenUser(db, hashSecret(match[1])) : undefined;
}

/** The sign-in form's token: the one in its cookie, or a new one set now (double-submit, before any session exists). */
export function loginFormToken(c: Context, secure: boolean): string {
  const existing = getCookie(c, LOGIN_COOKIE);
  if (existing) return existing;
  const token = createSecret();
  setCookie(c, LOGIN_COOKIE, token, { path: '/admin/login', httpOnly: true, sameSite: 'Strict', secure, maxAge: 3600 });
  return token;
}
