import type { Db } from '../../storage/index.js';

// A story's sentences and revisions as the API gives them. Placeholders until the storage of
// segments (source sentence beside its translation) and of revisions lands: they answer empty lists.

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

/** The story's segments, in order (empty until segments are stored). */
export async function readStorySegments(_db: Db, _storyId: number): Promise<StorySegment[]> {
  return [];
}

/** The story's revisions, oldest first (empty until revisions are stored). */
export async function readStoryRevisions(_db: Db, _storyId: number): Promise<StoryRevision[]> {
  return [];
}
