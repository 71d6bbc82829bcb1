import { lstat, mkdir, readdir, rename, rm, rmdir, symlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CommandError, describeError } from '../domain/errors.js';
import { listStoredPageTags, readStoredPage } from '../storage/site-pages.js';
import type { Db } from '../storage/index.js';
import { NOT_FOUND_PATH } from './render.js';

/** What an export wrote. */
export interface ExportReport {
  /** The folder the link `out` now points to. */
  tree: string;
  files: number;
  bytes: number;
}

/**
 * Writes the stored pages as static files, each with a `.gz` sibling (nginx's gzip_static and most
 * CDNs use it), so any web server, object store or CDN serves the same bytes as relais does.
 *
 * `out` becomes a symbolic link to a new folder beside it, written whole before the link is
 * switched in one rename: a web server reading `out` sees the previous export or the new one,
 * never half of one. The export before the previous one is removed; a failed export leaves the
 * previous one as it was.
 *
 * A page's path maps to a file: `/` is `index.html`, `/article/x` is `article/x/index.html` (a web
 * server needs `try_files $uri $uri/index.html` or its equivalent), files with an extension keep
 * their path, and the 404 page is `404.html`.
 */
export async function exportSite(db: Db, out: string, now = new Date()): Promise<ExportReport> {
  const link = resolve(out);
  const parent = dirname(link);
  const name = basename(link);
  await checkLink(link);
  const tree = join(parent, `.${name}.${now.toISOString().replace(/[-:.]/g, '')}-${process.pid}`);
  const fail = (action: string, path: string, error: unknown) =>
    new CommandError('export', `cannot ${action} ${path}: ${describeError(error)} (check that ${parent} exists and is writable; the previous export is unchanged)`, { cause: error });
  try {
    await mkdir(tree, { recursive: false });
  } catch (error) {
    throw fail('create', tree, error);
  }
  let files = 0;
  let bytes = 0;
  try {
    const paths = [...(await listStoredPageTags(db)).keys()].sort();
    for (const path of paths) {
      const page = await readStoredPage(db, path);
      // A file cannot say 410: the page of a story taken down is left out, and answers 404 there.
      if (!page || (page.status !== 200 && path !== NOT_FOUND_PATH)) continue;
      const file = join(tree, fileForPath(path));
      try {
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, page.body);
        await writeFile(`${file}.gz`, page.bodyGzip);
      } catch (error) {
        throw fail('write', file, error);
      }
      files += 1;
      bytes += page.body.length;
    }
    const temporaryLink = join(parent, `.${name}.link-${process.pid}`);
    try {
      await rm(temporaryLink, { force: true });
      await symlink(basename(tree), temporaryLink);
      await rename(temporaryLink, link);
    } catch (error) {
      await rm(temporaryLink, { force: true }).catch(() => undefined);
      throw fail('switch the link', link, error);
    }
  } catch (error) {
    await rm(tree, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
  await removeOlderTrees(parent, name, tree);
  return { tree, files, bytes };
}

/** The file a stored page is written to, relative to the export's root. */
export function fileForPath(path: string): string {
  const decoded = path
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => decodeURIComponent(segment));
  if (decoded.some((segment) => segment === '.' || segment === '..' || segment.includes('\0') || segment.includes('\\'))) {
    throw new CommandError('export', `the stored page ${path} has a path that cannot be a file`);
  }
  const last = decoded[decoded.length - 1];
  if (last !== undefined && /\.[a-z0-9]+$/i.test(last)) return decoded.join('/');
  return [...decoded, 'index.html'].join('/');
}

// `out` must be free or a link an earlier export made: never a folder someone else filled.
async function checkLink(link: string): Promise<void> {
  let stats;
  try {
    stats = await lstat(link);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new CommandError('export', `cannot export to ${link}: ${describeError(error)} (its parent must be a writable folder)`, { cause: error });
  }
  if (stats.isSymbolicLink()) return;
  if (stats.isDirectory() && (await readdir(link)).length === 0) {
    await rmdir(link);
    return;
  }
  throw new CommandError('export', `${link} exists and is not a link made by relais export (export to a new path, or remove it first: the export replaces it with a link to each new tree)`);
}

async function removeOlderTrees(parent: string, name: string, current: string): Promise<void> {
  try {
    const entries = await readdir(parent);
    const trees = entries.filter((entry) => entry.startsWith(`.${name}.`) && !entry.startsWith(`.${name}.link-`)).sort();
    // Keep the newest two: a request still reading the previous tree finishes on it.
    const keep = new Set([basename(current), trees.filter((entry) => entry !== basename(current)).pop()]);
    for (const entry of trees) if (!keep.has(entry)) await rm(join(parent, entry), { recursive: true, force: true });
  } catch {
    // Old trees left behind waste space but harm nothing; the next export tries again.
  }
}
