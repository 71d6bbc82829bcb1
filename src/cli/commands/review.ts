import type { Config } from '../../config/index.js';
import { CommandError } from '../../domain/errors.js';
import { databaseFile, openWebSub } from '../../pipeline/index.js';
import { deleteStory, openDatabase, readStory, releaseHeldStory, unpublishStory, type Db } from '../../storage/index.js';
import { createSiteBuilder, siteOptionsFromConfig } from '../../web/index.js';
import { userInfo } from 'node:os';
import { createLogger } from '../logger.js';

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

/** Who a command-line action is recorded as in the audit log: the account running it. */
function commandLineActor(): string {
  try {
    return `${userInfo().username} (command line)`;
  } catch {
    return 'command line';
  }
}

/** Takes a published story down (410 at its address) and renders the pages that showed it. */
export async function unpublishFromCommandLine(config: Readonly<Config>, storyId: number, reason: string): Promise<string> {
  return withSite(config, async (db) => {
    const outcome = await unpublishStory(db, storyId, { reason, actor: commandLineActor() });
    if (outcome === 'unknown') throw new CommandError('stories unpublish', `no story ${storyId} (see relais stories --state published)`);
    if (outcome === 'not-published') throw new CommandError('stories unpublish', `story ${storyId} is not published (see relais stories --state published)`);
    return `unpublished story ${storyId}: its page answers 410 Gone and it left the lists and feeds`;
  });
}

/** Deletes a story's texts (its page answers 410 when it was published) and renders the pages that showed it. */
export async function deleteFromCommandLine(config: Readonly<Config>, storyId: number, reason: string | undefined): Promise<string> {
  return withSite(config, async (db) => {
    if (!(await deleteStory(db, storyId, { actor: commandLineActor(), ...(reason ? { reason } : {}) }))) {
      throw new CommandError('stories delete', `no story ${storyId} (see relais stories)`);
    }
    return `deleted story ${storyId}: its page, article and translations are erased; its URL is kept so it is not taken in again`;
  });
}

async function withSite(config: Readonly<Config>, act: (db: Db) => Promise<string>): Promise<string> {
  const database = await openDatabase(databaseFile(config));
  try {
    const message = await act(database.db);
    const hub = openWebSub(config, createLogger());
    const builder = createSiteBuilder({ db: database.db, site: siteOptionsFromConfig(config), ...(hub ? { websub: hub.websub } : {}) });
    try {
      await builder.render();
    } finally {
      await builder.close();
      await hub?.close();
    }
    return message;
  } finally {
    await database.close();
  }
}
