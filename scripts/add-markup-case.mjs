#!/usr/bin/env node
// Adds a markup-survival fixture: HTML on stdin → test/fixtures/markup/NNN-<name>.html, passed
// through the sanitizer first so the case is what a body looks like when it reaches the
// translator. `--raw` keeps the HTML as given (attributes outside the allow-list, for cases
// that check the translator itself keeps any attribute). Needs the build (npm run build).
//
//   node scripts/add-markup-case.mjs link-at-sentence-start < case.html
//   echo '<p>…</p>' | node scripts/add-markup-case.mjs --raw link-with-title

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const isRaw = args.includes('--raw');
const name = args.find((arg) => !arg.startsWith('--'));
if (!name || !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(name)) {
  console.error('usage: node scripts/add-markup-case.mjs [--raw] <kebab-case-name> < case.html');
  process.exit(2);
}

const root = fileURLToPath(new URL('..', import.meta.url));
const folder = join(root, 'test', 'fixtures', 'markup');
const input = readFileSync(0, 'utf8').trim();
if (input.length === 0) {
  console.error('add-markup-case: no HTML on stdin; pipe the case in');
  process.exit(2);
}

const { sanitizeHtml } = await import(join(root, 'dist', 'sanitizer', 'index.js')).catch(() => {
  console.error('add-markup-case: dist/sanitizer is missing (run: npm run build)');
  process.exit(2);
});
// Relative links resolve against a story URL, as they do in the pipeline.
const html = isRaw ? input : sanitizeHtml(input, { baseUrl: 'https://news.example.com/world/2024/story.html' });

const existing = readdirSync(folder).filter((file) => /^\d{3}-.+\.html$/.test(file));
if (existing.some((file) => file.slice(4) === `${isRaw ? 'raw-' : ''}${name}.html`)) {
  console.error(`add-markup-case: a case named ${name} exists already`);
  process.exit(2);
}
const next = existing.reduce((max, file) => Math.max(max, Number(file.slice(0, 3))), 0) + 1;
const file = join(folder, `${String(next).padStart(3, '0')}-${isRaw ? 'raw-' : ''}${name}.html`);
writeFileSync(file, `${html}\n`);
console.log(`added ${file}`);
