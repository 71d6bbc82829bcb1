import type { Db } from './db.js';

/** What an origin's robots.txt said when it was last read. */
export interface StoredRobotsTxt {
  origin: string;
  /** `rules`: the file was read (2xx); `allow-all`: the origin has none (4xx). */
  kind: 'rules' | 'allow-all';
  status: number;
  body: string;
  fetchedAt: string;
  expiresAt: string;
}

/** The robots.txt stored for an origin, expired or not; undefined when never read. */
export async function readRobotsTxt(db: Db, origin: string): Promise<StoredRobotsTxt | undefined> {
  const row = await db.selectFrom('robots_txt').selectAll().where('origin', '=', origin).executeTakeFirst();
  if (!row) return undefined;
  return {
    origin: row.origin,
    kind: row.kind === 'rules' ? 'rules' : 'allow-all',
    status: row.status,
    body: row.body,
    fetchedAt: row.fetched_at,
    expiresAt: row.expires_at,
  };
}

/** Stores what an origin's robots.txt said, replacing what was there. */
export async function recordRobotsTxt(db: Db, entry: StoredRobotsTxt): Promise<void> {
  const values = {
    origin: entry.origin,
    kind: entry.kind,
    status: entry.status,
    body: entry.body,
    fetched_at: entry.fetchedAt,
    expires_at: entry.expiresAt,
  };
  await db
    .insertInto('robots_txt')
    .values(values)
    .onConflict((oc) => oc.column('origin').doUpdateSet(values))
    .execute();
}
