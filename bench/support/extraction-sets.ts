// Extraction benchmark folders: html/<id>.html.gz (the page's bytes), and ground-truth.json
// (`{ id: { articleBody, url } }`) or snippets.json (`{ id: { with, without, url } }`), with
// charsets.json (`{ id: charset }`) when the bytes are not all UTF-8. See
// ../shared/bench/extraction-more/README.md.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { listPageIds, openExtractionSet } from '../../test/support/extraction-pages.js';
import type { PageSnippets } from './extraction-metrics.js';

/** One page of a set, decoded as the fetcher would with the set's charset as the Content-Type's (test/support/extraction-pages.ts). */
export interface BenchPage {
  id: string;
  html: string;
  url: string;
}

/** What a set scores against: whole article bodies, or snippets that must and must not appear. */
export type BenchTruth =
  | { kind: 'bodies'; bodies: Map<string, string> }
  | { kind: 'snippets'; snippets: Map<string, PageSnippets> }
  | { kind: 'none' };

/** One benchmark set. */
export interface BenchSet {
  name: string;
  pages: BenchPage[];
  truth: BenchTruth;
}

/** The set folders under `root` (those with an html/ folder), by name. */
export function listBenchSets(root: string): string[] {
  if (!existsSync(root)) throw new Error(`${root} does not exist (pass the folder that holds the sets, e.g. ../shared/bench/extraction-more)`);
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, 'html')))
    .map((entry) => join(root, entry.name))
    .sort();
}

/** Reads a set; `limit` keeps its first pages by id (for quick runs). */
export function readBenchSet(dir: string, options: { limit?: number } = {}): BenchSet {
  if (!existsSync(join(dir, 'html'))) throw new Error(`${dir} has no html/ folder (expected html/<id>.html.gz)`);
  const ids = listPageIds(dir).slice(0, options.limit ?? Infinity);
  const readPage = openExtractionSet({ name: basename(dir), dir, ids });
  const pages = ids.map((id) => {
    const { html, url } = readPage(id);
    return { id, html, url };
  });
  const kept = new Set(ids);
  const truthFile = readJson<Record<string, { articleBody?: string }>>(join(dir, 'ground-truth.json'));
  const snippetFile = readJson<Record<string, { with?: string[]; without?: string[] }>>(join(dir, 'snippets.json'));
  let truth: BenchTruth = { kind: 'none' };
  if (truthFile) {
    truth = { kind: 'bodies', bodies: new Map(Object.entries(truthFile).filter(([id]) => kept.has(id)).map(([id, entry]) => [id, entry.articleBody ?? ''])) };
  } else if (snippetFile) {
    const snippets = Object.entries(snippetFile).filter(([id]) => kept.has(id)).map(([id, entry]) => [id, { with: entry.with ?? [], without: entry.without ?? [] }] as const);
    truth = { kind: 'snippets', snippets: new Map(snippets) };
  }
  return { name: basename(dir), pages, truth };
}

function readJson<T>(file: string): T | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}
