import type { Validators } from '../domain/types.js';
import type { Selectable } from 'kysely';
import { nowIso, type Db } from './db.js';
import type { SourcesTable } from './schema.js';

/** A source row as the pipeline uses it. */
export interface SourceRecord {
  id: number;
  campaignId: string;
  url: string;
  title: string | null;
  siteUrl: string | null;
  validators: Validators;
  lastPolledAt: string | null;
  lastError: string | null;
  errorCount: number;
  nextPollAt: string | null;
  /** Set while the source is paused from the admin area. */
  pausedAt: string | null;
}

/** Returns the source of a campaign for a feed URL, creating it on first sight. */
export async function ensureSource(db: Db, campaignId: string, url: string): Promise<SourceRecord> {
  await db
    .insertInto('sources')
    .values({ campaign_id: campaignId, url })
    .onConflict((oc) => oc.columns(['campaign_id', 'url']).doNothing())
    .execute();
  const row = await db
    .selectFrom('sources')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .where('url', '=', url)
    .executeTakeFirstOrThrow();
  return toSourceRecord(row);
}

/** Lists every source, or one campaign's. */
export async function listSources(db: Db, campaignId?: string): Promise<SourceRecord[]> {
  let query = db.selectFrom('sources').selectAll().orderBy('campaign_id').orderBy('id');
  if (campaignId !== undefined) query = query.where('campaign_id', '=', campaignId);
  return (await query.execute()).map(toSourceRecord);
}

/** Records a successful poll: new validators and feed metadata, errors cleared. */
export async function recordPollSuccess(
  db: Db,
  sourceId: number,
  result: { validators?: Validators; title?: string; siteUrl?: string; nextPollAt?: string },
): Promise<void> {
  const update: Record<string, string | number | null> = {
    last_polled_at: nowIso(),
    last_error: null,
    error_count: 0,
    next_poll_at: result.nextPollAt ?? null,
  };
  if (result.validators) {
    update.etag = result.validators.etag ?? null;
    update.last_modified = result.validators.lastModified ?? null;
  }
  if (result.title !== undefined) update.title = result.title;
  if (result.siteUrl !== undefined) update.site_url = result.siteUrl;
  await db.updateTable('sources').set(update).where('id', '=', sourceId).execute();
}

/** Records a failed poll with its reason; the source backs off until `nextPollAt`. */
export async function recordPollFailure(
  db: Db,
  sourceId: number,
  reason: string,
  nextPollAt: string,
): Promise<void> {
  await db
    .updateTable('sources')
    .set((eb) => ({
      last_polled_at: nowIso(),
      last_error: reason,
      error_count: eb('error_count', '+', 1),
      next_poll_at: nextPollAt,
    }))
    .where('id', '=', sourceId)
    .execute();
}

function toSourceRecord(row: Selectable<SourcesTable>): SourceRecord {
  const validators: Validators = {};
  if (row.etag) validators.etag = row.etag;
  if (row.last_modified) validators.lastModified = row.last_modified;
  return {
    id: row.id,
    campaignId: row.campaign_id,
    url: row.url,
    title: row.title,
    siteUrl: row.site_url,
    validators,
    lastPolledAt: row.last_polled_at,
    lastError: row.last_error,
    errorCount: row.error_count,
    nextPollAt: row.next_poll_at,
    pausedAt: row.paused_at,
  };
}
