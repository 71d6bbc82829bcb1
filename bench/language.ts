// Prints how often the extractor names a page's language right, per benchmark folder and
// language, against the folder's languages.json (or one --language for a folder in one language).
//
//   npm run bench:language -- --data DIR [--data DIR…] [--language CODE] [--errors N]
//
// DIR holds html/<id>.html.gz and charsets.json (../shared/bench/extraction-more/<set>); a folder
// with neither languages.json nor --language gets the distribution of the languages found only.
// Pages the extractor does not read as articles are counted apart: they have no language to judge.
// --errors lists up to N pages named wrong, with what the page declared.

import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CleanupRules } from '../src/domain/types.js';
import { extractArticle } from '../src/extractor/index.js';
import { listPageIds, openExtractionSet } from '../test/support/extraction-pages.js';
import { parseBenchArgs } from './support/args.js';

const RULES: CleanupRules = { dropSelectors: [], dropPatterns: [], minWords: 0 };
const NOT_ARTICLE = '(not an article)';
const UNDETERMINED = '(undetermined)';
const CRASHED = '(extraction failed)';

interface PageLanguage {
  id: string;
  found: string;
  declared: string;
}

function readJson<T>(file: string): T | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}

function readDeclared(html: string): string {
  const lang = /<html[^>]*\blang\s*=\s*["']?([\w-]+)/iu.exec(html)?.[1];
  return lang ?? '-';
}

// A page the extractor cannot read counts as one whose language was not found.
function findLanguage(html: string, url: string): string {
  try {
    const outcome = extractArticle(html, { url, rules: RULES });
    return outcome.kind === 'article' ? (outcome.article.language ?? UNDETERMINED) : NOT_ARTICLE;
  } catch {
    return CRASHED;
  }
}

function detectPages(dataDir: string): PageLanguage[] {
  const ids = listPageIds(dataDir);
  const readPage = openExtractionSet({ name: basename(dataDir), dir: dataDir, ids });
  return ids.map((id) => {
    const { html, url } = readPage(id);
    return { id, found: findLanguage(html, url), declared: readDeclared(html) };
  });
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((part / whole) * 100).toFixed(1)}%`;
}

function tally(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([value, n]) => `${value} ${n}`).join(', ');
}

function report(name: string, pages: readonly PageLanguage[], truth: (id: string) => string | undefined, errors: number): void {
  // Only pages read as articles have a language to judge; the others are counted apart.
  const unread = pages.filter((page) => page.found === NOT_ARTICLE || page.found === CRASHED);
  const known = pages.filter((page) => truth(page.id) !== undefined && !unread.includes(page));
  if (known.length === 0) {
    console.log(`${name}: ${pages.length} pages, no known languages; found: ${tally(pages.map((page) => page.found))}`);
    return;
  }
  const right = known.filter((page) => page.found === truth(page.id)).length;
  const apart = unread.length ? `; not read as articles: ${tally(unread.map((page) => page.found))}` : '';
  console.log(`${name}: ${right}/${known.length} articles right (${percent(right, known.length)})${apart}`);
  for (const language of [...new Set(known.map((page) => truth(page.id)!))].sort()) {
    const of = known.filter((page) => truth(page.id) === language);
    const wrong = of.filter((page) => page.found !== language);
    const correct = of.length - wrong.length;
    console.log(`  ${language}: ${correct}/${of.length} (${percent(correct, of.length)})${wrong.length ? `; wrong: ${tally(wrong.map((page) => page.found))}` : ''}`);
  }
  for (const page of known.filter((page) => page.found !== truth(page.id)).slice(0, errors)) {
    console.log(`    ${page.id}: found ${page.found}, expected ${truth(page.id)}, html lang ${page.declared}`);
  }
}

const args = parseBenchArgs(process.argv.slice(2));
const dirs = process.argv.flatMap((value, at, all) => (all[at - 1] === '--data' ? [value] : []));
if (dirs.length === 0) throw new Error('--data DIR: a benchmark folder with html/<id>.html.gz (e.g. ../shared/bench/extraction-more/daniel)');
const uniform = args.read('language');
const errors = args.has('errors') ? args.readCount('errors', 10) : 0;
for (const dir of dirs) {
  const languages = readJson<Record<string, string>>(join(dir, 'languages.json'));
  const truth = (id: string): string | undefined => languages?.[id] ?? uniform;
  report(basename(dir), detectPages(dir), truth, errors);
}
