import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { makeStorySeeds, openSeededSite, publishStories, type SeededSite } from '../../test/support/published-stories.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { exportSite, fileForPath } from './export.js';

const temp = makeTempDir();
afterAll(() => temp.remove());

describe('static export', () => {
  let site: SeededSite;
  afterEach(async () => site?.close());

  it('writes every stored page as the bytes the server sends, with gzip siblings, behind a link', async () => {
    site = await openSeededSite(makeStorySeeds(25));
    const out = join(temp.dir, 'first', 'public');
    mkdirSync(join(temp.dir, 'first'));
    const report = await exportSite(site.db, out);
    expect(lstatSync(out).isSymbolicLink()).toBe(true);
    for (const [path, file] of [['/', 'index.html'], ['/page/2', 'page/2/index.html'], [`/article/${site.slugs[3]}`, `article/${site.slugs[3]}/index.html`], ['/feed.xml', 'feed.xml'], ['/atom.xml', 'atom.xml'], ['/feed.json', 'feed.json'], ['/rubrique/monde/feed.xml', 'rubrique/monde/feed.xml'], ['/rubrique/monde/feed.json', 'rubrique/monde/feed.json'], ['/assets/site.css', 'assets/site.css'], ['/sitemap.xml', 'sitemap.xml'], ['/sitemap-articles-2026-10.xml', 'sitemap-articles-2026-10.xml'], ['/sitemap-news.xml', 'sitemap-news.xml']]) {
      const served = Buffer.from(await (await site.server.request(path!)).arrayBuffer());
      expect(readFileSync(join(out, file!)).equals(served), file).toBe(true);
      expect(gunzipSync(readFileSync(join(out, `${file}.gz`))).equals(served), `${file}.gz`).toBe(true);
    }
    expect(readFileSync(join(out, '404.html'), 'utf8')).toContain('Page introuvable');
    // Articles, home pages, category pages, two lists' feeds in three formats, 404, assets, and
    // the sitemaps: the index, the pages', October's articles' and the news sitemap.
    expect(report.files).toBe(25 + 2 + 2 + 2 * 3 + 1 + 3 + 4);
  });

  it('switches the link to each new export, keeping only the previous tree beside it', async () => {
    site = await openSeededSite(makeStorySeeds(2));
    const parent = join(temp.dir, 'switch');
    mkdirSync(parent);
    const out = join(parent, 'site');
    const first = await exportSite(site.db, out, new Date('2026-01-01T00:00:00Z'));
    const [slug] = await publishStories(site.db, [{ url: 'https://news.example/new', title: 'Nouvelle exportée' }]);
    await site.render();
    const second = await exportSite(site.db, out, new Date('2026-01-02T00:00:00Z'));
    expect(readlinkSync(out)).toBe(second.tree.split('/').pop());
    expect(existsSync(join(out, `article/${slug}/index.html`))).toBe(true);
    expect(existsSync(first.tree)).toBe(true);
    const third = await exportSite(site.db, out, new Date('2026-01-03T00:00:00Z'));
    expect(existsSync(first.tree)).toBe(false);
    expect(readdirSync(parent).sort()).toEqual([second.tree, third.tree].map((tree) => tree.split('/').pop()).concat('site').sort());
  });

  it('fails with the path and the reason, leaving the previous export as it was', async () => {
    site = await openSeededSite(makeStorySeeds(1));
    const parent = join(temp.dir, 'kept');
    mkdirSync(parent);
    const out = join(parent, 'site');
    const first = await exportSite(site.db, out);
    // Two stored pages that cannot both be files: the second needs a folder where the first is a file.
    const page = { status: 200, content_type: 'text/plain', cache_control: 'no-store', body: Buffer.from('x'), body_gzip: Buffer.from('x'), etag: '"x"', generation: 1 };
    await site.db.insertInto('site_pages').values([{ ...page, path: '/zz.txt' }, { ...page, path: '/zz.txt/inside' }]).execute();
    await expect(exportSite(site.db, out)).rejects.toThrow(/cannot write .*zz\.txt\/inside\/index\.html: .*the previous export is unchanged/);
    expect(readdirSync(parent).sort()).toEqual([first.tree.split('/').pop(), 'site'].sort());
    // A parent that is not a folder.
    writeFileSync(join(parent, 'plain-file'), '');
    await expect(exportSite(site.db, join(parent, 'plain-file', 'site'))).rejects.toThrow(/plain-file\/site: .*(ENOTDIR|not a directory)/);
    expect(readlinkSync(out)).toBe(first.tree.split('/').pop());
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('Nouvelle numéro 1');
  });

  it('refuses to replace a folder it did not make', async () => {
    site = await openSeededSite([]);
    const out = join(temp.dir, 'theirs');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.html'), 'theirs');
    await expect(exportSite(site.db, out)).rejects.toThrow(/theirs exists and is not a link made by relais export/);
    expect(readFileSync(join(out, 'keep.html'), 'utf8')).toBe('theirs');
  });

  it.each([
    ['/', 'index.html'],
    ['/article/un-titre', 'article/un-titre/index.html'],
    ['/rubrique/monde/page/2', 'rubrique/monde/page/2/index.html'],
    ['/rubrique/monde/feed.xml', 'rubrique/monde/feed.xml'],
    ['/404.html', '404.html'],
    ['/article/caf%C3%A9', 'article/café/index.html'],
  ])('writes %s as %s', (path, file) => {
    expect(fileForPath(path)).toBe(file);
  });

  it.each(['/article/..', '/article/%2E%2E', '/a/%00'])('refuses the path %s', (path) => {
    expect(() => fileForPath(path)).toThrow(/cannot be a file/);
  });
});
