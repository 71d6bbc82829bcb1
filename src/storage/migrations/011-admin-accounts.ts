import type { Kysely } from 'kysely';
import { autoIdType, onPostgres } from './portable.js';

/**
 * Adds what the admin area and its API need.
 *
 * - `admin_users`: accounts, with an scrypt hash of the password and its salt (hex).
 * - `admin_sessions`: signed-in browsers, keyed by the SHA-256 of the cookie's value (a stolen
 *   database does not give a usable cookie), with the form token of the session and an expiry.
 * - `api_tokens`: bearer tokens, stored as SHA-256 hashes; a revoked one keeps its row.
 * - `login_failures`: failed sign-ins per user and per address, so the limit holds across restarts.
 * - `engine_usage`: characters sent to each engine per UTC day.
 * - `sources.paused_at`: a paused source is not polled until it is resumed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('admin_users')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('password_hash', 'text', (col) => col.notNull())
    .addColumn('password_salt', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('admin_sessions')
    .addColumn('id_hash', 'text', (col) => col.primaryKey())
    .addColumn('user_name', 'text', (col) => col.notNull().references('admin_users.name').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', autoIdType(db), (col) => (onPostgres(db) ? col.primaryKey() : col.primaryKey().autoIncrement()))
    .addColumn('user_name', 'text', (col) => col.notNull().references('admin_users.name').onDelete('cascade'))
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createTable('login_failures')
    .addColumn('id', autoIdType(db), (col) => (onPostgres(db) ? col.primaryKey() : col.primaryKey().autoIncrement()))
    .addColumn('user_name', 'text', (col) => col.notNull())
    .addColumn('address', 'text', (col) => col.notNull())
    .addColumn('failed_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('login_failures_user').on('login_failures').columns(['user_name', 'failed_at']).execute();
  await db.schema.createIndex('login_failures_address').on('login_failures').columns(['address', 'failed_at']).execute();
  await db.schema
    .createTable('engine_usage')
    .addColumn('engine', 'text', (col) => col.notNull())
    .addColumn('day', 'text', (col) => col.notNull())
    .addColumn('characters', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('requests', 'bigint', (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('engine_usage_pk', ['engine', 'day'])
    .execute();
  await db.schema.alterTable('sources').addColumn('paused_at', 'text').execute();
}
