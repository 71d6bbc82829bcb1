import type { Config } from '../../config/index.js';
import { CommandError } from '../../domain/errors.js';
import { databaseFile } from '../../pipeline/index.js';
import { openDatabase, readStory, releaseHeldStory } from '../../storage/index.js';

/**
 * Releases a held story after review and says what happens next; throws when the story is
 * unknown or not held, so the command exits non-zero.
 */
export async function releaseStory(config: Readonly<Config>, storyId: number, options: { retranslate?: boolean }): Promise<string> {
  const database = await openDatabase(databaseFile(config));
  try {
    const before = await readStory(database.db, storyId);
    const outcome = await releaseHeldStory(database.db, storyId, options);
    if (outcome.kind === 'unknown') throw new CommandError('stories release', `no story ${storyId} (see relais stories --state held)`);
    if (outcome.kind === 'not-held') throw new CommandError('stories release', `story ${storyId} is ${outcome.state}, not held; only held stories can be released`);
    const next = outcome.state === 'translated' ? 'the next run publishes its stored translation' : 'the next run translates it again and checks it';
    return `released story ${storyId} (${before?.reason ?? 'held'}): ${next}`;
  } finally {
    await database.close();
  }
}
