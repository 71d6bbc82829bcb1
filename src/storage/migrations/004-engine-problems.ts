import type { Kysely } from 'kysely';

/** Adds the engines a run stopped for a language pair, with why, until the pair translates again. */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per engine and pair: a problem seen again only moves last_seen_at and its reason.
  await db.schema
    .createTable('engine_problems')
    .addColumn('engine', 'text', (col) => col.notNull())
    .addColumn('source_language', 'text', (col) => col.notNull())
    .addColumn('target_language', 'text', (col) => col.notNull())
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('first_seen_at', 'text', (col) => col.notNull())
    .addColumn('last_seen_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('engine_problems_pk', ['engine', 'source_language', 'target_language'])
    .execute();
}
