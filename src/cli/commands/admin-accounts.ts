import type { Config } from '../../config/index.js';
import { CommandError } from '../../domain/errors.js';
import { databaseFile } from '../../pipeline/index.js';
import { listApiTokens, openDatabase, readUser, recordApiToken, recordAudit, revokeApiToken, saveUser, type Db } from '../../storage/index.js';
import { createSecret, hashPassword, hashSecret } from '../../web/admin/credentials.js';

const MIN_PASSWORD_LENGTH = 12;

async function withDatabase<T>(config: Readonly<Config>, work: (db: Db) => Promise<T>): Promise<T> {
  const database = await openDatabase(databaseFile(config));
  try {
    return await work(database.db);
  } finally {
    await database.close();
  }
}

/** Creates an admin account, or sets a new password on an existing one (signing its sessions out). */
export async function addAdminUser(config: Readonly<Config>, name: string, password: string): Promise<string> {
  if (!/^[\p{L}\p{N}._@-]{1,64}$/u.test(name)) throw new CommandError('admin add-user', `"${name}" is not a usable name (letters, digits, . _ @ -; up to 64)`);
  if ([...password].length < MIN_PASSWORD_LENGTH) throw new CommandError('admin add-user', `the password has fewer than ${MIN_PASSWORD_LENGTH} characters; choose a longer one`);
  const user = await hashPassword(name, password);
  return withDatabase(config, async (db) => {
    const created = await saveUser(db, user);
    await recordAudit(db, { actor: 'relais', action: created ? 'user.add' : 'user.password', detail: name });
    return created ? `created admin user ${name}: sign in at /admin/login` : `set a new password for ${name} (its sessions are signed out)`;
  });
}

/** Creates an API token for an account and answers it: it is shown once, only its hash is kept. */
export async function createAdminToken(config: Readonly<Config>, name: string): Promise<{ id: number; token: string }> {
  return withDatabase(config, async (db) => {
    if (!(await readUser(db, name))) throw new CommandError('admin token', `no admin user ${name} (create it with: relais admin add-user ${name})`);
    const token = createSecret();
    const id = await recordApiToken(db, name, hashSecret(token));
    await recordAudit(db, { actor: 'relais', action: 'token.create', detail: `${name} #${id}` });
    return { id, token };
  });
}

/** Revokes an API token by id. */
export async function revokeAdminToken(config: Readonly<Config>, id: number): Promise<string> {
  return withDatabase(config, async (db) => {
    if (!(await revokeApiToken(db, id))) throw new CommandError('admin revoke-token', `no live token #${id} (see relais admin tokens)`);
    await recordAudit(db, { actor: 'relais', action: 'token.revoke', detail: `#${id}` });
    return `revoked token #${id}`;
  });
}

/** Lists API tokens (never their values). */
export async function formatAdminTokens(config: Readonly<Config>): Promise<string> {
  return withDatabase(config, async (db) => {
    const tokens = await listApiTokens(db);
    if (tokens.length === 0) return 'no API tokens (create one with: relais admin token NAME)';
    return tokens.map((token) => `#${token.id}  ${token.userName}  created ${token.createdAt}${token.revokedAt ? `  revoked ${token.revokedAt}` : ''}`).join('\n');
  });
}

/**
 * Reads a password: from the terminal without echo (asked twice), or the first line of stdin when
 * it is not a terminal (`printf '%s\n' "$PASSWORD" | relais admin add-user NAME`).
 */
export async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    return text.split(/\r?\n/)[0] ?? '';
  }
  const first = await askHidden('Password: ');
  const second = await askHidden('Again: ');
  if (first !== second) throw new CommandError('admin add-user', 'the two passwords differ; nothing was changed');
  return first;
}

function askHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let typed = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003') return done(new CommandError('admin add-user', 'interrupted; nothing was changed'));
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += char;
      }
    };
    stdin.on('data', onData);
  });
}
