import { sql } from 'kysely';
import type { Article } from '../domain/types.js';
import type { StoryBlocks } from './boilerplate.js';
import { nowIso, type Db } from './db.js';
import { isPostgres } from './leases.js';
import { recordSiteChange } from './site-pages.js';
import { writeArticle } from './stories.js';
import { moveTo, setOutcome } from './transitions.js';

/** A story's near-duplicate fingerprint as stored: its signature and LSH band keys. */
export interface StoredFingerprint {
  /** The language the story is published in: its campaign's target. */
  language: string;
  /** The site the story comes from: stories of one site are never each other's copies. */
  site: string;
  signature: string;
  bands: readonly string[];
}

/** A story that shares a band with a new one: its id and signature. */
export interface FingerprintCandidate {
  storyId: number;
  signature: string;
}

/** The earlier story a new one is a copy of, and how similar they are. */
export interface DuplicateMatch {
  storyId: number;
  similarity: number;
}

/** How a new story is checked against the stories extracted before it. */
export interface DuplicateCheck {
  fingerprint: StoredFingerprint;
  /** Only stories extracted from then on are compared (the window). */
  since: string;
  /** Picks the story this one copies among the candidates, if any: the similarity is the caller's. */
  choose(candidates: readonly FingerprintCandidate[]): DuplicateMatch | undefined;
  /** The reason the copy is skipped with, from the match. */
  describe(match: DuplicateMatch): string;
  /** How the copy's source names it, and its URL: what the other story's page links to. */
  copy: { sourceName: string; originalUrl: string };
}

/** What storing an extracted story found. */
export type ExtractedOutcome = { kind: 'extracted' } | ({ kind: 'duplicate' } & DuplicateMatch);

/**
 * Stores the extracted article and, in the same transaction, compares its fingerprint with those
 * of the stories of its language from other sites extracted in the window: a copy of one of them is skipped and
 * recorded as "also reported by" on it (its page re-rendered when it is published); otherwise the
 * story moves to `extracted` with its fingerprint kept for later ones. The lookup and the write are
 * one transaction (serialized per language on PostgreSQL), so of two copies extracted at once one
 * is always found by the other.
 */
export async function recordExtractedUnlessDuplicate(
  db: Db,
  storyId: number,
  article: Article,
  blocks: StoryBlocks | undefined,
  check: DuplicateCheck,
  at: Date = new Date(),
): Promise<ExtractedOutcome> {
  const now = nowIso(at);
  return db.transaction().execute(async (trx) => {
    await writeArticle(trx, storyId, article, blocks, now);
    if (isPostgres(trx)) await sql`SELECT pg_advisory_xact_lock(hashtext(${`relais-duplicates:${check.fingerprint.language}`}))`.execute(trx);
    const match = check.choose(await findCandidates(trx, storyId, check.fingerprint, check.since));
    if (!match) {
      await replaceFingerprint(trx, storyId, check.fingerprint, now);
      await moveTo(trx, storyId, 'extracted', now);
      return { kind: 'extracted' };
    }
    await deleteFingerprint(trx, storyId);
    await setOutcome(trx, storyId, { state: 'skipped', stage: 'extract', reason: check.describe(match), nextAttemptAt: null });
    await recordAlsoReported(trx, storyId, match, check, now);
    return { kind: 'duplicate', ...match };
  });
}

/** Keeps the fingerprint of a story extracted again (a published one is never anyone's copy). */
export async function recordExtractedFingerprint(
  db: Db,
  storyId: number,
  article: Article,
  blocks: StoryBlocks | undefined,
  fingerprint: StoredFingerprint,
  at: Date = new Date(),
): Promise<void> {
  const now = nowIso(at);
  await db.transaction().execute(async (trx) => {
    await writeArticle(trx, storyId, article, blocks, now);
    await replaceFingerprint(trx, storyId, fingerprint, now);
    await moveTo(trx, storyId, 'extracted', now);
  });
}

/** The earliest other story with this URL in one of `campaignIds` that is not skipped: the one a new copy of it defers to. */
export async function findStoryWithUrl(db: Db, url: string, campaignIds: readonly string[], storyId: number): Promise<number | undefined> {
  if (campaignIds.length === 0) return undefined;
  const row = await db
    .selectFrom('stories')
    .select('id')
    .where('url', '=', url)
    .where('campaign_id', 'in', [...campaignIds])
    .where('id', '<', storyId)
    .where('state', '!=', 'skipped')
    .orderBy('id')
    .executeTakeFirst();
  return row?.id;
}

/** Where else a story was reported: the sources of the copies skipped in its favour, first found first. */
export async function listAlsoReportedBy(db: Db, storyId: number): Promise<{ name: string; url: string }[]> {
  const rows = await db
    .selectFrom('story_duplicates')
    .select(['source_name', 'original_url'])
    .where('duplicate_of', '=', storyId)
    .orderBy('recorded_at')
    .orderBy('story_id')
    .execute();
  return rows.map((row) => ({ name: row.source_name, url: row.original_url }));
}

/** Forgets a story's fingerprint and its duplicate relations both ways (when the story is deleted). */
export async function deleteStoryDuplicates(trx: Db, storyId: number): Promise<void> {
  await deleteFingerprint(trx, storyId);
  await trx.deleteFrom('story_duplicates').where((eb) => eb.or([eb('story_id', '=', storyId), eb('duplicate_of', '=', storyId)])).execute();
}

async function findCandidates(trx: Db, storyId: number, fingerprint: StoredFingerprint, since: string): Promise<FingerprintCandidate[]> {
  if (fingerprint.bands.length === 0) return [];
  const rows = await trx
    .selectFrom('story_fingerprints as f')
    .innerJoin('stories as s', 's.id', 'f.story_id')
    .select(['f.story_id', 'f.signature'])
    .where('f.story_id', 'in', (eb) =>
      eb
        .selectFrom('story_fingerprint_bands')
        .select('story_id')
        .where('language', '=', fingerprint.language)
        .where('band', 'in', [...fingerprint.bands])
        .where('extracted_at', '>=', since),
    )
    .where('f.story_id', '!=', storyId)
    .where('f.site', '!=', fingerprint.site)
    .where('s.state', '!=', 'skipped')
    .orderBy('f.story_id')
    .execute();
  return rows.map((row) => ({ storyId: row.story_id, signature: row.signature }));
}

async function replaceFingerprint(trx: Db, storyId: number, fingerprint: StoredFingerprint, now: string): Promise<void> {
  await deleteFingerprint(trx, storyId);
  await trx.insertInto('story_fingerprints').values({ story_id: storyId, language: fingerprint.language, site: fingerprint.site, signature: fingerprint.signature, extracted_at: now }).execute();
  const bands = [...new Set(fingerprint.bands)].map((band) => ({ language: fingerprint.language, band, story_id: storyId, extracted_at: now }));
  for (let start = 0; start < bands.length; start += 100) await trx.insertInto('story_fingerprint_bands').values(bands.slice(start, start + 100)).execute();
}

async function deleteFingerprint(trx: Db, storyId: number): Promise<void> {
  await trx.deleteFrom('story_fingerprint_bands').where('story_id', '=', storyId).execute();
  await trx.deleteFrom('story_fingerprints').where('story_id', '=', storyId).execute();
}

// The copy is kept as "also reported by" on the story it copies; a published one is rendered again.
async function recordAlsoReported(trx: Db, storyId: number, match: DuplicateMatch, check: DuplicateCheck, now: string): Promise<void> {
  const row = { duplicate_of: match.storyId, similarity: match.similarity, source_name: check.copy.sourceName, original_url: check.copy.originalUrl, recorded_at: now };
  await trx
    .insertInto('story_duplicates')
    .values({ story_id: storyId, ...row })
    .onConflict((oc) => oc.column('story_id').doUpdateSet(row))
    .execute();
  const publication = await trx
    .selectFrom('publications')
    .select(['slug', 'category_slug', 'published_at'])
    .where('story_id', '=', match.storyId)
    .where('language', '=', check.fingerprint.language)
    .where('unpublished_at', 'is', null)
    .executeTakeFirst();
  if (publication) {
    await recordSiteChange(trx, { language: check.fingerprint.language, slug: publication.slug, categorySlug: publication.category_slug, publishedAt: publication.published_at });
  }
}
