import type { Kysely } from 'kysely';

/**
 * Marks each recorded block fingerprint with whether it was the source's known boilerplate when
 * the story was last extracted, so that a story whose block became boilerplate since can be found.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Rows written before this column existed read as not known: such a story is extracted again
  // once, the first time one of its blocks turns out to be boilerplate, and is then up to date.
  await db.schema.alterTable('boilerplate_blocks').addColumn('known', 'integer', (col) => col.notNull().defaultTo(0)).execute();
}
