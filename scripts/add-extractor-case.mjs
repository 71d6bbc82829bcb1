#!/usr/bin/env node
// Adds a golden page for the extractor tests: copies the HTML file into test/fixtures/extractor/
// and writes <case>.expected.json from what the extractor gives now, for a person to check and trim.
// Usage: node scripts/add-extractor-case.mjs <page.html> <case-name> --url <page URL> [--min-words N]
// Needs the compiled extractor (npm run build).
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { url: { type: 'string' }, 'min-words': { type: 'string' }, force: { type: 'boolean' } },
});
const [source, name] = positionals;
if (source === undefined || name === undefined || values.url === undefined) {
  console.error('usage: node scripts/add-extractor-case.mjs <page.html> <case-name> --url <page URL> [--min-words N] [--force]');
  process.exit(2);
}
if (!/^[a-z0-9][a-z0-9-]*$/u.test(name)) {
  console.error(`case name ${JSON.stringify(name)} must be lowercase letters, digits and dashes`);
  process.exit(2);
}
const distEntry = new URL('../dist/extractor/index.js', import.meta.url);
if (!existsSync(fileURLToPath(distEntry))) {
  console.error('dist/extractor/index.js is missing (run: npm run build)');
  process.exit(1);
}
const fixturesDir = new URL('../test/fixtures/extractor/', import.meta.url);
const htmlTarget = fileURLToPath(new URL(`${name}.html`, fixturesDir));
const jsonTarget = fileURLToPath(new URL(`${name}.expected.json`, fixturesDir));
if (existsSync(jsonTarget) && values.force !== true) {
  console.error(`${jsonTarget} exists (pass --force to overwrite)`);
  process.exit(1);
}

const { extractArticle } = await import(distEntry.href);
const minWords = values['min-words'] === undefined ? 80 : Number(values['min-words']);
const rules = { dropSelectors: [], dropPatterns: [], minWords };
const outcome = extractArticle(readFileSync(source, 'utf8'), { url: values.url, rules });

/** Builds the expectations from the current output: metadata as is, the first and last blocks as text snippets. */
function describeOutcome() {
  const expected = { url: values.url };
  if (minWords !== 80) expected.rules = { minWords };
  if (outcome.kind === 'not-article') return { ...expected, outcome: 'not-article', reason: outcome.reason };
  const { article } = outcome;
  const blocks = article.text.split('\n');
  const snippet = (block) => (block ?? '').slice(0, 80);
  const fields = ['title', 'byline', 'publishedAt', 'modifiedAt', 'language', 'siteName'];
  for (const field of fields) if (article[field] !== undefined) expected[field] = article[field];
  if (article.leadImage !== undefined) expected.leadImage = article.leadImage.url;
  expected.outcome = 'article';
  expected.requiredText = [...new Set([snippet(blocks[0]), snippet(blocks.at(-1))])].filter(Boolean);
  expected.forbiddenText = [];
  return expected;
}

copyFileSync(source, htmlTarget);
const expected = describeOutcome();
writeFileSync(jsonTarget, `${JSON.stringify(expected, null, 2)}\n`);
console.log(`wrote ${htmlTarget}\nwrote ${jsonTarget}\n`);
console.log(JSON.stringify(expected, null, 2));
if (outcome.kind === 'article') {
  console.log('\n--- body text (check it, then add forbiddenText for any junk you want kept out) ---');
  console.log(outcome.article.text);
}
