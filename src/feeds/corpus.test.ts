// The Universal Feed Parser test suite (../shared/corpora/feedparser): every file parses or is
// rejected with a FeedError, and the simple `entries[0]['field'] == u'value'` expectations that
// map onto relais's items stay met. corpus-passes.json lists those met when it was last measured;
// run with RELAIS_UPDATE_CORPUS_PASSES=1 to rewrite it after an improvement.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { describeWithSharedData } from '../../test/support/shared-data.js';
import { FeedError } from '../domain/errors.js';
import { decodeText } from '../fetcher/index.js';
import type { FeedEntry } from './item-fields.js';
import { parseFeedDate } from './parse-date.js';
import { parseFeedEntries } from './parse-feed.js';
import { htmlToPlainText } from '../util/html-text.js';

const passesFile = new URL('./corpus-passes.json', import.meta.url);

interface IndexEntry {
  file: string;
  expect: string;
}

interface Expectation {
  file: string;
  field: string;
  expected: string;
}

// Folders whose expectations are about feed content (not encodings, HTTP headers or sanitizing).
const CONTENT_FOLDERS = /^(?:wellformed\/(?:rss|atom|atom10|rdf)|json)\//;
const FIELDS = new Set(['title', 'link', 'id', 'guid', 'summary', 'description', 'author', 'updated', 'published', 'created']);

/** Evaluates a Python string literal (u'…', '…', "…") with its escapes. */
function evalPythonString(literal: string): string {
  const body = literal.replace(/^u/, '').slice(1, -1);
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, esc: string) => {
    if (/^[xuU]/.test(esc)) return String.fromCodePoint(parseInt(esc.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[esc] ?? esc;
  });
}

function toExpectation(entry: IndexEntry): Expectation | undefined {
  const text = entry.expect.replace(/^not bozo and /, '').trim();
  const m = /^entries\[0\]\['(\w+)'\] == (u?'(?:[^'\\]|\\.)*'|u?"(?:[^"\\]|\\.)*")$/.exec(text);
  if (!m?.[1] || !m[2] || !FIELDS.has(m[1])) return undefined;
  return { file: entry.file, field: m[1], expected: evalPythonString(m[2]) };
}

function isSameUrl(got: string | undefined, expected: string): boolean {
  try {
    return got === new URL(expected).href;
  } catch {
    return false;
  }
}

/** Whether relais's normalized entry meets feedparser's expectation on the corresponding field. */
function meets(entry: FeedEntry | undefined, { field, expected }: Expectation): boolean {
  if (!entry) return false;
  switch (field) {
    case 'title':
    case 'summary':
    case 'description': {
      // feedparser keeps markup where relais gives plain text; either form of the value counts.
      const got = field === 'title' ? entry.title : entry.summary;
      return got === expected.trim() || got === htmlToPlainText(expected);
    }
    case 'link':
      return isSameUrl(entry.url, expected);
    case 'id':
    case 'guid':
      return entry.guid === expected;
    case 'author':
      return entry.author !== undefined && (entry.author === expected || expected.startsWith(`${entry.author} (`));
    default:
      return entry.publishedAt !== undefined && entry.publishedAt === parseFeedDate(expected);
  }
}

// Decoded as the poll stage decodes a fetched feed (the corpus files come without HTTP headers).
function readCorpusFile(corpusDir: URL, file: string): string {
  return decodeText(readFileSync(new URL(file, corpusDir)), '').text;
}

function readFirstEntry(corpusDir: URL, file: string): FeedEntry | undefined {
  try {
    return parseFeedEntries(readCorpusFile(corpusDir, file), `http://127.0.0.1:8097/tests/${file}`).entries[0];
  } catch {
    return undefined;
  }
}

describeWithSharedData('feedparser corpus', 'corpora/feedparser/index.json', (indexFile) => {
  const corpusDir = new URL('./', pathToFileURL(indexFile));
  const index = JSON.parse(readFileSync(indexFile, 'utf8')) as IndexEntry[];

  it('parses every file or rejects it with a FeedError, never another exception', { timeout: 180_000 }, () => {
    const crashes: string[] = [];
    const rejected: string[] = [];
    for (const { file } of index) {
      try {
        parseFeedEntries(readCorpusFile(corpusDir, file), `http://127.0.0.1:8097/tests/${file}`);
      } catch (error) {
        if (error instanceof FeedError) rejected.push(file);
        else crashes.push(`${file}: ${String(error)}`);
      }
    }
    console.info(`feedparser corpus: ${index.length} files, ${index.length - rejected.length} parsed, ${rejected.length} rejected`);
    expect(index.length).toBe(2106);
    expect(crashes).toEqual([]);
    // Well-formed feeds are never rejected, except CDF (Microsoft's Channel Definition Format), not a feed relais reads.
    expect(rejected.filter((file) => file.startsWith('wellformed/') && !/\/cdf/.test(file))).toEqual([]);
  });

  it('meets the simple entries[0] expectations it met when measured', { timeout: 60_000 }, () => {
    const expectations = index.filter((entry) => CONTENT_FOLDERS.test(entry.file)).map(toExpectation)
      .filter((expectation) => expectation !== undefined);
    const met = expectations.filter((expectation) => meets(readFirstEntry(corpusDir, expectation.file), expectation))
      .map(({ file, field }) => `${file} ${field}`);
    const byField = new Map<string, string>();
    for (const { field } of expectations) {
      const count = met.filter((line) => line.endsWith(` ${field}`)).length;
      byField.set(field, `${count}/${expectations.filter((e) => e.field === field).length}`);
    }
    console.info(`feedparser expectations met: ${met.length}/${expectations.length}`, Object.fromEntries(byField));
    if (process.env.RELAIS_UPDATE_CORPUS_PASSES === '1') writeFileSync(passesFile, `${JSON.stringify(met, null, 2)}\n`);
    const recorded: string[] = JSON.parse(readFileSync(passesFile, 'utf8'));
    expect(recorded.filter((line) => !met.includes(line))).toEqual([]);
    expect(met.length).toBeGreaterThanOrEqual(recorded.length);
  });
});
