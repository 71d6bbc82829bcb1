import type { LanguagePair, MemoryMatch, TranslationMemory } from '../domain/types.js';
import { StorageError } from '../domain/errors.js';
import { nowIso, type Db } from './db.js';

// SQLite limits the number of bound parameters per statement; look up in slices.
const LOOKUP_SLICE = 400;

/**
 * The engine key of editors' translations. No engine has this id, so no engine's `remember`
 * writes over one, and every engine's lookup of the pair finds it.
 */
export const HUMAN_TRANSLATOR = 'human';

/** A translation memory backed by the `translation_memory` table. */
export function createTranslationMemory(db: Db): TranslationMemory {
  return {
    async lookup(engine, pair, segments) {
      const found = new Map<string, MemoryMatch>();
      const unique = [...new Set(segments)];
      for (let start = 0; start < unique.length; start += LOOKUP_SLICE) {
        const slice = unique.slice(start, start + LOOKUP_SLICE);
        const rows = await selectEntries(db, [engine, HUMAN_TRANSLATOR], pair).where('source', 'in', slice).execute();
        for (const row of rows) {
          // An editor's translation wins over the engine's, whichever row comes first.
          if (row.engine === HUMAN_TRANSLATOR) found.set(row.source, { target: row.target, origin: 'human' });
          else if (!found.has(row.source)) found.set(row.source, { target: row.target, origin: 'machine' });
        }
      }
      const byOrigin = (origin: MemoryMatch['origin']) => [...found].filter(([, match]) => match.origin === origin).map(([source]) => source);
      await countHits(db, engine, pair, byOrigin('machine'));
      await countHits(db, HUMAN_TRANSLATOR, pair, byOrigin('human'));
      await countLookups(db, engine, pair, { hits: found.size, misses: unique.length - found.size });
      return found;
    },
    async remember(engine, pair, entries) {
      if (engine === HUMAN_TRANSLATOR) {
        throw new StorageError(`the translation memory's engine key "${HUMAN_TRANSLATOR}" is kept for editors' translations (record them with rememberHumanTranslation)`);
      }
      if (entries.size === 0) return;
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        for (const [source, target] of entries) await upsertEntry(trx, { engine, pair, source, target, now });
      });
    },
  };
}

/**
 * Remembers an editor's translation of a source segment (canonical form): it wins over every
 * engine's translation of that segment in the pair from then on. Runs inside the caller's transaction.
 */
export async function rememberHumanTranslation(trx: Db, pair: LanguagePair, source: string, target: string): Promise<void> {
  await upsertEntry(trx, { engine: HUMAN_TRANSLATOR, pair, source, target, now: nowIso() });
}

async function upsertEntry(trx: Db, entry: { engine: string; pair: LanguagePair; source: string; target: string; now: string }): Promise<void> {
  const { engine, pair, source, target, now } = entry;
  await trx
    .insertInto('translation_memory')
    .values({ engine, source_language: pair.from, target_language: pair.to, source, target, created_at: now })
    .onConflict((oc) => oc.columns(['engine', 'source_language', 'target_language', 'source']).doUpdateSet({ target, created_at: now }))
    .execute();
}

/** Size and reuse of the translation memory; `lookupHits`/`lookupMisses` count segments looked up since counting began. */
export async function readMemoryStats(db: Db): Promise<{ entries: number; hits: number; lookupHits: number; lookupMisses: number }> {
  const row = await db
    .selectFrom('translation_memory')
    .select((eb) => [eb.fn.countAll<number>().as('entries'), eb.fn.sum<number>('hits').as('hits')])
    .executeTakeFirst();
  const lookups = await db
    .selectFrom('translation_memory_stats')
    .select((eb) => [eb.fn.sum<number>('hits').as('hits'), eb.fn.sum<number>('misses').as('misses')])
    .executeTakeFirst();
  return {
    entries: Number(row?.entries ?? 0),
    hits: Number(row?.hits ?? 0),
    lookupHits: Number(lookups?.hits ?? 0),
    lookupMisses: Number(lookups?.misses ?? 0),
  };
}

/** The translation memory of one engine and pair: its size and its lookups. */
export interface MemoryUsage {
  engine: string;
  from: string;
  to: string;
  entries: number;
  hits: number;
  misses: number;
  /** hits / (hits + misses); null before the first lookup. */
  hitRate: number | null;
}

/** Size and hit rate of the translation memory per engine and pair. */
export async function listMemoryUsage(db: Db): Promise<MemoryUsage[]> {
  const sizes = await db
    .selectFrom('translation_memory')
    .select(['engine', 'source_language', 'target_language', (eb) => eb.fn.countAll<number>().as('entries')])
    .groupBy(['engine', 'source_language', 'target_language'])
    .execute();
  const lookups = await db.selectFrom('translation_memory_stats').selectAll().execute();
  const usage = new Map<string, MemoryUsage>();
  const entryOf = (engine: string, from: string, to: string): MemoryUsage => {
    const key = `${engine}\u0000${from}\u0000${to}`;
    const existing = usage.get(key) ?? { engine, from, to, entries: 0, hits: 0, misses: 0, hitRate: null };
    usage.set(key, existing);
    return existing;
  };
  for (const row of sizes) entryOf(row.engine, row.source_language, row.target_language).entries = Number(row.entries);
  for (const row of lookups) Object.assign(entryOf(row.engine, row.source_language, row.target_language), { hits: row.hits, misses: row.misses });
  for (const entry of usage.values()) entry.hitRate = entry.hits + entry.misses > 0 ? entry.hits / (entry.hits + entry.misses) : null;
  return [...usage.values()].sort((a, b) => a.engine.localeCompare(b.engine) || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}

function selectEntries(db: Db, engines: readonly string[], pair: LanguagePair) {
  return db
    .selectFrom('translation_memory')
    .select(['engine', 'source', 'target'])
    .where('engine', 'in', [...engines])
    .where('source_language', '=', pair.from)
    .where('target_language', '=', pair.to);
}

async function countLookups(db: Db, engine: string, pair: LanguagePair, counts: { hits: number; misses: number }): Promise<void> {
  if (counts.hits + counts.misses === 0) return;
  const row = { engine, source_language: pair.from, target_language: pair.to, ...counts, updated_at: nowIso() };
  await db
    .insertInto('translation_memory_stats')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['engine', 'source_language', 'target_language']).doUpdateSet((eb) => ({
        hits: eb('translation_memory_stats.hits', '+', counts.hits),
        misses: eb('translation_memory_stats.misses', '+', counts.misses),
        updated_at: row.updated_at,
      })),
    )
    .execute();
}

async function countHits(db: Db, engine: string, pair: LanguagePair, sources: readonly string[]): Promise<void> {
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
