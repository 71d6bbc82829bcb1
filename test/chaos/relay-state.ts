import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';

// What a relay left in its database, keyed by story URL (ids depend on insertion order), and
// the checks that compare a run that was killed over and over with one that never was.

/** One story as the database holds it after a run. */
export interface StoryState {
  state: string;
  reason: string | null;
  /** Publication rows of the story (exactly one once published). */
  publications: number;
  /** Its slug, with the story id a taken slug gets appended written `{id}` (ids follow insertion order). */
  slug: string | null;
  /** Title, summary and body of its translation, when it has one. */
  translation: string | null;
  /** Title and text of its article, when extracted. */
  article: string | null;
  /** Whether its stored page (when fetched) decompresses to a whole document. */
  pageReadable: boolean | null;
  /** Its body-block fingerprints, sorted. */
  fingerprints: string;
}

/** A database's content as the checks see it. */
export interface RelayState {
  stories: Map<string, StoryState>;
  /** engine, pair and source segment → target, one entry per key. */
  memory: Map<string, string>;
  memoryRows: number;
  integrity: string[];
  foreignKeyProblems: number;
  slugsTaken: number;
  slugsDistinct: number;
}

/** Reads the state of a relais database (read-only). */
export function readRelayState(file: string): RelayState {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const stories = new Map<string, StoryState>();
    const rows = db.prepare('SELECT id, url, state, reason FROM stories').all() as Array<{ id: number; url: string; state: string; reason: string | null }>;
    const publications = db.prepare('SELECT slug FROM publications WHERE story_id = ?');
    const translation = db.prepare('SELECT title, summary, html FROM translations WHERE story_id = ?');
    const article = db.prepare('SELECT title, text FROM articles WHERE story_id = ?');
    const page = db.prepare('SELECT body_gzip FROM pages WHERE story_id = ?');
    const fingerprints = db.prepare('SELECT fingerprint FROM boilerplate_blocks WHERE story_id = ? ORDER BY fingerprint');
    for (const row of rows) {
      const slugs = publications.all(row.id) as Array<{ slug: string }>;
      const translated = translation.get(row.id) as { title: string; summary: string; html: string } | undefined;
      const extracted = article.get(row.id) as { title: string; text: string } | undefined;
      const stored = page.get(row.id) as { body_gzip: Buffer } | undefined;
      stories.set(row.url, {
        state: row.state,
        reason: row.reason,
        publications: slugs.length,
        slug: slugs[0] ? slugs[0].slug.replace(new RegExp(`-${row.id}$`), '-{id}') : null,
        translation: translated ? `${translated.title}\n${translated.summary}\n${translated.html}` : null,
        article: extracted ? `${extracted.title}\n${extracted.text}` : null,
        pageReadable: stored ? isWholePage(stored.body_gzip) : null,
        fingerprints: (fingerprints.all(row.id) as Array<{ fingerprint: string }>).map((entry) => entry.fingerprint).join(' '),
      });
    }
    const memory = new Map<string, string>();
    const entries = db
      .prepare('SELECT engine, source_language, target_language, source, target FROM translation_memory')
      .all() as Array<{ engine: string; source_language: string; target_language: string; source: string; target: string }>;
    for (const entry of entries) memory.set(`${entry.engine} ${entry.source_language}-${entry.target_language} ${entry.source}`, entry.target);
    const slugs = db.prepare('SELECT COUNT(slug) AS taken, COUNT(DISTINCT slug) AS distinct_slugs FROM publications').get() as { taken: number; distinct_slugs: number };
    return {
      stories,
      memory,
      memoryRows: entries.length,
      integrity: (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((entry) => entry.integrity_check),
      foreignKeyProblems: (db.pragma('foreign_key_check') as unknown[]).length,
      slugsTaken: slugs.taken,
      slugsDistinct: slugs.distinct_slugs,
    };
  } finally {
    db.close();
  }
}

function isWholePage(body: Buffer): boolean {
  try {
    return /<\/html>\s*$/i.test(gunzipSync(body).toString('utf8'));
  } catch {
    return false;
  }
}

// A story at rest: nothing left for a later run to do.
const finalStates = new Set(['published', 'skipped']);

/**
 * What differs between a run that was killed and one that never was (empty when they agree):
 * every story in the same final state, published exactly once under the same slug, with the
 * same article and translation; no torn row; the same translation memory; a sound database.
 */
export function compareRelayStates(reference: RelayState, actual: RelayState): string[] {
  const problems: string[] = [];
  if (actual.integrity.join() !== 'ok') problems.push(`PRAGMA integrity_check: ${actual.integrity.slice(0, 3).join('; ')}`);
  if (actual.foreignKeyProblems > 0) problems.push(`PRAGMA foreign_key_check: ${actual.foreignKeyProblems} rows point nowhere`);
  if (actual.slugsTaken !== actual.slugsDistinct) problems.push(`${actual.slugsTaken - actual.slugsDistinct} slugs used twice`);
  for (const [url, expected] of reference.stories) {
    const story = actual.stories.get(url);
    if (!story) {
      problems.push(`${url}: lost (never discovered)`);
      continue;
    }
    if (!finalStates.has(story.state)) problems.push(`${url}: stuck in ${story.state}${story.reason ? ` (${story.reason})` : ''}`);
    else if (story.state !== expected.state) problems.push(`${url}: ${story.state} where the uninterrupted run left it ${expected.state}`);
    if (story.publications !== expected.publications) problems.push(`${url}: published ${story.publications} times, expected ${expected.publications}`);
    if (story.slug !== expected.slug) problems.push(`${url}: slug ${story.slug} where the uninterrupted run chose ${expected.slug}`);
    if (story.pageReadable === false) problems.push(`${url}: stored page does not decompress to a whole document (torn row)`);
    if (story.article !== expected.article) problems.push(`${url}: extracted article differs from the uninterrupted run's`);
    if (story.translation !== expected.translation) problems.push(`${url}: translation differs from the uninterrupted run's`);
    if (story.fingerprints !== expected.fingerprints) problems.push(`${url}: boilerplate fingerprints differ from the uninterrupted run's`);
  }
  for (const url of actual.stories.keys()) if (!reference.stories.has(url)) problems.push(`${url}: a story the uninterrupted run never had`);
  if (actual.memoryRows !== actual.memory.size) problems.push(`translation memory: ${actual.memoryRows - actual.memory.size} duplicate entries`);
  for (const [key, target] of reference.memory) {
    const found = actual.memory.get(key);
    if (found === undefined) problems.push(`translation memory: missing ${shorten(key)}`);
    else if (found !== target) problems.push(`translation memory: ${shorten(key)} → ${shorten(found)}, expected ${shorten(target)}`);
  }
  for (const key of actual.memory.keys()) if (!reference.memory.has(key)) problems.push(`translation memory: extra entry ${shorten(key)}`);
  return problems;
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
