import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { findApiTokenUser, listApiTokens, openDatabase, readUser } from '../../storage/index.js';
import { hashSecret, isPasswordOf } from '../../web/admin/credentials.js';
import { makeTempDir } from '../../../test/support/temp-dir.js';
import { freshDatabaseLocation } from '../../../test/support/test-database.js';
import { runRelais } from '../../../test/support/run-relais.js';

// stdin is a pipe here, not a terminal: the password is its first line.
const relais = (args: readonly string[], stdin = '') => runRelais(args, { stdin });

describe('relais admin', () => {
  const temp = makeTempDir();
  const configFile = join(temp.dir, 'relais.yaml');
  const database = freshDatabaseLocation(temp.dir);
  writeFileSync(configFile, stringify({ data_dir: temp.dir, database, campaigns: [{ id: 'c', sources: ['https://news.example/feed.xml'], to: 'fr', category: 'X' }] }));
  afterAll(() => temp.remove());

  it('creates an account from a password on stdin, prints a token once, and revokes it', async () => {
    const short = await relais(['admin', 'add-user', 'editor', '-c', configFile], 'short\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('fewer than 12 characters');

    const added = await relais(['admin', 'add-user', 'editor', '-c', configFile], 'a long enough password\n');
    expect(added.stderr).toBe('');
    expect(added.stdout).toContain('created admin user editor');
    const missing = await relais(['admin', 'token', 'nobody', '-c', configFile]);
    expect(missing.stderr).toContain('no admin user nobody');

    const issued = await relais(['admin', 'token', 'editor', '-c', configFile]);
    const token = issued.stdout.trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const revoked = await relais(['admin', 'revoke-token', '1', '-c', configFile]);
    expect(revoked.stdout).toContain('revoked token #1');

    const handle = await openDatabase(database);
    try {
      const user = await readUser(handle.db, 'editor');
      expect(user && (await isPasswordOf(user, 'a long enough password'))).toBe(true);
      expect(user && (await isPasswordOf(user, 'a long enough passworD'))).toBe(false);
      // Only the token's hash is stored, and once revoked it opens nothing.
      expect(JSON.stringify(await handle.db.selectFrom('api_tokens').selectAll().execute())).not.toContain(token);
      expect(await findApiTokenUser(handle.db, hashSecret(token))).toBeUndefined();
      expect((await listApiTokens(handle.db))[0]).toMatchObject({ id: 1, userName: 'editor', revokedAt: expect.any(String) });
    } finally {
      await handle.close();
    }
  });
});
