import type { Kysely } from 'kysely';
import { autoIdType, onPostgres } from './portable.js';

/**
 * Takedown and the audit log.
 *
 * - `publications.unpublished_at` / `unpublish_reason`: an unpublished story keeps its publication
 *   row, so its slug is never given to another story and its page answers 410 Gone.
 * - `audit_log`: who did what to which story, and when (people by name, relais itself as `relais`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('publications').addColumn('unpublished_at', 'text').execute();
  await db.schema.alterTable('publications').addColumn('unpublish_reason', 'text').execute();
  await db.schema
    .createTable('audit_log')
    .addColumn('id', autoIdType(db), (col) => (onPostgres(db) ? col.primaryKey() : col.primaryKey().autoIncrement()))
    .addColumn('at', 'text', (col) => col.notNull())
    .addColumn('actor', 'text', (col) => col.notNull())
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('story_id', 'integer')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('audit_log_story').on('audit_log').columns(['story_id', 'at']).execute();
}
