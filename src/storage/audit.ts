import { nowIso, type Db } from './db.js';

/** One line of the audit log. */
export interface AuditEntry {
  id: number;
  at: string;
  /** A person's account name, or `relais` for what relais did by itself. */
  actor: string;
  /** What was done: `unpublish`, `delete`, `edit-segment`, `publish`, `reject`… */
  action: string;
  storyId?: number;
  detail?: string;
}

/** Records what someone did; call it in the transaction that does it. */
export async function recordAudit(db: Db, entry: Omit<AuditEntry, 'id' | 'at'>, now = new Date()): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ at: nowIso(now), actor: entry.actor, action: entry.action, story_id: entry.storyId ?? null, detail: entry.detail ?? null })
    .execute();
}

/** The latest audit entries, newest first; of one story when `storyId` is given. */
export async function listAudit(db: Db, options: { limit?: number; storyId?: number } = {}): Promise<AuditEntry[]> {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .$if(options.storyId !== undefined, (query) => query.where('story_id', '=', options.storyId ?? 0))
    .orderBy('id', 'desc')
    .limit(options.limit ?? 100)
    .execute();
  return rows.map((row) => {
    const entry: AuditEntry = { id: Number(row.id), at: row.at, actor: row.actor, action: row.action };
    if (row.story_id !== null) entry.storyId = Number(row.story_id);
    if (row.detail !== null) entry.detail = row.detail;
    return entry;
  });
}
