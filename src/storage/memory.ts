import type { LanguagePair, TranslationMemory } from '../domain/types.js';
import { nowIso, type Db } from './db.js';

// SQLite limits the number of bound parameters per statement; look up in slices.
const LOOKUP_SLICE = 400;

/** A translation memory backed by the `translation_memory` table. */
export function createTranslationMemory(db: Db): TranslationMemory {
  return {
    async lookup(engine, pair, segments) {
      const found = new Map<string, string>();
      const unique = [...new Set(segments)];
      for (let start = 0; start < unique.length; start += LOOKUP_SLICE) {
        const slice = unique.slice(start, start + LOOKUP_SLICE);
        const rows = await selectEntries(db, engine, pair).where('source', 'in', slice).execute();
        for (const row of rows) found.set(row.source, row.target);
      }
      if (found.size > 0) await countHits(db, engine, pair, [...found.keys()]);
      return found;
    },
    async remember(engine, pair, entries) {
      if (entries.size === 0) return;
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        for (const [source, target] of entries) {
          const row = { engine, source_language: pair.from, target_language: pair.to, source, target, created_at: now };
          await trx
            .insertInto('translation_memory')
            .values(row)
            .onConflict((oc) =>
              oc.columns(['engine', 'source_language', 'target_language', 'source']).doUpdateSet({ target, created_at: now }),
            )
            .execute();
        }
      });
    },
  };
}

/** Size and reuse of the translation memory. */
export async function readMemoryStats(db: Db): Promise<{ entries: number; hits: number }> {
  const row = await db
    .selectFrom('translation_memory')
    .select((eb) => [eb.fn.countAll<number>().as('entries'), eb.fn.sum<number>('hits').as('hits')])
    .executeTakeFirst();
  return { entries: Number(row?.entries ?? 0), hits: Number(row?.hits ?? 0) };
}

function selectEntries(db: Db, engine: string, pair: LanguagePair) {
  return db
    .selectFrom('translation_memory')
    .select(['source', 'target'])
    .where('engine', '=', engine)
    .where('source_language', '=', pair.from)
    .where('target_language', '=', pair.to);
}

async function countHits(db: Db, engine: string, pair: LanguagePair, sources: string[]): Promise<void> {
  for (let start = 0; start < sources.length; start += LOOKUP_SLICE) {
    await db
      .updateTable('translation_memory')
      .set((eb) => ({ hits: eb('hits', '+', 1) }))
      .where('engine', '=', engine)
      .where('source_language', '=', pair.from)
      .where('target_language', '=', pair.to)
      .where('source', 'in', sources.slice(start, start + LOOKUP_SLICE))
      .execute();
  }
}
