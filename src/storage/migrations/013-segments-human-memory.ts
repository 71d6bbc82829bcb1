import type { Kysely } from 'kysely';

/**
 * Adds what review and post-editing need.
 *
 * - `translation_segments`: a story's translation, sentence by sentence, in order: the source
 *   segment and its translation in canonical form (placeholders `<xN>`, as the translation memory
 *   keys them), the texts of its atom placeholders (names, URLs) so an editor reads them, who
 *   translated it (`origin` machine or human) and the engine of a machine translation.
 * - `translations.segmented_with`: the settings the text was segmented with (source language,
 *   protected terms, glossary), JSON, so an edited story is put back together exactly as it was
 *   translated even after the campaign's settings change.
 *
 * Human entries of the translation memory need no column: they are stored under the engine key
 * `human`, which no engine has, so no engine's `remember` can overwrite one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('translation_segments')
    .addColumn('story_id', 'integer', (col) => col.notNull().references('stories.id'))
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('n', 'integer', (col) => col.notNull())
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('translation', 'text', (col) => col.notNull())
    .addColumn('atoms', 'text', (col) => col.notNull())
    .addColumn('origin', 'text', (col) => col.notNull())
    .addColumn('engine', 'text')
    .addPrimaryKeyConstraint('translation_segments_pk', ['story_id', 'language', 'n'])
    .execute();
  await db.schema.alterTable('translations').addColumn('segmented_with', 'text').execute();
}
