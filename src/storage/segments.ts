import type { LanguagePair, SegmentationSettings, TranslatableText, TranslatedSegment, TranslationOrigin } from '../domain/types.js';
import type { Db } from './db.js';
import { recordAudit } from './audit.js';
import { rememberHumanTranslation } from './memory.js';

/** A story's segment as stored, with its place (1, 2, 3…) among the story's segments. */
export interface StoredSegment extends TranslatedSegment {
  n: number;
}

// Rows per insert: well under SQLite's and PostgreSQL's limits on bound parameters.
const INSERT_SLICE = 100;

/**
 * Replaces a story's segments in one language and the settings they were cut with; without
 * segments the story has none (an earlier list would no longer match its text). Runs inside the
 * caller's transaction, beside the translation it belongs to.
 */
export async function replaceSegments(
  trx: Db,
  storyId: number,
  language: string,
  segmented: { segments: readonly TranslatedSegment[]; settings: SegmentationSettings } | undefined,
): Promise<void> {
  await trx.deleteFrom('translation_segments').where('story_id', '=', storyId).where('language', '=', language).execute();
  await trx
    .updateTable('translations')
    .set({ segmented_with: segmented ? JSON.stringify(segmented.settings) : null })
    .where('story_id', '=', storyId)
    .where('language', '=', language)
    .execute();
  const rows = (segmented?.segments ?? []).map((segment, i) => ({
    story_id: storyId,
    language,
    n: i + 1,
    source: segment.source,
    translation: segment.translation,
    atoms: JSON.stringify(segment.atoms),
    origin: segment.origin,
    engine: segment.engine,
  }));
  for (let start = 0; start < rows.length; start += INSERT_SLICE) {
    await trx.insertInto('translation_segments').values(rows.slice(start, start + INSERT_SLICE)).execute();
  }
}

/** A story's segments in one language, in order; empty when it has none. */
export async function readSegments(db: Db, storyId: number, language: string): Promise<StoredSegment[]> {
  const rows = await db
    .selectFrom('translation_segments')
    .selectAll()
    .where('story_id', '=', storyId)
    .where('language', '=', language)
    .orderBy('n')
    .execute();
  return rows.map((row) => ({
    n: row.n,
    source: row.source,
    translation: row.translation,
    atoms: JSON.parse(row.atoms) as Record<number, string>,
    origin: row.origin as TranslationOrigin,
    engine: row.engine,
  }));
}

/** The settings a story's translation into a language was segmented with, when it was stored with its segments. */
export async function readSegmentationSettings(db: Db, storyId: number, language: string): Promise<SegmentationSettings | undefined> {
  const row = await db
    .selectFrom('translations')
    .select('segmented_with')
    .where('story_id', '=', storyId)
    .where('language', '=', language)
    .executeTakeFirst();
  return row?.segmented_with ? (JSON.parse(row.segmented_with) as SegmentationSettings) : undefined;
}

/** An editor's translation of one source segment of a story, and the story's text rebuilt with it. */
export interface SegmentEdit {
  storyId: number;
  pair: LanguagePair;
  /** The segment the editor edited (for the audit log). */
  n: number;
  /** Who edited it. */
  actor: string;
  /** The canonical source segment: every segment of the story with this source takes the edit. */
  source: string;
  /** The editor's translation, canonical. */
  translation: string;
  /** The story's title, summary and body rebuilt from its segments with the edit. */
  text: TranslatableText;
  /** The story's segments the rebuild started from: the edit is recorded only if they are still these. */
  basedOn: readonly StoredSegment[];
}

/**
 * Records an edit in one transaction: the segments, the stored translation, the translation
 * memory's human entry for the source segment, and the audit entry. Answers false, changing nothing, when the story's
 * segments changed since they were read (another edit, a new translation): rebuild and try again.
 */
export async function recordSegmentEdit(db: Db, edit: SegmentEdit): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const current = await readSegments(trx, edit.storyId, edit.pair.to);
    if (!isSameSegmentList(current, edit.basedOn)) return false;
    await applySegmentEdit(trx, edit);
    return true;
  });
}

async function applySegmentEdit(trx: Db, edit: SegmentEdit): Promise<void> {
  const { storyId, pair } = edit;
  await trx
    .updateTable('translation_segments')
    .set({ translation: edit.translation, origin: 'human', engine: null })
    .where('story_id', '=', storyId)
    .where('language', '=', pair.to)
    .where('source', '=', edit.source)
    .execute();
  await trx
    .updateTable('translations')
    .set({ title: edit.text.title, summary: edit.text.summary, html: edit.text.html })
    .where('story_id', '=', storyId)
    .where('language', '=', pair.to)
    .execute();
  await rememberHumanTranslation(trx, pair, edit.source, edit.translation);
  await recordAudit(trx, { actor: edit.actor, action: 'edit-segment', storyId, detail: `segment ${edit.n} (${pair.to}): ${edit.translation}` });
}

function isSameSegmentList(a: readonly StoredSegment[], b: readonly StoredSegment[]): boolean {
  return a.length === b.length && a.every((segment, i) => segment.source === b[i]?.source && segment.translation === b[i]?.translation);
}
