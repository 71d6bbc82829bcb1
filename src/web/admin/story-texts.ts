import { editSegment, listSegments, type SegmentEditOutcome } from '../../pipeline/index.js';
import type { Db } from '../../storage/index.js';

// A story's sentences and revisions as the API and the story page give them.

/** One source sentence beside its translation; `origin` says who wrote the translation. */
export interface StorySegment {
  n: number;
  source: string;
  translation: string;
  origin: 'machine' | 'human';
}

/** One revision of a story's text. */
export interface StoryRevision {
  n: number;
  at: string;
}

/** The story's segments in the site's language, in order; empty when it has none. */
export async function readStorySegments(db: Db, storyId: number, language: string): Promise<StorySegment[]> {
  return (await listSegments(db, storyId, language)).map(({ n, source, translation, origin }) => ({ n, source, translation, origin }));
}

/** The story's revisions, oldest first: empty until revisions are stored (source updates). */
export async function readStoryRevisions(_db: Db, _storyId: number): Promise<StoryRevision[]> {
  return [];
}

/** Replaces the translation of segment `n` with an editor's text (a human translation from then on). */
export function editStorySegment(db: Db, storyId: number, language: string, n: number, text: string, actor: string): Promise<SegmentEditOutcome> {
  return editSegment(db, storyId, language, n, text, { actor });
}
