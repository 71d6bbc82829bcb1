import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  Migrator,
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
import { StorageError, describeError } from '../domain/errors.js';
import * as initial from './migrations/001-initial.js';
import * as memoryStats from './migrations/002-memory-stats.js';
import * as boilerplateBlocks from './migrations/003-boilerplate-blocks.js';
import * as engineProblems from './migrations/004-engine-problems.js';
import * as robotsTxt from './migrations/005-robots-txt.js';
import * as boilerplateKnown from './migrations/006-boilerplate-known.js';
import * as storyLeases from './migrations/007-story-leases.js';
import * as hostTurns from './migrations/008-host-turns.js';
import type { DatabaseSchema } from './schema.js';

/** The typed query builder over relais's database. */
export type Db = Kysely<DatabaseSchema>;

/** An open database; close it when done. */
export interface DatabaseHandle {
  db: Db;
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
};

const staticProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};

/** Opens (creating if needed) the SQLite file in WAL mode and applies pending migrations. */
export async function openDatabase(file: string): Promise<DatabaseHandle> {
  const sqlite = openSqlite(file);
  const db = new Kysely<DatabaseSchema>({ dialect: new TransactionalSqliteDialect({ database: sqlite }) });
  const { error, results } = await new Migrator({ db, provider: staticProvider }).migrateToLatest();
  if (error) {
    await db.destroy();
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new StorageError(`migration ${failed} failed on ${file}: ${describeError(error)}`, { cause: error });
  }
  return { db, file, close: () => db.destroy() };
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
