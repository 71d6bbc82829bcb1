import { nowIso, type Db } from './db.js';

// Accounts, sessions, API tokens and failed sign-ins of the admin area. Secrets arrive here
// already hashed (web/admin/credentials.ts): the database never holds a password, cookie or token.

/** An account as stored: the scrypt hash of its password and the salt, both hex. */
export interface StoredUser {
  name: string;
  passwordHash: string;
  passwordSalt: string;
}

/** Creates an account, or gives an existing one a new password; true when it was created. */
export async function saveUser(db: Db, user: StoredUser): Promise<boolean> {
  const existing = await db.selectFrom('admin_users').select('name').where('name', '=', user.name).executeTakeFirst();
  if (existing) {
    await db.updateTable('admin_users').set({ password_hash: user.passwordHash, password_salt: user.passwordSalt }).where('name', '=', user.name).execute();
    // A new password signs every browser out.
    await db.deleteFrom('admin_sessions').where('user_name', '=', user.name).execute();
    return false;
  }
  await db.insertInto('admin_users').values({ name: user.name, password_hash: user.passwordHash, password_salt: user.passwordSalt, created_at: nowIso() }).execute();
  return true;
}

/** Reads an account by name. */
export async function readUser(db: Db, name: string): Promise<StoredUser | undefined> {
  const row = await db.selectFrom('admin_users').selectAll().where('name', '=', name).executeTakeFirst();
  return row ? { name: row.name, passwordHash: row.password_hash, passwordSalt: row.password_salt } : undefined;
}

/** A signed-in session: whose it is and the token its forms carry. */
export interface StoredSession {
  userName: string;
  csrfToken: string;
  expiresAt: string;
}

/** Stores a new session under the hash of its cookie. */
export async function recordSession(db: Db, idHash: string, session: StoredSession): Promise<void> {
  await db.insertInto('admin_sessions').values({ id_hash: idHash, user_name: session.userName, csrf_token: session.csrfToken, created_at: nowIso(), expires_at: session.expiresAt }).execute();
}

/** Reads a session that has not expired; an expired one is deleted. */
export async function readSession(db: Db, idHash: string, now = new Date()): Promise<StoredSession | undefined> {
  const row = await db.selectFrom('admin_sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
  if (!row) return undefined;
  if (row.expires_at <= nowIso(now)) {
    await deleteSession(db, idHash);
    return undefined;
  }
  return { userName: row.user_name, csrfToken: row.csrf_token, expiresAt: row.expires_at };
}

/** Ends a session (sign out). */
export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('admin_sessions').where('id_hash', '=', idHash).execute();
}

/** Stores a new API token's hash for an account; answers its id. */
export async function recordApiToken(db: Db, userName: string, tokenHash: string): Promise<number> {
  const row = await db.insertInto('api_tokens').values({ user_name: userName, token_hash: tokenHash, created_at: nowIso(), revoked_at: null }).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

/** The account a token hash belongs to, when the token exists and is not revoked. */
export async function findApiTokenUser(db: Db, tokenHash: string): Promise<string | undefined> {
  const row = await db.selectFrom('api_tokens').select('user_name').where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst();
  return row?.user_name;
}

/** An API token as listed: never its value, which only its owner saw once. */
export interface ApiTokenRecord {
  id: number;
  userName: string;
  createdAt: string;
  revokedAt: string | null;
}

/** Lists the tokens of every account, or one account's. */
export async function listApiTokens(db: Db, userName?: string): Promise<ApiTokenRecord[]> {
  let query = db.selectFrom('api_tokens').selectAll().orderBy('id');
  if (userName !== undefined) query = query.where('user_name', '=', userName);
  return (await query.execute()).map((row) => ({ id: Number(row.id), userName: row.user_name, createdAt: row.created_at, revokedAt: row.revoked_at }));
}

/** Revokes a token by id; false when there is no such token or it was revoked already. */
export async function revokeApiToken(db: Db, id: number): Promise<boolean> {
  const result = await db.updateTable('api_tokens').set({ revoked_at: nowIso() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Records a failed sign-in for an account name and an address. */
export async function recordLoginFailure(db: Db, userName: string, address: string, now = new Date()): Promise<void> {
  await db.insertInto('login_failures').values({ user_name: userName, address, failed_at: nowIso(now) }).execute();
}

/** Failed sign-ins since an instant, for the account name and for the address. */
export async function countLoginFailures(db: Db, userName: string, address: string, since: Date): Promise<{ user: number; address: number }> {
  const count = async (column: 'user_name' | 'address', value: string) => {
    const row = await db
      .selectFrom('login_failures')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(column, '=', value)
      .where('failed_at', '>=', nowIso(since))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return { user: await count('user_name', userName), address: await count('address', address) };
}

/** Forgets failed sign-ins older than an instant, which no limit counts any more. */
export async function pruneLoginFailures(db: Db, before: Date): Promise<void> {
  await db.deleteFrom('login_failures').where('failed_at', '<', nowIso(before)).execute();
}
