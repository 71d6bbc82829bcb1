import type { Db } from './db.js';

/** Characters and requests sent to an engine on one UTC day. */
export interface EngineUsageDay {
  engine: string;
  day: string;
  characters: number;
  requests: number;
}

/** Adds one request of `characters` to an engine's count for the UTC day of `at`. */
export async function recordEngineUsage(db: Db, engine: string, characters: number, at = new Date()): Promise<void> {
  const day = at.toISOString().slice(0, 10);
  await db
    .insertInto('engine_usage')
    .values({ engine, day, characters, requests: 1 })
    .onConflict((oc) =>
      oc.columns(['engine', 'day']).doUpdateSet((eb) => ({
        characters: eb('engine_usage.characters', '+', characters),
        requests: eb('engine_usage.requests', '+', 1),
      })),
    )
    .execute();
}

/** Usage per engine and day, newest day first, over the last `days` days. */
export async function listEngineUsage(db: Db, days = 30, now = new Date()): Promise<EngineUsageDay[]> {
  const since = new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
  const rows = await db.selectFrom('engine_usage').selectAll().where('day', '>=', since).orderBy('day', 'desc').orderBy('engine').execute();
  return rows.map((row) => ({ engine: row.engine, day: row.day, characters: Number(row.characters), requests: Number(row.requests) }));
}
