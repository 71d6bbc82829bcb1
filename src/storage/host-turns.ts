import { sql } from 'kysely';
import type { Db } from './db.js';

/**
 * Reserves the next request slot for a host, shared by every process on the database: the slot
 * starts when the previous one's spacing has passed (or now, when it has already), and the next
 * one `spacingMs` later. Returns how many milliseconds to wait before sending the request. One
 * statement (an upsert returning the new instant), so two processes never get the same slot.
 */
export async function takeHostTurn(db: Db, host: string, spacingMs: number, now: number): Promise<number> {
  const current = sql.ref('host_turns.next_at');
  const row = await db
    .insertInto('host_turns')
    .values({ host, next_at: now + spacingMs })
    .onConflict((oc) =>
      oc.column('host').doUpdateSet({ next_at: sql<number>`case when ${current} > ${now} then ${current} else ${now} end + ${spacingMs}` }),
    )
    .returning('next_at')
    .executeTakeFirstOrThrow();
  // PostgreSQL hands a bigint back as a string.
  return Math.max(0, Number(row.next_at) - spacingMs - now);
}
