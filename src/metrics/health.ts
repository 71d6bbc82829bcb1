import { describeError, StorageError } from '../domain/errors.js';
import type { LanguagePair, TranslationEngine } from '../domain/types.js';
import { pingDatabase, type Db } from '../storage/index.js';

/** One part of the health report. */
export interface HealthCheck {
  ok: boolean;
  /** What was found, in words: "answers", or the problem and what to do. */
  detail: string;
}

/** What `/healthz` reports: the database, the scheduler when this process runs one, and each engine in use. */
export interface HealthReport {
  ok: boolean;
  database: HealthCheck;
  scheduler?: HealthCheck;
  engines: Record<string, HealthCheck>;
}

/** An engine a campaign uses, with the pair it is used for. */
export interface EngineInUse {
  engine: () => TranslationEngine;
  pair: LanguagePair;
}

/** What the health report looks at. */
export interface HealthSources {
  db: Db;
  /** The scheduler's own view of itself, when this process runs one. */
  scheduler?: () => HealthCheck;
  engines?: readonly EngineInUse[];
  now?: () => number;
}

// Engines are asked at most this often: a probe every few seconds must not load a paid engine.
const ENGINE_CHECK_TTL_MS = 30_000;

/** Builds the health check; engine answers are kept 30 s. */
export function createHealthCheck(sources: HealthSources): () => Promise<HealthReport> {
  const now = sources.now ?? Date.now;
  const cached = new Map<string, { at: number; check: HealthCheck }>();
  const checkEngine = async ({ engine, pair }: EngineInUse): Promise<[string, HealthCheck]> => {
    const instance = engine();
    const key = `${instance.id} ${pair.from}-${pair.to}`;
    const hit = cached.get(key);
    if (hit && now() - hit.at < ENGINE_CHECK_TTL_MS) return [key, hit.check];
    let check: HealthCheck;
    try {
      const problem = await instance.check(pair);
      check = problem === null ? { ok: true, detail: 'answers' } : { ok: false, detail: problem };
    } catch (error) {
      check = { ok: false, detail: describeError(error) };
    }
    cached.set(key, { at: now(), check });
    return [key, check];
  };
  return async () => {
    const [database, engines] = await Promise.all([checkDatabase(sources.db), Promise.all((sources.engines ?? []).map(checkEngine))]);
    const scheduler = sources.scheduler?.();
    const engineChecks = Object.fromEntries(engines);
    const ok = database.ok && (scheduler?.ok ?? true) && Object.values(engineChecks).every((check) => check.ok);
    return { ok, database, ...(scheduler ? { scheduler } : {}), engines: engineChecks };
  };
}

async function checkDatabase(db: Db): Promise<HealthCheck> {
  try {
    await pingDatabase(db);
    return { ok: true, detail: 'answers' };
  } catch (error) {
    // A StorageError already says what to check (an unreachable server, a full disk).
    if (error instanceof StorageError) return { ok: false, detail: describeError(error) };
    return { ok: false, detail: `${describeError(error)} (check the database setting and that the database is running)` };
  }
}
