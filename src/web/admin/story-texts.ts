import { editSegment, listSegments, type SegmentEditOutcome } from '../../pipeline/index.js';
import { listRevisions, type Db } from '../../storage/index.js';

// A story's sentences and revisions as the API and the story page give them (storage: segments.ts, revisions.ts).

/** One source sentence beside its translation; `origin` says who wrote the translation. */
export interface StorySegment {
  n: number;
  source: string;
  translation: string;
  origin: 'machine' | 'human';
}

/** One version of a story's source text, as the API gives it. */
export interface StoryRevisionJson {
  n: number;
  title: string;
  text: string;
  fetchedAt: string;
  extractedAt: string;
}

/** The story's segments in the site's language, in order; empty when it has none. */
export async function readStorySegments(db: Db, storyId: number, language: string): Promise<StorySegment[]> {
  return (await listSegments(db, storyId, language)).map(({ n, source, translation, origin }) => ({ n, source, translation, origin }));
}

/** The story's revisions (versions of its source text), oldest first. */
export async function readStoryRevisions(db: Db, storyId: number): Promise<StoryRevisionJson[]> {
  return (await listRevisions(db, storyId)).map(({ n, title, text, fetchedAt, extractedAt }) => ({ n, title, text, fetchedAt, extractedAt }));
}

/** Replaces the translation of segment `n` with an editor's text (a human translation from then on). */
export function editStorySegment(db: Db, storyId: number, language: string, n: number, text: string, actor: string): Promise<SegmentEditOutcome> {
  return editSegment(db, storyId, language, n, text, { actor });
}
