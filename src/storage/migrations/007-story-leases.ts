import type { Kysely } from 'kysely';

/**
 * Adds the lease a worker holds on a story while it works on it: who holds it and until when.
 * The story's state stays in `state`; a lease only says who may write it next.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('stories').addColumn('lease_owner', 'text').execute();
  await db.schema.alterTable('stories').addColumn('lease_expires_at', 'text').execute();
}
