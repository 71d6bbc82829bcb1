import type { Kysely } from 'kysely';

/** Adds lookup counters of the translation memory per engine and pair, for its hit rate. */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Misses are counted at lookup time: an entry's own `hits` cannot tell how often it was missing.
  await db.schema
    .createTable('translation_memory_stats')
    .addColumn('engine', 'text', (col) => col.notNull())
    .addColumn('source_language', 'text', (col) => col.notNull())
    .addColumn('target_language', 'text', (col) => col.notNull())
    .addColumn('hits', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('misses', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('translation_memory_stats_pk', ['engine', 'source_language', 'target_language'])
    .execute();
}
