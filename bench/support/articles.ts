// The article bodies the speed benches translate: the pages of the end-to-end news-site fixture,
// extracted by relais's own extractor (what the translate stage receives in production).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TranslatableText } from '../../src/domain/types.js';
import { extractArticle } from '../../src/extractor/index.js';

const fixture = fileURLToPath(new URL('../../test/fixtures/news-site', import.meta.url));

/** Extracts every article page of test/fixtures/news-site; pages that are not articles are left out. */
export function readFixtureArticles(): TranslatableText[] {
  const articles: TranslatableText[] = [];
  for (const file of listPages(fixture)) {
    const url = `http://news.example/${relative(fixture, file).replace(/index\.html$/, '')}`;
    const outcome = extractArticle(readFileSync(file, 'utf8'), { url, rules: { dropSelectors: [], dropPatterns: [], minWords: 80 } });
    if (outcome.kind === 'article') {
      const { title, excerpt, html } = outcome.article;
      articles.push({ title, summary: excerpt ?? '', html });
    }
  }
  return articles;
}

// Article pages sit in dated folders (2026/11/27/<slug>/index.html); the home page is not one.
function listPages(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return listPages(path);
      return name === 'index.html' && dir !== fixture ? [path] : [];
    });
}
