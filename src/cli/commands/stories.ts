import type { Config } from '../../config/index.js';
import type { StoryState } from '../../domain/types.js';
import { databaseFile } from '../../pipeline/index.js';
import { countStoriesByState, listStories, openDatabase } from '../../storage/index.js';

/** Prints what happened to each story (newest first), with the stage and reason of skips and failures. */
export async function printStories(
  config: Readonly<Config>,
  options: { state?: StoryState; campaign?: string; limit: number; json?: boolean },
): Promise<void> {
  const database = await openDatabase(databaseFile(config));
  try {
    const stories = await listStories(database.db, {
      limit: options.limit,
      ...(options.state ? { state: options.state } : {}),
      ...(options.campaign ? { campaignId: options.campaign } : {}),
    });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(stories, null, 2)}\n`);
      return;
    }
    for (const story of stories) {
      const why = story.reason ? `  [${story.failed_stage}] ${story.reason}` : '';
      const retry = story.state === 'failed' && story.next_attempt_at ? ` (retry after ${story.next_attempt_at})` : '';
      process.stdout.write(`${String(story.id).padStart(5)}  ${story.state.padEnd(10)} ${story.campaign_id}  ${story.url}${why}${retry}\n`);
    }
    const counts = await countStoriesByState(database.db, options.campaign);
    const line = Object.entries(counts).map(([state, n]) => `${state} ${n}`).join(', ');
    process.stdout.write(`${stories.length} shown; all stories: ${line || 'none yet'}\n`);
  } finally {
    await database.close();
  }
}
