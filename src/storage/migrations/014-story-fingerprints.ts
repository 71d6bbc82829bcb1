import type { Kysely } from 'kysely';

/**
 * Adds what finds the same story from several sources (src/pipeline/duplicates.ts).
 *
 * - `story_fingerprints`: each extracted story's MinHash signature, with the language it is
 *   published in (its campaign's target), its site (stories of one site are never compared: they
 *   share a template, and formula copy shares its wording) and when it was extracted.
 * - `story_fingerprint_bands`: the signature's LSH band keys, one row each, so that the stories
 *   sharing a band with a new one, in its language and window, are one indexed lookup.
 * - `story_duplicates`: a story skipped as a copy of another, with the similarity, and the name and
 *   URL its source gives it (what the published story's "also reported by" shows).
 * - an index of stories by URL: the same URL in two campaigns of one language is found at once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('story_fingerprints')
    .addColumn('story_id', 'integer', (col) => col.primaryKey())
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('site', 'text', (col) => col.notNull())
    .addColumn('signature', 'text', (col) => col.notNull())
    .addColumn('extracted_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('story_fingerprint_bands')
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('band', 'text', (col) => col.notNull())
    .addColumn('story_id', 'integer', (col) => col.notNull())
    .addColumn('extracted_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('story_fingerprint_bands_pk', ['language', 'band', 'story_id'])
    .execute();
  await db.schema.createIndex('story_fingerprint_bands_story').on('story_fingerprint_bands').column('story_id').execute();
  await db.schema
    .createTable('story_duplicates')
    .addColumn('story_id', 'integer', (col) => col.primaryKey())
    .addColumn('duplicate_of', 'integer', (col) => col.notNull())
    .addColumn('similarity', 'real', (col) => col.notNull())
    .addColumn('source_name', 'text', (col) => col.notNull())
    .addColumn('original_url', 'text', (col) => col.notNull())
    .addColumn('recorded_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('story_duplicates_of').on('story_duplicates').columns(['duplicate_of', 'recorded_at']).execute();
  await db.schema.createIndex('stories_url').on('stories').column('url').execute();
}
