import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  sql,
  Migrator,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type Migration,
  type MigrationProvider,
  type PostgresDialectConfig,
  type SqliteDialectConfig,
} from 'kysely';
import pg from 'pg';
import { StorageError, describeError } from '../domain/errors.js';
import { ErrorNamingDriver, SQLITE_BUSY_TIMEOUT_MS } from './database-errors.js';
import * as initial from './migrations/001-initial.js';
import * as memoryStats from './migrations/002-memory-stats.js';
import * as boilerplateBlocks from './migrations/003-boilerplate-blocks.js';
import * as engineProblems from './migrations/004-engine-problems.js';
import * as robotsTxt from './migrations/005-robots-txt.js';
import * as boilerplateKnown from './migrations/006-boilerplate-known.js';
import * as storyLeases from './migrations/007-story-leases.js';
import * as hostTurns from './migrations/008-host-turns.js';
import * as sitePages from './migrations/009-site-pages.js';
import * as takedown from './migrations/010-takedown.js';
import * as adminAccounts from './migrations/011-admin-accounts.js';
import * as storyRevisions from './migrations/012-story-revisions.js';
import * as segmentsHumanMemory from './migrations/013-segments-human-memory.js';
import * as storyFingerprints from './migrations/014-story-fingerprints.js';
import type { DatabaseSchema } from './schema.js';

/** The typed query builder over relais's database. */
export type Db = Kysely<DatabaseSchema>;

/** An open database; close it when done. */
export interface DatabaseHandle {
  db: Db;
  /** Where the database lives: the SQLite file, or the PostgreSQL URL without its password. */
  file: string;
  close(): Promise<void>;
}

// Numbered migrations, applied in name order; never edit one that has shipped, add the next.
const migrations: Record<string, Migration> = {
  '001-initial': initial,
  '002-memory-stats': memoryStats,
  '003-boilerplate-blocks': boilerplateBlocks,
  '004-engine-problems': engineProblems,
  '005-robots-txt': robotsTxt,
  '006-boilerplate-known': boilerplateKnown,
  '007-story-leases': storyLeases,
  '008-host-turns': hostTurns,
  '009-site-pages': sitePages,
  '010-takedown': takedown,
  '011-admin-accounts': adminAccounts,
  '012-story-revisions': storyRevisions,
  '013-segments-human-memory': segmentsHumanMemory,
  '014-story-fingerprints': storyFingerprints,
};

const staticProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};

/** True when a database location is a PostgreSQL URL rather than a SQLite file path. */
export function isPostgresLocation(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** A database location fit for logs and errors: a PostgreSQL URL loses its password. */
export function describeLocation(location: string): string {
  if (!isPostgresLocation(location)) return location;
  try {
    const url = new URL(location);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

/**
 * Opens the database at a location — a SQLite file (created if needed, in WAL mode) or a
 * postgres:// URL — and applies pending migrations.
 */
export async function openDatabase(location: string): Promise<DatabaseHandle> {
  const postgres = isPostgresLocation(location);
  const name = describeLocation(location);
  const db = postgres
    ? new Kysely<DatabaseSchema>({ dialect: new ErrorNamingPostgresDialect({ pool: openPool(location, name) }, name) })
    : new Kysely<DatabaseSchema>({ dialect: new TransactionalSqliteDialect({ database: cachingStatements(openSqlite(location)) }, name) });
  const { error, results } = await new Migrator({ db, provider: staticProvider }).migrateToLatest();
  if (error) {
    await db.destroy();
    // Already saying what to do (the server is down, the disk is full).
    if (error instanceof StorageError) throw error;
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new StorageError(`migration ${failed} failed on ${name}: ${describeError(error)}`, { cause: error });
  }
  return { db, file: name, close: () => db.destroy() };
}

function openPool(location: string, name: string): pg.Pool {
  let pool: pg.Pool;
  try {
    pool = new pg.Pool({ connectionString: location, max: 10, connectionTimeoutMillis: 10_000 });
  } catch (error) {
    throw new StorageError(`cannot open database ${name}: ${describeError(error)} (check the database URL)`, { cause: error });
  }
  // A client losing its server emits 'error', and an 'error' with no listener ends the process:
  // pg-pool listens on idle clients only. The query in flight, or the next one, reports it instead.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

// Kysely's PostgreSQL dialect, with failures named by ErrorNamingDriver.
class ErrorNamingPostgresDialect extends PostgresDialect {
  readonly #location: string;

  constructor(config: PostgresDialectConfig, location: string) {
    super(config);
    this.#location = location;
  }

  override createDriver(): Driver {
    return new ErrorNamingDriver(super.createDriver(), this.#location, 'postgres');
  }
}

// SQLite runs DDL inside transactions, but Kysely's adapter says it does not, so by default each
// statement of a migration commits on its own: a process killed in the middle of one would leave
// a table created but the migration unrecorded, and the next start would fail on "already exists".
// With this adapter all pending migrations and their bookkeeping commit together or not at all.
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

// Several processes (workers) write one SQLite file. A deferred transaction that reads and then
// writes fails at once with SQLITE_BUSY when another process wrote in between, without waiting on
// busy_timeout; one that takes the write lock when it begins waits its turn instead.
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/**
 * Kysely's SQLite dialect, with migrations applied in one transaction, transactions that take the
 * write lock as they begin, and failures named by ErrorNamingDriver after `location` (the file).
 */
export class TransactionalSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #location: string;

  constructor(config: SqliteDialectConfig, location = 'SQLite database') {
    super(config);
    this.#config = config;
    this.#location = location;
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalSqliteAdapter();
  }

  override createDriver(): Driver {
    return new ErrorNamingDriver(new ImmediateSqliteDriver(this.#config), this.#location, 'sqlite');
  }
}

// Kysely prepares every query anew; preparing costs about as much as running the pipeline's small
// queries, so the connection keeps the most recently used statements (SQLite re-prepares a kept
// statement by itself when the schema changes). Queries over lists of varying length have many
// texts, hence the bound.
const STATEMENT_CACHE_SIZE = 200;

function cachingStatements(sqlite: SqliteDatabase.Database): SqliteDialectConfig['database'] {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (statement) statements.delete(sql);
      else statement = sqlite.prepare(sql);
      statements.set(sql, statement);
      if (statements.size > STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value as string);
      return statement;
    },
  };
}

function openSqlite(file: string): SqliteDatabase.Database {
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const sqlite = new SqliteDatabase(file);
    // WAL lets the site read while the pipeline writes; NORMAL sync is durable across process crashes.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    return sqlite;
  } catch (error) {
    throw new StorageError(
      `cannot open database ${file}: ${describeError(error)} (check that data_dir exists and is writable)`,
      { cause: error },
    );
  }
}

/** Asks the database the smallest question there is; throws what a query would when it cannot answer. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`SELECT 1`.execute(db);
}

/** The current time as stored in the database. */
export function nowIso(now: Date = new Date()): string {
  return now.toISOString();
}
