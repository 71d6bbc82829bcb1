import type { Kysely } from 'kysely';

/**
 * Adds the per-host gate shared by every process on the database: for each source host, the
 * earliest instant (milliseconds since the epoch) the next request to it may start.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('host_turns')
    .addColumn('host', 'text', (col) => col.primaryKey())
    .addColumn('next_at', 'bigint', (col) => col.notNull())
    .execute();
}
