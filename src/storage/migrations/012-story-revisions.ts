import { sql, type Kysely } from 'kysely';

/**
 * Adds what re-checking published stories at their source needs.
 *
 * - `story_revisions`: each version of a story's source text, numbered from 1, with when its page
 *   was fetched and when it was extracted. Revision 1 of a story extracted before this migration
 *   is its current article.
 * - `stories.recheck_at`: when a published story's page is fetched again (null: not any more);
 *   `stories.feed_hash`: a hash of its feed item as last polled, so a changed item is seen.
 * - `pages.etag` / `pages.last_modified`: the page's validators, sent on the next fetch.
 * - `publications.updated_at`: when the published text last followed a change at the source.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('story_revisions')
    .addColumn('story_id', 'integer', (col) => col.notNull().references('stories.id'))
    .addColumn('n', 'integer', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('html', 'text', (col) => col.notNull())
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('fetched_at', 'text', (col) => col.notNull())
    .addColumn('extracted_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('story_revisions_key', ['story_id', 'n'])
    .execute();
  await sql`INSERT INTO story_revisions (story_id, n, title, html, text, fetched_at, extracted_at)
    SELECT a.story_id, 1, a.title, a.html, a.text, p.fetched_at, p.fetched_at FROM articles a JOIN pages p ON p.story_id = a.story_id`.execute(db);
  await db.schema.alterTable('stories').addColumn('recheck_at', 'text').execute();
  await db.schema.alterTable('stories').addColumn('feed_hash', 'text').execute();
  await db.schema.createIndex('stories_recheck').on('stories').columns(['state', 'recheck_at']).execute();
  await db.schema.alterTable('pages').addColumn('etag', 'text').execute();
  await db.schema.alterTable('pages').addColumn('last_modified', 'text').execute();
  await db.schema.alterTable('publications').addColumn('updated_at', 'text').execute();
}
