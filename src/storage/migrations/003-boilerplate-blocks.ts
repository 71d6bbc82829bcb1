import type { Kysely } from 'kysely';

/** Adds the per-source history of body block fingerprints, from which boilerplate is learned. */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per (source, fingerprint, story): a story re-extracted replaces its rows, never adds to them.
  await db.schema
    .createTable('boilerplate_blocks')
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('fingerprint', 'text', (col) => col.notNull())
    .addColumn('story_id', 'integer', (col) => col.notNull().references('stories.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('boilerplate_blocks_pk', ['source', 'fingerprint', 'story_id'])
    .execute();
  await db.schema.createIndex('boilerplate_blocks_story').on('boilerplate_blocks').columns(['story_id']).execute();
  await db.schema.createIndex('boilerplate_blocks_source_story').on('boilerplate_blocks').columns(['source', 'story_id']).execute();
}
