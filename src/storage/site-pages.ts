import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { nowIso, type Db } from './db.js';

/** One page of the site as it is served: its bytes, their gzip variant and a strong ETag. */
export interface StoredPage {
  /** The path it answers, with its query when it has one (`/`, `/article/x`, `/feed.xml`). */
  path: string;
  status: number;
  contentType: string;
  cacheControl: string;
  body: Buffer;
  bodyGzip: Buffer;
  /** A strong validator of `body`, quoted (`"…"`). */
  etag: string;
}

/** What a page is before it is stored. */
export interface PageInput {
  path: string;
  status?: number;
  contentType: string;
  cacheControl: string;
  body: string | Buffer;
}

/** Compresses a page once and derives its ETag from its bytes. */
export function preparePage(input: PageInput): StoredPage {
  const body = typeof input.body === 'string' ? Buffer.from(input.body, 'utf8') : input.body;
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return {
    path: input.path,
    status: input.status ?? 200,
    contentType: input.contentType,
    cacheControl: input.cacheControl,
    body,
    bodyGzip: gzipSync(body, { level: 9 }),
    etag,
  };
}

/** Writes (or replaces) pages, marked with the render generation that wrote them. */
export async function writePages(db: Db, pages: readonly StoredPage[], generation: number): Promise<void> {
  if (pages.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (const page of pages) {
      const row = {
        status: page.status,
        content_type: page.contentType,
        cache_control: page.cacheControl,
        body: page.body,
        body_gzip: page.bodyGzip,
        etag: page.etag,
        generation,
      };
      await trx
        .insertInto('site_pages')
        .values({ path: page.path, ...row })
        .onConflict((oc) => oc.column('path').doUpdateSet(row))
        .execute();
    }
  });
}

/** Reads one stored page, or undefined when the store has none at that path. */
export async function readStoredPage(db: Db, path: string): Promise<StoredPage | undefined> {
  const row = await db.selectFrom('site_pages').selectAll().where('path', '=', path).executeTakeFirst();
  if (!row) return undefined;
  return {
    path: row.path,
    status: Number(row.status),
    contentType: row.content_type,
    cacheControl: row.cache_control,
    body: Buffer.from(row.body),
    bodyGzip: Buffer.from(row.body_gzip),
    etag: row.etag,
  };
}

/** Every stored path with its ETag: what a server compares its cache with. */
export async function listStoredPageTags(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('site_pages').select(['path', 'etag']).execute();
  return new Map(rows.map((row) => [row.path, row.etag]));
}

/** Removes pages from the store. */
export async function deletePages(db: Db, paths: readonly string[]): Promise<void> {
  for (let start = 0; start < paths.length; start += 500) {
    await db.deleteFrom('site_pages').where('path', 'in', paths.slice(start, start + 500)).execute();
  }
}

/** What the stored pages were rendered from. */
export interface SiteState {
  signature: string | undefined;
  /** The categories the stored navigation shows, as JSON. */
  categories: string | undefined;
  generation: number;
}

/** Reads the site's render state. */
export async function readSiteState(db: Db): Promise<SiteState> {
  const row = await db.selectFrom('site_state').select(['signature', 'categories', 'generation']).where('id', '=', 1).executeTakeFirst();
  return { signature: row?.signature ?? undefined, categories: row?.categories ?? undefined, generation: Number(row?.generation ?? 0) };
}

/** Reads only the generation: what a server polls to learn that pages changed. */
export async function readSiteGeneration(db: Db): Promise<number> {
  const row = await db.selectFrom('site_state').select('generation').where('id', '=', 1).executeTakeFirst();
  return Number(row?.generation ?? 0);
}

/** A publication that changed: what a render needs to find the pages that show it. */
export interface SiteChange {
  id: number;
  language: string;
  slug: string;
  categorySlug: string;
  publishedAt: string;
}

/** Notes that a publication changed; call it in the transaction that changes it. */
export async function recordSiteChange(trx: Db, change: Omit<SiteChange, 'id'>): Promise<void> {
  await trx
    .insertInto('site_changes')
    .values({ language: change.language, slug: change.slug, category_slug: change.categorySlug, published_at: change.publishedAt })
    .execute();
}

/** The changes not rendered yet, oldest first. */
export async function listSiteChanges(db: Db, limit = 10_000): Promise<SiteChange[]> {
  const rows = await db.selectFrom('site_changes').selectAll().orderBy('id').limit(limit).execute();
  return rows.map((row) => ({ id: Number(row.id), language: row.language, slug: row.slug, categorySlug: row.category_slug, publishedAt: row.published_at }));
}

/** How many pages are stored and how many changes wait to be rendered: for `relais doctor`. */
export async function countSitePages(db: Db): Promise<{ pages: number; changes: number }> {
  const pages = await db.selectFrom('site_pages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const changes = await db.selectFrom('site_changes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return { pages: Number(pages?.n ?? 0), changes: Number(changes?.n ?? 0) };
}

/** Whether changes wait to be rendered. */
export async function hasSiteChanges(db: Db): Promise<boolean> {
  const row = await db.selectFrom('site_changes').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Takes the render turn for `seconds`: one renderer at a time across processes, so that an older
 * render never overwrites a newer one. Answers the generation this render writes, or undefined
 * when another renderer holds the turn.
 */
export async function takeRenderTurn(db: Db, owner: string, seconds: number, now = new Date()): Promise<number | undefined> {
  const until = nowIso(new Date(now.getTime() + seconds * 1000));
  const result = await db
    .updateTable('site_state')
    .set({ render_owner: owner, render_until: until })
    .where('id', '=', 1)
    .where((eb) => eb.or([eb('render_owner', 'is', null), eb('render_owner', '=', owner), eb('render_until', '<', nowIso(now))]))
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return undefined;
  return (await readSiteGeneration(db)) + 1;
}

/**
 * Ends a render: forgets the changes it rendered, records what it rendered from and moves the
 * generation on, so servers reload; then gives the turn back.
 */
export async function finishRender(
  db: Db,
  owner: string,
  done: { generation: number; changeIds: readonly number[]; signature: string; categories: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < done.changeIds.length; start += 500) {
      await trx.deleteFrom('site_changes').where('id', 'in', done.changeIds.slice(start, start + 500)).execute();
    }
    await trx
      .updateTable('site_state')
      .set({ signature: done.signature, categories: done.categories, generation: done.generation, render_owner: null, render_until: null })
      .where('id', '=', 1)
      .where('render_owner', '=', owner)
      .execute();
  });
}

/** Gives the render turn back without recording a render (it failed). */
export async function releaseRenderTurn(db: Db, owner: string): Promise<void> {
  await db.updateTable('site_state').set({ render_owner: null, render_until: null }).where('id', '=', 1).where('render_owner', '=', owner).execute();
}
