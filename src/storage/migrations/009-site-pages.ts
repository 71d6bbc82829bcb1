import { sql, type Kysely } from 'kysely';
import { autoIdType, binaryType, onPostgres } from './portable.js';

/**
 * Adds the site's page store and what keeps it current.
 *
 * - `site_pages`: every public page and feed as it is served: the rendered bytes, the same bytes
 *   gzip-compressed, a strong ETag (a hash of the bytes), status, type and cache policy.
 * - `site_changes`: publications that changed since the pages were last rendered, written in the
 *   same transaction as the publication, so a crash between the two loses no re-render.
 * - `site_state`: one row: the signature of the settings the pages were rendered with, the
 *   categories their navigation shows, a generation that grows with every render (servers reload
 *   what changed when it moves), and who is rendering now.
 * - `publications` keep the text they were published with (title, summary, body): a story sent
 *   back to be translated again shows its published text until it is published again, even when
 *   the new translation is held for review.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('site_pages')
    .addColumn('path', 'text', (col) => col.primaryKey())
    .addColumn('status', 'integer', (col) => col.notNull())
    .addColumn('content_type', 'text', (col) => col.notNull())
    .addColumn('cache_control', 'text', (col) => col.notNull())
    .addColumn('body', binaryType(db), (col) => col.notNull())
    .addColumn('body_gzip', binaryType(db), (col) => col.notNull())
    .addColumn('etag', 'text', (col) => col.notNull())
    .addColumn('generation', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('site_changes')
    .addColumn('id', autoIdType(db), (col) => (onPostgres(db) ? col.primaryKey() : col.primaryKey().autoIncrement()))
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('slug', 'text', (col) => col.notNull())
    .addColumn('category_slug', 'text', (col) => col.notNull())
    .addColumn('published_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('site_state')
    .addColumn('id', 'integer', (col) => col.primaryKey())
    .addColumn('signature', 'text')
    .addColumn('categories', 'text')
    .addColumn('generation', 'bigint', (col) => col.notNull())
    .addColumn('render_owner', 'text')
    .addColumn('render_until', 'text')
    .execute();
  for (const column of ['title', 'summary', 'html']) {
    await db.schema.alterTable('publications').addColumn(column, 'text', (col) => col.notNull().defaultTo('')).execute();
    await sql`UPDATE publications SET ${sql.ref(column)} = COALESCE((SELECT t.${sql.ref(column)} FROM translations t WHERE t.story_id = publications.story_id AND t.language = publications.language), '')`.execute(db);
  }
  await db.insertInto('site_state' as never).values({ id: 1, generation: 0 } as never).execute();
}
