import { sql, type Kysely } from 'kysely';
import { autoIdType, binaryType, onPostgres } from './portable.js';

/** Creates sources, stories and their stage outputs, publications and the translation memory. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sources')
    .addColumn('id', autoIdType(db), (col) => (onPostgres(db) ? col.primaryKey() : col.primaryKey().autoIncrement()))
    .addColumn('campaign_id', 'text', (col) => col.notNull())
    .addColumn('url', 'text', (col) => col.notNull())
    .addColumn('title', 'text')
    .addColumn('site_url', 'text')
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('last_polled_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('error_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_poll_at', 'text')
    .addUniqueConstraint('sources_campaign_url', ['campaign_id', 'url'])
    .execute();

  await db.schema
    .createTable('stories')
    .addColumn('id', autoIdType(db), (col) => (onPostgres(db) ? col.primaryKey() : col.primaryKey().autoIncrement()))
    .addColumn('campaign_id', 'text', (col) => col.notNull())
    .addColumn('source_id', 'integer', (col) => col.notNull().references('sources.id'))
    .addColumn('url', 'text', (col) => col.notNull())
    .addColumn('guid', 'text')
    .addColumn('original_url', 'text', (col) => col.notNull())
    .addColumn('feed_title', 'text')
    .addColumn('feed_summary', 'text')
    .addColumn('feed_published_at', 'text')
    .addColumn('feed_image_url', 'text')
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('failed_stage', 'text')
    .addColumn('reason', 'text')
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('discovered_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('stories_campaign_url', ['campaign_id', 'url'])
    .execute();
  // A story is discovered once per campaign: by canonical URL, or by GUID when the feed gives one.
  await sql`CREATE UNIQUE INDEX stories_campaign_guid ON stories (campaign_id, guid) WHERE guid IS NOT NULL`.execute(db);
  await db.schema.createIndex('stories_state').on('stories').columns(['state', 'campaign_id']).execute();

  await db.schema
    .createTable('pages')
    .addColumn('story_id', 'integer', (col) => col.primaryKey().references('stories.id'))
    .addColumn('final_url', 'text', (col) => col.notNull())
    .addColumn('content_type', 'text', (col) => col.notNull())
    .addColumn('body_gzip', binaryType(db), (col) => col.notNull())
    .addColumn('fetched_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('articles')
    .addColumn('story_id', 'integer', (col) => col.primaryKey().references('stories.id'))
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('byline', 'text')
    .addColumn('published_at', 'text')
    .addColumn('modified_at', 'text')
    .addColumn('lead_image_url', 'text')
    .addColumn('lead_image_alt', 'text')
    .addColumn('language', 'text')
    .addColumn('site_name', 'text')
    .addColumn('excerpt', 'text')
    .addColumn('html', 'text', (col) => col.notNull())
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('word_count', 'integer', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('translations')
    .addColumn('story_id', 'integer', (col) => col.notNull().references('stories.id'))
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('engine', 'text', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('summary', 'text', (col) => col.notNull())
    .addColumn('html', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('translations_pk', ['story_id', 'language'])
    .execute();

  await db.schema
    .createTable('publications')
    .addColumn('story_id', 'integer', (col) => col.notNull().references('stories.id'))
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('slug', 'text', (col) => col.notNull().unique())
    .addColumn('category_name', 'text', (col) => col.notNull())
    .addColumn('category_slug', 'text', (col) => col.notNull())
    .addColumn('source_name', 'text', (col) => col.notNull())
    .addColumn('published_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('publications_pk', ['story_id', 'language'])
    .execute();
  await db.schema
    .createIndex('publications_latest')
    .on('publications')
    .columns(['language', 'published_at'])
    .execute();
  await db.schema
    .createIndex('publications_category')
    .on('publications')
    .columns(['language', 'category_slug', 'published_at'])
    .execute();

  await db.schema
    .createTable('translation_memory')
    .addColumn('engine', 'text', (col) => col.notNull())
    .addColumn('source_language', 'text', (col) => col.notNull())
    .addColumn('target_language', 'text', (col) => col.notNull())
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('target', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('hits', 'integer', (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('translation_memory_pk', ['engine', 'source_language', 'target_language', 'source'])
    .execute();
}
