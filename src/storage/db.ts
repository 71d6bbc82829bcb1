import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
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
  type SqliteDialectConfig,
} from 'kysely';
import pg from 'pg';
import { StorageError, describeError } from '../domain/errors.js';
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
import * as storyRevisions from './migrations/012-story-revisions.js';
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
  '012-story-revisions': storyRevisions,
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
    ? new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool: openPool(location, name) }) })
    : new Kysely<DatabaseSchema>({ dialect: new TransactionalSqliteDialect({ database: openSqlite(location) }) });
  const { error, results } = await new Migrator({ db, provider: staticProvider }).migrateToLatest();
  if (error) {
    await db.destroy();
    if (postgres && isConnectionError(error)) throw unreachable(name, error);
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
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  return pool;
}

const connectionErrorCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOENT', '57P01', '57P03', '08006', '08001', '08003']);

/** True when an error says the PostgreSQL server cannot be reached (down, restarting, unknown host). */
export function isConnectionError(error: unknown): boolean {
  for (let current = error as { code?: unknown; cause?: unknown; errors?: unknown[]; message?: unknown } | undefined; current; current = current.cause as typeof current) {
    if (typeof current.code === 'string' && connectionErrorCodes.has(current.code)) return true;
    if (Array.isArray(current.errors) && current.errors.some(isConnectionError)) return true;
    if (typeof current.message === 'string' && /Connection terminated|timeout exceeded when trying to connect/i.test(current.message)) return true;
  }
  return false;
}

function unreachable(name: string, error: unknown): StorageError {
  return new StorageError(
    `cannot reach database ${name}: ${describeError(error)} (check that the PostgreSQL server is running and the URL in database: or RELAIS_DATABASE_URL is right)`,
    { cause: error },
  );
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

/** Kysely's SQLite dialect, with migrations applied in one transaction and transactions that take the write lock as they begin. */
export class TransactionalSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalSqliteAdapter();
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

function openSqlite(file: string): SqliteDatabase.Database {
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const sqlite = new SqliteDatabase(file);
    // WAL lets the site read while the pipeline writes; NORMAL sync is durable across process crashes.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    return sqlite;
  } catch (error) {
    throw new StorageError(
      `cannot open database ${file}: ${describeError(error)} (check that data_dir exists and is writable)`,
      { cause: error },
    );
  }
}

/** The current time as stored in the database. */
export function nowIso(now: Date = new Date()): string {
  return now.toISOString();
}
