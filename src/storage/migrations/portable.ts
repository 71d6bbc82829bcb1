import { PostgresAdapter, type ColumnDataType, type Kysely } from 'kysely';

/** True when a migration runs against PostgreSQL rather than SQLite. */
export function onPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * The type of an auto-numbered primary key: SQLite's `integer primary key autoincrement` (what
 * shipped), PostgreSQL's `serial`, whose ids are also plain integers.
 */
export function autoIdType(db: Kysely<unknown>): ColumnDataType {
  return onPostgres(db) ? 'serial' : 'integer';
}

/** The type of a column of bytes: SQLite's `blob`, PostgreSQL's `bytea`. */
export function binaryType(db: Kysely<unknown>): ColumnDataType {
  return onPostgres(db) ? 'bytea' : 'blob';
}
