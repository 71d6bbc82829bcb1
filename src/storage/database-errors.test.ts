import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, startPostgresCluster, type PostgresCluster } from '../../test/support/postgres.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { DatabaseUnreachableError, StorageError } from '../domain/errors.js';
import { isConnectionError, nameDatabaseError } from './database-errors.js';
import { describeLocation, openDatabase, type Db } from './db.js';

const pgError = (code: string, message = 'server says no') => Object.assign(new Error(message), { code });

describe('isConnectionError', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a reset connection', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['a server shutting down (57P01 admin_shutdown)', pgError('57P01', 'terminating connection due to administrator command')],
    ['a server starting up (57P03 cannot_connect_now)', pgError('57P03', 'the database system is starting up')],
    ['a connection exception (class 08)', pgError('08006', 'connection failure')],
    ['a protocol violation (class 08)', pgError('08P01', 'protocol violation')],
    ['a connection terminated under a query', new Error('Connection terminated unexpectedly')],
    ['a connect timeout', new Error('timeout exceeded when trying to connect')],
    ['each address of localhost refused (AggregateError)', new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' })], '')],
    ['one wrapped as a cause', new Error('claim failed', { cause: pgError('57P01') })],
  ])('is true of %s', (_, error) => {
    expect(isConnectionError(error)).toBe(true);
  });

  it.each([
    ['a unique violation', pgError('23505', 'duplicate key value violates unique constraint')],
    ['a missing table', pgError('42P01', 'relation "stories" does not exist')],
    ['a locked SQLite file', pgError('SQLITE_BUSY', 'database is locked')],
    ['a plain error', new Error('something else')],
    ['a thrown string', 'ECONNREFUSED'],
  ])('is false of %s', (_, error) => {
    expect(isConnectionError(error)).toBe(false);
  });
});

describe('nameDatabaseError', () => {
  const location = describeLocation('postgres://relais:s3cret@db.internal:5432/relais');

  it('reports a lost PostgreSQL connection as unreachable, naming the database without its password and what to check', () => {
    const cause = pgError('57P01', 'terminating connection due to administrator command');
    const named = nameDatabaseError(cause, location, 'postgres');
    expect(named).toBeInstanceOf(DatabaseUnreachableError);
    const error = named as DatabaseUnreachableError;
    expect(error.location).toBe(location);
    expect(error.cause).toBe(cause);
    expect(error.message).toContain('database postgres://relais:***@db.internal:5432/relais is unreachable: terminating connection');
    expect(error.message).toMatch(/check that the PostgreSQL server is running/);
    expect(error.message).not.toContain('s3cret');
  });

  it('leaves other errors as they were thrown', () => {
    const unique = pgError('23505');
    expect(nameDatabaseError(unique, location, 'postgres')).toBe(unique);
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(nameDatabaseError(reset, 'data/relais.db', 'sqlite')).toBe(reset);
  });

  describe('on SQLite', () => {
    const temp = makeTempDir();
    afterAll(() => temp.remove());

    it('says which file stayed locked, and what to look for, past the busy timeout', () => {
      const file = join(temp.dir, 'locked.db');
      const holder = new SqliteDatabase(file);
      const waiter = new SqliteDatabase(file, { timeout: 0 });
      try {
        holder.exec('CREATE TABLE t (x); BEGIN IMMEDIATE; INSERT INTO t VALUES (1)');
        let busy: unknown;
        try {
          waiter.exec('BEGIN IMMEDIATE');
        } catch (error) {
          busy = error;
        }
        expect((busy as { code?: string }).code).toBe('SQLITE_BUSY');
        const named = nameDatabaseError(busy, file, 'sqlite');
        expect(named).toBeInstanceOf(StorageError);
        expect(named).not.toBeInstanceOf(DatabaseUnreachableError);
        expect((named as Error).message).toContain(`database ${file} stayed locked by another process`);
        expect((named as Error).message).toMatch(/long write transaction/);
      } finally {
        waiter.close();
        holder.close();
      }
    });

    it('says the disk is full, naming the file, when a write cannot grow it', async () => {
      const file = join(temp.dir, 'full.db');
      const handle = await openDatabase(file);
      try {
        // A database capped at its size now is as full as one on a full disk. The table is made
        // first: the schema's own pages grow with every migration.
        await sql`CREATE TABLE filler (b BLOB)`.execute(handle.db);
        const { rows } = await sql<{ page_count: number }>`PRAGMA page_count`.execute(handle.db);
        await sql.raw(`PRAGMA max_page_count = ${rows[0]!.page_count + 1}`).execute(handle.db);
        const error = await sql`INSERT INTO filler VALUES (randomblob(1000000))`.execute(handle.db).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(StorageError);
        expect((error as Error).message).toContain(`database ${file} cannot grow, the disk is full (SQLITE_FULL)`);
        expect((error as Error).message).toMatch(/free space on the disk/);
      } finally {
        await handle.close();
      }
    });
  });
});

// Answers once the database does. A pooled connection the server closed may be handed out once
// more before its close is read (pg-pool): such a try fails, as unreachable, and the next one
// gets a fresh connection; the pool holds 10 at most.
async function answersAgain(db: Db): Promise<boolean> {
  for (let attempt = 0; attempt < 11; attempt++) {
    try {
      return (await sql<{ one: number }>`SELECT 1 AS one`.execute(db)).rows[0]?.one === 1;
    } catch (error) {
      if (!(error instanceof DatabaseUnreachableError)) throw error;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return false;
}

describe.skipIf(!postgresAvailable())('a PostgreSQL database that goes away', () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  });
  afterAll(() => cluster?.stop());

  it('fails a query cut off by the server as unreachable, without ending the process, and answers again after', async () => {
    const handle = await openDatabase(cluster.createDatabase());
    const admin = await openDatabase(cluster.url);
    try {
      const sleeping = sql`SELECT pg_sleep(30)`.execute(handle.db).catch((caught: unknown) => caught);
      const terminate = sql<{ terminated: boolean }>`SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%'`;
      let terminated = 0;
      while (terminated === 0) terminated = (await terminate.execute(admin.db)).rows.filter((row) => row.terminated).length;
      const error = await sleeping;
      expect(error).toBeInstanceOf(DatabaseUnreachableError);
      expect((error as DatabaseUnreachableError).location).toBe(handle.file);
      expect((error as Error).message).toContain('terminating connection due to administrator command');
      expect(await answersAgain(handle.db)).toBe(true);
    } finally {
      await Promise.all([handle.close(), admin.close()]);
    }
  });

  it('fails every query as unreachable while the server is stopped, and answers on the same handle once it is back', async () => {
    const handle = await openDatabase(cluster.createDatabase());
    try {
      await sql`SELECT 1`.execute(handle.db);
      cluster.stopServer();
      const error = await sql`SELECT 1`.execute(handle.db).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DatabaseUnreachableError);
      expect((error as Error).message).toContain(`database ${handle.file} is unreachable`);
      cluster.startServer();
      expect(await answersAgain(handle.db)).toBe(true);
    } finally {
      await handle.close();
    }
  });
});
