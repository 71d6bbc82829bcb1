import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import { DatabaseUnreachableError, describeError, findDatabaseUnreachable } from '../domain/errors.js';

// A database server that goes away (restarted, failed over, the network between) is waited for:
// the work that needed it is tried again with backoff, and the log says so once per outage, not
// once per story or per attempt. Nothing is recorded on a story meanwhile: it cannot be.

/** How long to wait for a database that went away. */
export interface DatabaseWaitOptions {
  /** Aborting stops the wait: the last error is thrown. */
  signal?: AbortSignal;
  /** Absent, wait as long as it takes; given, throw once the database has been away this long. */
  giveUpAfterMs?: number;
  /** The failure that made the caller wait, when it was not `work`'s: logged, and `work` runs after the first delay. */
  failed?: DatabaseUnreachableError;
}

/** How long `relais run`, which has an end, waits for its database before it stops with the error. */
export const RUN_DATABASE_WAIT_MS = 120_000;

const FIRST_RETRY_MS = 1000;
const LONGEST_RETRY_MS = 30_000;

/**
 * Runs `work`; while it fails because the database is unreachable, logs it once and runs it again
 * after 1 s, then 2, 4… up to 30 s, logging when it succeeds again. Other errors are thrown as they are.
 */
export async function retryWhileUnreachable<T>(logger: Logger, work: () => Promise<T>, options: DatabaseWaitOptions = {}): Promise<T> {
  let outage: { location: string; since: number } | undefined;
  let wait = FIRST_RETRY_MS;
  // Logs the first failure of an outage (and the others at debug), then waits before the next try.
  const waitAfter = async (unreachable: DatabaseUnreachableError) => {
    if (options.signal?.aborted) throw unreachable;
    const first = !outage;
    outage ??= { location: unreachable.location, since: Date.now() };
    const awayMs = Date.now() - outage.since;
    if (options.giveUpAfterMs !== undefined && awayMs + wait > options.giveUpAfterMs) throw gaveUp(unreachable, awayMs);
    const fields = { database: unreachable.location, reason: describeError(unreachable.cause) };
    if (first) logger.warn(fields, `database unreachable at ${unreachable.location}, retrying in ${wait / 1000} s`);
    else logger.debug(fields, `database still unreachable, retrying in ${wait / 1000} s`);
    if (!(await sleep(wait, options.signal))) throw unreachable;
    wait = Math.min(wait * 2, LONGEST_RETRY_MS);
  };
  if (options.failed) await waitAfter(options.failed);
  for (;;) {
    try {
      const result = await work();
      if (outage) logger.info({ database: outage.location, unreachableSeconds: Math.round((Date.now() - outage.since) / 1000) }, 'database reachable again');
      return result;
    } catch (error) {
      const unreachable = findDatabaseUnreachable(error);
      if (!unreachable) throw error;
      await waitAfter(unreachable);
    }
  }
}

// False when the signal aborted the sleep.
async function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return false;
  try {
    await delay(ms, undefined, signal ? { signal } : {});
    return true;
  } catch {
    return false;
  }
}

function gaveUp(error: DatabaseUnreachableError, awayMs: number): DatabaseUnreachableError {
  const detail = error.message.replace(/^storage: /, '');
  return new DatabaseUnreachableError(error.location, `gave up after waiting ${Math.round(awayMs / 1000)} s: ${detail}`, { cause: error });
}
