import type { LanguagePair } from '../domain/types.js';
import { nowIso, type Db } from './db.js';

/** An engine stopped for a language pair, as stored: why, and when it was first and last seen. */
export interface EngineProblemRecord {
  engine: string;
  from: string;
  to: string;
  reason: string;
  firstSeenAt: string;
  lastSeenAt: string;
}

/** Records that an engine cannot translate a pair; seen again, the reason and last_seen_at move, first_seen_at stays. */
export async function recordEngineProblem(
  db: Db,
  problem: { engine: string; pair: LanguagePair; reason: string },
  now: Date = new Date(),
): Promise<void> {
  const seenAt = nowIso(now);
  await db
    .insertInto('engine_problems')
    .values({
      engine: problem.engine,
      source_language: problem.pair.from,
      target_language: problem.pair.to,
      reason: problem.reason,
      first_seen_at: seenAt,
      last_seen_at: seenAt,
    })
    .onConflict((oc) =>
      oc.columns(['engine', 'source_language', 'target_language']).doUpdateSet({ reason: problem.reason, last_seen_at: seenAt }),
    )
    .execute();
}

/** Forgets the problem of an engine and pair (it has translated a story again); true when there was one. */
export async function clearEngineProblem(db: Db, engine: string, pair: LanguagePair): Promise<boolean> {
  const result = await db
    .deleteFrom('engine_problems')
    .where('engine', '=', engine)
    .where('source_language', '=', pair.from)
    .where('target_language', '=', pair.to)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Every engine problem, oldest first. */
export async function listEngineProblems(db: Db): Promise<EngineProblemRecord[]> {
  const rows = await db.selectFrom('engine_problems').selectAll().orderBy('first_seen_at').orderBy('engine').execute();
  return rows.map((row) => ({
    engine: row.engine,
    from: row.source_language,
    to: row.target_language,
    reason: row.reason,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
  }));
}
