import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { ConfigError, DatabaseUnreachableError } from '../domain/errors.js';
import { openDatabase, type DatabaseHandle } from '../storage/index.js';
import { retryWhileUnreachable } from './database-wait.js';

// Nothing listens on port 1 of loopback: connecting there fails as a stopped server does.
const NOWHERE = 'postgres://relais:s3cret@127.0.0.1:1/relais';

function recordingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'debug', base: null }, { write: (line: string) => lines.push(JSON.parse(line) as { level: number; msg: string }) });
  return { logger, lines, warnings: () => lines.filter((line) => line.level >= 40).map((line) => line.msg) };
}

describe('retryWhileUnreachable', () => {
  const temp = makeTempDir();
  afterAll(() => temp.remove());

  it('gives up after the bounded wait with an error naming the database, having said so once', async () => {
    const { logger, warnings } = recordingLogger();
    let tries = 0;
    const error = await retryWhileUnreachable(logger, () => (tries++, openDatabase(NOWHERE)), { giveUpAfterMs: 1500 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DatabaseUnreachableError);
    const message = (error as Error).message;
    expect(message).toMatch(/gave up after waiting \d+ s: database postgres:\/\/relais:\*\*\*@127\.0\.0\.1:1\/relais is unreachable/);
    expect(message).not.toContain('s3cret');
    expect(tries).toBe(2);
    expect(warnings()).toEqual(['database unreachable at postgres://relais:***@127.0.0.1:1/relais, retrying in 1 s']);
  });

  it('answers what the work gives once it succeeds again, and says the database is back', async () => {
    const { logger, lines, warnings } = recordingLogger();
    let tries = 0;
    // The first try meets the server down, the second one a database that answers.
    const open = () => (tries++ === 0 ? openDatabase(NOWHERE) : openDatabase(join(temp.dir, 'back.db')));
    const handle: DatabaseHandle = await retryWhileUnreachable(logger, open);
    try {
      expect(handle.file).toBe(join(temp.dir, 'back.db'));
      expect(warnings()).toHaveLength(1);
      expect(lines.at(-1)?.msg).toBe('database reachable again');
    } finally {
      await handle.close();
    }
  });

  it('throws any other error at once, logging nothing', async () => {
    const { logger, lines } = recordingLogger();
    const refused = new ConfigError('database: must be a path or a postgres:// URL');
    await expect(retryWhileUnreachable(logger, () => Promise.reject(refused))).rejects.toBe(refused);
    expect(lines).toEqual([]);
  });

  it('stops waiting when its signal aborts, with the last error', async () => {
    const { logger } = recordingLogger();
    const stop = new AbortController();
    const waiting = retryWhileUnreachable(logger, () => openDatabase(NOWHERE), { signal: stop.signal }).catch((caught: unknown) => caught);
    stop.abort();
    expect(await waiting).toBeInstanceOf(DatabaseUnreachableError);
  });
});
