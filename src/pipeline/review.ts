import { StorageError } from '../domain/errors.js';
import type { MemoryMatch, TranslationEngine, TranslationMemory, TranslationOrigin, TranslatableText } from '../domain/types.js';
import {
  readArticle,
  readSegmentationSettings,
  readSegments,
  readStory,
  recordSegmentEdit,
  type Db,
  type StoredSegment,
} from '../storage/index.js';
import { parseEditorText, renderEditorText } from '../translator/index.js';
import { storySourceText, translateSanitized } from './stages.js';

// Review and post-editing: a story's sentences beside their translations, and an editor's edit
// of one, put back into the story's text by the translate stage's own reassembly.

/** One sentence of a story as an editor sees it: source beside translation, names and links as text. */
export interface ReviewSegment {
  /** 1, 2, 3…: its place among the story's title, summary and body sentences. */
  n: number;
  source: string;
  translation: string;
  origin: TranslationOrigin;
  /** The engine of a machine translation; null for an editor's. */
  engine: string | null;
}

/** A story's sentences in one language, in order, as an editor sees them; empty when it has none. */
export async function listSegments(db: Db, storyId: number, language: string): Promise<ReviewSegment[]> {
  return (await readSegments(db, storyId, language)).map(toReviewSegment);
}

/** What editing a segment did. */
export type SegmentEditOutcome =
  | { kind: 'edited'; segment: ReviewSegment }
  | { kind: 'unknown'; reason: string }
  | { kind: 'invalid'; reason: string };

// Another edit committed between reading the segments and recording this one: read them again.
const EDIT_ATTEMPTS = 3;

/**
 * Replaces the translation of segment `n` of a story (and of every segment of the story with the
 * same source sentence) with an editor's text, rebuilds the stored translation's title, summary
 * and body from the segments, markup kept, and remembers the pair as a human translation that
 * wins over every engine from then on. The site shows the edit once the story is published again.
 */
export async function editSegment(
  db: Db,
  storyId: number,
  language: string,
  n: number,
  text: string,
  who: { actor: string },
): Promise<SegmentEditOutcome> {
  for (let attempt = 1; ; attempt += 1) {
    const segments = await readSegments(db, storyId, language);
    const target = segments.find((segment) => segment.n === n);
    if (segments.length === 0) return { kind: 'unknown', reason: `story ${storyId} has no segments in ${language} (unknown, not translated into it, or translated before segments were kept: retranslate it)` };
    if (!target) return { kind: 'unknown', reason: `story ${storyId} has no segment ${n} in ${language} (it has 1 to ${segments.length})` };
    const parsed = parseEditorText(text, target.atoms);
    if (parsed.kind === 'invalid') return parsed;
    const edited = segments.map((segment) => (segment.source === target.source ? { ...segment, translation: parsed.canonical, origin: 'human' as const, engine: null } : segment));
    const { text: rebuilt, from } = await rebuildStoryText(db, storyId, language, edited);
    const edit = { storyId, n, actor: who.actor, pair: { from, to: language }, source: target.source, translation: parsed.canonical, text: rebuilt, basedOn: segments };
    if (await recordSegmentEdit(db, edit)) return { kind: 'edited', segment: toReviewSegment({ ...target, translation: parsed.canonical, origin: 'human', engine: null }) };
    if (attempt === EDIT_ATTEMPTS) throw new StorageError(`story ${storyId}: its segments in ${language} kept changing while segment ${n} was edited; try again`);
  }
}

// The translate stage run again over the story's source, each segment answered from the list:
// the text is reassembled, typeset and sanitized exactly as it was when translated.
async function rebuildStoryText(db: Db, storyId: number, language: string, segments: readonly StoredSegment[]): Promise<{ text: TranslatableText; from: string }> {
  const [story, article, settings] = await Promise.all([readStory(db, storyId), readArticle(db, storyId), readSegmentationSettings(db, storyId, language)]);
  if (!story || !article || !settings) {
    throw new StorageError(`story ${storyId} has segments in ${language} but not the article and settings they were cut from (retranslate it)`);
  }
  const changed = (): StorageError =>
    new StorageError(`story ${storyId}'s article no longer matches its segments in ${language} (extracted again since?); retranslate it before editing`);
  const rebuilt = await translateSanitized(
    storySourceText(article, story),
    {
      engine: refusingEngine(changed),
      pair: { from: settings.from, to: language },
      memory: memoryOf(segments),
      protectedTerms: settings.protectedTerms,
      glossary: settings.glossary,
      ...(article.byline ? { byline: article.byline } : {}),
    },
    story.original_url,
  );
  const sources = rebuilt.segments.map((segment) => segment.source);
  if (sources.length !== segments.length || sources.some((source, i) => source !== segments[i]?.source)) throw changed();
  return { text: { title: rebuilt.title, summary: rebuilt.summary, html: rebuilt.html }, from: settings.from };
}

function memoryOf(segments: readonly StoredSegment[]): TranslationMemory {
  const bySource = new Map<string, MemoryMatch>(segments.map((segment) => [segment.source, { target: segment.translation, origin: segment.origin }]));
  return {
    async lookup(_engine, _pair, wanted) {
      return new Map(wanted.flatMap((source) => (bySource.has(source) ? [[source, bySource.get(source) as MemoryMatch] as const] : [])));
    },
    async remember() {},
  };
}

// Every segment of the story is in the list; one that is not means the source changed.
function refusingEngine(changed: () => Error): TranslationEngine {
  return {
    id: 'stored-segments',
    capabilities: { maxBatch: 100, acceptsMarkup: true },
    translate: async () => {
      throw changed();
    },
    check: async () => null,
    close: async () => {},
  };
}

function toReviewSegment(segment: StoredSegment): ReviewSegment {
  return {
    n: segment.n,
    source: renderEditorText(segment.source, segment.atoms),
    translation: renderEditorText(segment.translation, segment.atoms),
    origin: segment.origin,
    engine: segment.engine,
  };
}
