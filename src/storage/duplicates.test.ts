import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { freshDatabaseLocation } from '../../test/support/test-database.js';
import type { Article } from '../domain/types.js';
import {
  deleteStory,
  ensureSource,
  insertDiscoveredStories,
  listAlsoReportedBy,
  listStories,
  openDatabase,
  readStory,
  recordExtractedUnlessDuplicate,
  type DatabaseHandle,
  type DuplicateCheck,
  type FingerprintCandidate,
} from './index.js';

const article: Article = { title: 'Port traffic falls', html: '<p>Body.</p>', text: 'Body.', wordCount: 1 };

describe('story fingerprints', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let handle: DatabaseHandle;

  beforeEach(async () => {
    temp = makeTempDir();
    handle = await openDatabase(freshDatabaseLocation(join(temp.dir, 'data')));
  });
  afterEach(async () => {
    await handle.close();
    temp.remove();
  });

  async function addStory(campaign: string, url: string): Promise<number> {
    const source = await ensureSource(handle.db, campaign, `https://${campaign}.example/feed`);
    await insertDiscoveredStories(handle.db, campaign, source.id, [{ url, originalUrl: url }]);
    return (await listStories(handle.db, { campaignId: campaign })).find((story) => story.url === url)!.id;
  }

  // The candidates the store offers are what the test looks at; any candidate counts as a match.
  const check = (language: string, bands: string[], since: string, seen: FingerprintCandidate[][] = [], site = `site-${language}-${bands.join()}`): DuplicateCheck => ({
    fingerprint: { language, site, signature: 'sig', bands },
    since,
    choose: (candidates) => {
      seen.push([...candidates]);
      return candidates[0] ? { storyId: candidates[0].storyId, similarity: 0.9 } : undefined;
    },
    describe: (match) => `same story as ${match.storyId}`,
    copy: { sourceName: 'Wire', originalUrl: 'https://wire.example/a' },
  });

  it('offers the stories of the same language sharing a band within the window, and records the copy', async () => {
    const first = await addStory('a', 'https://a.example/1');
    const german = await addStory('b', 'https://b.example/1');
    const copy = await addStory('c', 'https://c.example/1');
    expect(await recordExtractedUnlessDuplicate(handle.db, first, article, undefined, check('fr', ['0:aa', '1:bb'], '2000-01-01T00:00:00Z'))).toEqual({ kind: 'extracted' });
    expect(await recordExtractedUnlessDuplicate(handle.db, german, article, undefined, check('de', ['0:aa', '1:bb'], '2000-01-01T00:00:00Z'))).toEqual({ kind: 'extracted' });

    const outside = check('fr', ['1:bb'], '2999-01-01T00:00:00Z');
    expect(await recordExtractedUnlessDuplicate(handle.db, copy, article, undefined, outside)).toEqual({ kind: 'extracted' });

    const seen: FingerprintCandidate[][] = [];
    const later = await addStory('d', 'https://d.example/1');
    expect(await recordExtractedUnlessDuplicate(handle.db, later, article, undefined, check('fr', ['9:zz', '1:bb'], '2000-01-01T00:00:00Z', seen))).toEqual({ kind: 'duplicate', storyId: first, similarity: 0.9 });
    expect(seen[0]!.map((candidate) => candidate.storyId)).toEqual([first, copy]);
    expect(await readStory(handle.db, later)).toMatchObject({ state: 'skipped', failed_stage: 'extract', reason: `same story as ${first}` });
    expect(await listAlsoReportedBy(handle.db, first)).toEqual([{ name: 'Wire', url: 'https://wire.example/a' }]);

    // A story of the same site as an earlier one is never its copy: they share a template, not a story.
    const sameSite = await addStory('f', 'https://a.example/2');
    const seenSameSite: FingerprintCandidate[][] = [];
    await recordExtractedUnlessDuplicate(handle.db, sameSite, article, undefined, check('fr', ['0:aa'], '2000-01-01T00:00:00Z', seenSameSite, 'site-fr-0:aa,1:bb'));
    expect(seenSameSite[0]).toEqual([]);

    // A skipped story is nobody's original, and a deleted one leaves no relation behind.
    const fourth = await addStory('e', 'https://e.example/1');
    const seenAgain: FingerprintCandidate[][] = [];
    await recordExtractedUnlessDuplicate(handle.db, fourth, article, undefined, check('fr', ['9:zz'], '2000-01-01T00:00:00Z', seenAgain, 'site-e'));
    expect(seenAgain[0]).toEqual([]);
    expect(await deleteStory(handle.db, first, { actor: 'editor' })).toBe(true);
    expect(await listAlsoReportedBy(handle.db, first)).toEqual([]);
    const left = await handle.db.selectFrom('story_fingerprint_bands').select('story_id').where('story_id', '=', first).execute();
    expect(left).toEqual([]);
  });
});
