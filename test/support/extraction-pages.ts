import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decodeText } from '../../src/fetcher/index.js';

// The extraction benchmarks under ../shared: `bench/extraction` (one set) and each folder of
// `bench/extraction-more`. Every set holds html/<id>.html.gz (the page's original bytes) and may
// name each page's charset (charsets.json) and URL (ground-truth.json or snippets.json).

/** One benchmark set: its name, its folder and the ids of its pages, sorted. */
export interface ExtractionSet {
  name: string;
  dir: string;
  ids: string[];
}

/** A benchmark page decoded as the pipeline would: text, the URL it came from, and where it lies. */
export interface ExtractionPage {
  set: string;
  id: string;
  url: string;
  html: string;
}

const FALLBACK_URL = 'https://example.com/';

/** The sets under `benchRoot` (the shared `bench` folder): `extraction`, then `extraction-more/<set>` by name. */
export function listExtractionSets(benchRoot: string): ExtractionSet[] {
  const dirs: { name: string; dir: string }[] = [];
  const original = join(benchRoot, 'extraction');
  if (existsSync(join(original, 'html'))) dirs.push({ name: 'extraction', dir: original });
  const more = join(benchRoot, 'extraction-more');
  if (existsSync(more)) {
    for (const name of readdirSync(more).sort()) {
      const dir = join(more, name);
      if (existsSync(join(dir, 'html'))) dirs.push({ name, dir });
    }
  }
  return dirs.map(({ name, dir }) => ({ name, dir, ids: listPageIds(dir) }));
}

/** The ids of the pages of a set folder (html/<id>.html.gz), sorted. */
export function listPageIds(dir: string): string[] {
  return readdirSync(join(dir, 'html'))
    .filter((file) => file.endsWith('.html.gz'))
    .map((file) => file.slice(0, -'.html.gz'.length))
    .sort();
}

/** A reader of one set's pages by id, decoding each with the charset the set names for it (UTF-8 otherwise). */
export function openExtractionSet(set: ExtractionSet): (id: string) => ExtractionPage {
  const charsets = readJsonObject<string>(join(set.dir, 'charsets.json'));
  const urls = readPageUrls(set.dir);
  return (id) => {
    const bytes = gunzipSync(readFileSync(join(set.dir, 'html', `${id}.html.gz`)));
    const { text } = decodeText(bytes, `text/html; charset=${charsets[id] ?? 'utf-8'}`);
    return { set: set.name, id, url: urls[id] ?? FALLBACK_URL, html: text };
  };
}

function readPageUrls(dir: string): Record<string, string> {
  const entries = {
    ...readJsonObject<{ url?: string }>(join(dir, 'ground-truth.json')),
    ...readJsonObject<{ url?: string }>(join(dir, 'snippets.json')),
  };
  const urls: Record<string, string> = {};
  for (const [id, entry] of Object.entries(entries)) if (typeof entry.url === 'string') urls[id] = entry.url;
  return urls;
}

function readJsonObject<T>(file: string): Record<string, T> {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, T>) : {};
}

/** `count` pages drawn from all the sets without repeats (every page when there are fewer), in draw order. */
export function samplePages(sets: readonly ExtractionSet[], count: number, random: () => number): { set: ExtractionSet; id: string }[] {
  const all = sets.flatMap((set) => set.ids.map((id) => ({ set, id })));
  // A partial Fisher–Yates shuffle: the first `count` places hold the draw.
  const drawn = Math.min(count, all.length);
  for (let i = 0; i < drawn; i += 1) {
    const j = i + Math.floor(random() * (all.length - i));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, drawn);
}
