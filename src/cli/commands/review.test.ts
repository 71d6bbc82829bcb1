import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig, type Config } from '../../config/index.js';
import { databaseFile } from '../../pipeline/index.js';
import { listAudit, openDatabase, readStory } from '../../storage/index.js';
import { readStoredPage } from '../../storage/site-pages.js';
import { publishStories } from '../../../test/support/published-stories.js';
import { runRelais } from '../../../test/support/run-relais.js';
import { makeTempDir } from '../../../test/support/temp-dir.js';
import { freshDatabaseLocation } from '../../../test/support/test-database.js';

// relais stories unpublish / delete, as an operator runs them.

describe('relais stories unpublish and delete', { timeout: 60_000 }, () => {
  let temp: ReturnType<typeof makeTempDir>;
  let config: Config;
  let configFile: string;
  let ids: number[];
  let slugs: string[];

  beforeAll(async () => {
    temp = makeTempDir();
    config = parseConfig({ data_dir: join(temp.dir, 'data'), database: freshDatabaseLocation(join(temp.dir, 'data')) });
    configFile = join(temp.dir, 'relais.yaml');
    writeFileSync(configFile, JSON.stringify(config));
    const database = await openDatabase(databaseFile(config));
    try {
      slugs = await publishStories(database.db, [
        { url: 'https://news.example/a', title: 'Première nouvelle' },
        { url: 'https://news.example/b', title: 'Deuxième nouvelle' },
      ]);
      const rows = await database.db.selectFrom('publications').select(['story_id', 'slug']).execute();
      ids = slugs.map((slug) => rows.find((row) => row.slug === slug)!.story_id);
    } finally {
      await database.close();
    }
  });
  afterAll(() => temp.remove());

  it('takes a story down, renders its 410 page, and says so in the audit log', async () => {
    const result = await runRelais(['stories', 'unpublish', String(ids[0]), '--reason', 'demande de la source', '--config', configFile]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(new RegExp(`^unpublished story ${ids[0]}: its page answers 410 Gone`));
    const again = await runRelais(['stories', 'unpublish', String(ids[0]), '--reason', 'encore', '--config', configFile]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(new RegExp(`story ${ids[0]} is not published`));
    const database = await openDatabase(databaseFile(config));
    try {
      expect((await readStoredPage(database.db, `/article/${slugs[0]}`))?.status).toBe(410);
      expect((await readStoredPage(database.db, `/article/${slugs[1]}`))?.status).toBe(200);
      expect((await listAudit(database.db, { storyId: ids[0]! }))[0]).toMatchObject({ action: 'unpublish', detail: 'demande de la source', actor: expect.stringMatching(/command line/) });
    } finally {
      await database.close();
    }
  });

  it('deletes a story, and names the story it does not know', async () => {
    const result = await runRelais(['stories', 'delete', String(ids[1]), '--config', configFile]);
    expect(result.stdout).toMatch(new RegExp(`^deleted story ${ids[1]}:`));
    const unknown = await runRelais(['stories', 'delete', '9999', '--config', configFile]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no story 9999/);
    const database = await openDatabase(databaseFile(config));
    try {
      expect((await readStory(database.db, ids[1]!))?.state).toBe('unpublished');
      expect((await readStoredPage(database.db, `/article/${slugs[1]}`))?.status).toBe(410);
    } finally {
      await database.close();
    }
  });
});
