import type { Kysely } from 'kysely';

/** Adds the robots.txt cache: what each origin answered, kept until it expires (24 h). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('robots_txt')
    .addColumn('origin', 'text', (col) => col.primaryKey())
    // 'rules' (2xx: body holds the file) or 'allow-all' (4xx: no rules apply).
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('status', 'integer', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('fetched_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .execute();
}
