import { join } from 'node:path';
import { createPostgresDatabase } from './postgres.js';

/** True when this run puts each test's database on PostgreSQL (RELAIS_TEST_DATABASE=postgres). */
export function testingOnPostgres(): boolean {
  return process.env.RELAIS_TEST_DATABASE === 'postgres';
}

/**
 * A fresh database location for one test: a SQLite file under dir, or, when the run is on
 * PostgreSQL, an empty database in the cluster global setup started (RELAIS_TEST_PG_URL).
 */
export function freshDatabaseLocation(dir: string, file = 'relais.db'): string {
  if (!testingOnPostgres()) return join(dir, file);
  const url = process.env.RELAIS_TEST_PG_URL;
  if (!url) throw new Error('RELAIS_TEST_DATABASE=postgres but no cluster was started (RELAIS_TEST_PG_URL unset): run through vitest, whose global setup starts it');
  return createPostgresDatabase(url);
}
