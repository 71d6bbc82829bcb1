import { AsyncLocalStorage } from 'node:async_hooks';
import { PostgresAdapter, type ExpressionBuilder } from 'kysely';
import type { Stage } from '../domain/types.js';
import { nowIso, type Db } from './db.js';
import type { DatabaseSchema } from './schema.js';
import { inputStateOf, isReadyForStage, type StoryRecord } from './stories.js';

// A worker claims stories before working on them: it writes its owner id and an expiry on the
// rows, and only rows with no live lease can be claimed. The story's state stays where it always
// was (`state`); a lease only says who may write it next. A killed worker's leases run out and
// its stories are claimed again.

/** What to claim: stories of some campaigns ready for one stage, at most `limit` of them. */
export interface ClaimRequest {
  owner: string;
  stage: Stage;
  campaignIds: readonly string[];
  maxAttempts: number;
  limit: number;
  leaseMs: number;
  now: Date;
  /** Only stories of this source (a feed): extraction takes a source's stories together. */
  sourceId?: number;
  /** Stories not to claim again (left waiting in this run). */
  exceptIds?: readonly number[];
}

/**
 * Claims ready stories for a stage in one statement and answers them: a story is claimed by one
 * worker at a time, whatever number of processes claim at once.
 */
export async function claimStories(db: Db, request: ClaimRequest): Promise<StoryRecord[]> {
  const inputState = inputStateOf[request.stage];
  if (!inputState || request.limit <= 0 || request.campaignIds.length === 0) return [];
  const now = nowIso(request.now);
  const claimable = (eb: ExpressionBuilder<DatabaseSchema, 'stories'>) => {
    const conditions = [
      eb('stories.campaign_id', 'in', [...request.campaignIds]),
      isReadyForStage(eb, inputState, request.stage, request.maxAttempts, now),
      eb.or([eb('stories.lease_owner', 'is', null), eb('stories.lease_expires_at', '<', now)]),
    ];
    if (request.sourceId !== undefined) conditions.push(eb('stories.source_id', '=', request.sourceId));
    if (request.exceptIds && request.exceptIds.length > 0) conditions.push(eb('stories.id', 'not in', [...request.exceptIds]));
    return eb.and(conditions);
  };
  const postgres = isPostgres(db);
  // The rows are picked once, in a materialized CTE: PostgreSQL may run a LIMIT subquery under
  // IN more than once, claiming more than asked. The condition is checked again on the rows being
  // updated: under read committed, a row another worker claimed after the pick is left alone.
  return db
    .with(
      (cte) => cte('picked').materialized(),
      (qb) =>
        qb
          .selectFrom('stories')
          .select('stories.id')
          .where(claimable)
          .orderBy('stories.id')
          .limit(request.limit)
          .$if(postgres, (query) => query.forUpdate().skipLocked()),
    )
    .updateTable('stories')
    .set({ lease_owner: request.owner, lease_expires_at: nowIso(new Date(request.now.getTime() + request.leaseMs)) })
    .where('id', 'in', (eb) => eb.selectFrom('picked').select('picked.id'))
    .where(claimable)
    .returningAll()
    .execute();
}

/** The source (feed) with the oldest story ready for a stage and not leased, none of whose stories is still waiting to be fetched. */
export async function findSourceReady(db: Db, request: Omit<ClaimRequest, 'owner' | 'limit' | 'leaseMs' | 'sourceId'>): Promise<number | undefined> {
  const inputState = inputStateOf[request.stage];
  if (!inputState || request.campaignIds.length === 0) return undefined;
  const now = nowIso(request.now);
  const row = await db
    .selectFrom('stories')
    .select('stories.source_id')
    .where('stories.campaign_id', 'in', [...request.campaignIds])
    .where((eb) => isReadyForStage(eb, inputState, request.stage, request.maxAttempts, now))
    .where((eb) => eb.or([eb('stories.lease_owner', 'is', null), eb('stories.lease_expires_at', '<', now)]))
    .$if((request.exceptIds?.length ?? 0) > 0, (query) => query.where('stories.id', 'not in', [...(request.exceptIds ?? [])]))
    // A source whose stories are still being fetched waits: its stories are extracted together.
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('stories as pending')
            .select('pending.id')
            .whereRef('pending.source_id', '=', 'stories.source_id')
            .where('pending.state', '=', 'discovered'),
        ),
      ),
    )
    .orderBy('stories.id')
    .limit(1)
    .executeTakeFirst();
  return row?.source_id;
}

/** Extends the owner's leases on some stories; answers the ids it still holds. */
export async function renewLeases(db: Db, owner: string, storyIds: readonly number[], leaseMs: number, now: Date): Promise<number[]> {
  if (storyIds.length === 0) return [];
  const rows = await db
    .updateTable('stories')
    .set({ lease_expires_at: nowIso(new Date(now.getTime() + leaseMs)) })
    .where('id', 'in', [...storyIds])
    .where('lease_owner', '=', owner)
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/** Gives up the owner's leases on some stories, so that any worker may claim them at once. */
export async function releaseLeases(db: Db, owner: string, storyIds: readonly number[]): Promise<void> {
  if (storyIds.length === 0) return;
  await db
    .updateTable('stories')
    .set({ lease_owner: null, lease_expires_at: null })
    .where('id', 'in', [...storyIds])
    .where('lease_owner', '=', owner)
    .execute();
}

/** The owners holding live leases. */
export async function listLeaseOwners(db: Db, now: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('stories')
    .select('lease_owner')
    .distinct()
    .where('lease_owner', 'is not', null)
    .where('lease_expires_at', '>=', nowIso(now))
    .execute();
  return rows.flatMap((row) => (row.lease_owner === null ? [] : [row.lease_owner]));
}

/** Gives up every lease of an owner (one known to be gone). */
export async function releaseLeasesOf(db: Db, owner: string): Promise<number> {
  const result = await db
    .updateTable('stories')
    .set({ lease_owner: null, lease_expires_at: null })
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// The lease owner the story writes of the current async call chain are fenced by; see runFenced.
const fence = new AsyncLocalStorage<string>();

/**
 * Runs `work` with every story state write in it (storage's transitions) fenced by the owner's
 * lease: a write lands only while the story's lease_owner is still `owner`, and otherwise throws
 * LeaseLostError, rolling back the transaction it is part of. The stage code stays unaware of leases.
 */
export function runFenced<T>(owner: string, work: () => Promise<T>): Promise<T> {
  return fence.run(owner, work);
}

/** The lease owner that fences story writes here, if any (see runFenced). */
export function currentLeaseOwner(): string | undefined {
  return fence.getStore();
}

/** Whether the database is PostgreSQL (claims then skip rows other workers hold locked). */
export function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
