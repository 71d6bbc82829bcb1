import type { CompiledQuery, DatabaseConnection, Driver, QueryCompiler, QueryResult, TransactionSettings } from 'kysely';
import { DatabaseUnreachableError, StorageError, describeError } from '../domain/errors.js';

// What the drivers throw (pg's socket errors and SQLSTATEs, better-sqlite3's result codes) says
// little to someone reading a log: every database call goes through ErrorNamingDriver, which
// reports the failures someone has to act on by the database they hit and what to do about them.

/** Which engine a database location is on. */
export type DatabaseKind = 'postgres' | 'sqlite';

/** How long a SQLite statement waits for another process's write lock before SQLITE_BUSY (busy_timeout). */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

// Socket errors, and the SQLSTATEs of a server shutting down or not yet accepting connections
// (57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now); class 08 is
// "connection exception" as a whole.
const connectionErrorCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOENT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', '57P01', '57P02', '57P03']);
const connectionErrorMessage = /Connection terminated|timeout exceeded when trying to connect|not queryable|Connection ended/i;

/** True when an error says the PostgreSQL server cannot be reached (down, restarting, connection lost, unknown host). */
export function isConnectionError(error: unknown): boolean {
  for (let current = error as { code?: unknown; cause?: unknown; errors?: unknown[]; message?: unknown } | undefined; current; current = current.cause as typeof current) {
    if (typeof current.code === 'string' && (connectionErrorCodes.has(current.code) || /^08[0-9A-Z]{3}$/.test(current.code))) return true;
    if (Array.isArray(current.errors) && current.errors.some(isConnectionError)) return true;
    if (typeof current.message === 'string' && connectionErrorMessage.test(current.message)) return true;
  }
  return false;
}

/**
 * The error a failed database call is reported as: a lost PostgreSQL connection as
 * DatabaseUnreachableError, SQLite's lock and disk-full failures as a StorageError saying what to
 * do, anything else as it was thrown. `location` is the database as described to users (no password).
 */
export function nameDatabaseError(error: unknown, location: string, kind: DatabaseKind): unknown {
  if (error instanceof StorageError) return error;
  if (kind === 'postgres') {
    if (!isConnectionError(error)) return error;
    return new DatabaseUnreachableError(
      location,
      `database ${location} is unreachable: ${describeError(error)} (check that the PostgreSQL server is running and accepts connections from this machine, and that database: or RELAIS_DATABASE_URL is right)`,
      { cause: error },
    );
  }
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') return error;
  if (code.startsWith('SQLITE_BUSY')) {
    return new StorageError(
      `database ${location} stayed locked by another process for over ${SQLITE_BUSY_TIMEOUT_MS / 1000} s (${code}): look for a process holding a long write transaction on it (a sqlite3 shell, a stuck relais), or put busy workers on PostgreSQL`,
      { cause: error },
    );
  }
  if (code === 'SQLITE_FULL') {
    return new StorageError(`database ${location} cannot grow, the disk is full (${code}): free space on the disk holding it, then start relais again`, { cause: error });
  }
  return error;
}

/** A Kysely driver whose failures are those of `inner` as nameDatabaseError reports them. */
export class ErrorNamingDriver implements Driver {
  readonly #inner: Driver;
  readonly #name: (error: unknown) => unknown;
  // The driver's own connections, behind the ones handed out: the inner driver gets its own back.
  readonly #connections = new WeakMap<DatabaseConnection, DatabaseConnection>();

  constructor(inner: Driver, location: string, kind: DatabaseKind) {
    this.#inner = inner;
    this.#name = (error) => nameDatabaseError(error, location, kind);
  }

  init(): Promise<void> {
    return this.#named(() => this.#inner.init());
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await this.#named(() => this.#inner.acquireConnection());
    const outer: DatabaseConnection = {
      executeQuery: <R>(query: CompiledQuery): Promise<QueryResult<R>> => this.#named(() => inner.executeQuery<R>(query)),
      streamQuery: <R>(query: CompiledQuery, chunkSize?: number) => inner.streamQuery<R>(query, chunkSize),
    };
    this.#connections.set(outer, inner);
    return outer;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.#named(() => this.#inner.beginTransaction(this.#own(connection), settings));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#named(() => this.#inner.commitTransaction(this.#own(connection)));
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#named(() => this.#inner.rollbackTransaction(this.#own(connection)));
  }

  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.#named(() => this.#required('savepoint')(this.#own(connection), name, compile));
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.#named(() => this.#required('rollbackToSavepoint')(this.#own(connection), name, compile));
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.#named(() => this.#required('releaseSavepoint')(this.#own(connection), name, compile));
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.#inner.releaseConnection(this.#own(connection));
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }

  #own(connection: DatabaseConnection): DatabaseConnection {
    return this.#connections.get(connection) ?? connection;
  }

  #required(method: 'savepoint' | 'rollbackToSavepoint' | 'releaseSavepoint') {
    const implementation = this.#inner[method];
    if (!implementation) throw new Error(`the database driver has no ${method}`);
    return implementation.bind(this.#inner);
  }

  async #named<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw this.#name(error);
    }
  }
}
