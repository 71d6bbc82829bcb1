// Compares the two feed parsers relais can use on the Universal Feed Parser test suite.
// Run: node bench/feed-parsers.mjs [path/to/corpora/feedparser]
// Prints, per parser: files parsed / rejected / crashed, the slowest file, and how many of the
// simple `entries[0]['field'] == u'value'` expectations it meets on the raw fields it returns.
import { readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import iconv from 'iconv-lite';
import { parseFeed as parseWithFeedsmith } from 'feedsmith';
import { parseFeed as parseWithRowan } from '@rowanmanning/feed-parser';

const here = dirname(fileURLToPath(import.meta.url));
const corpus = process.argv[2] ?? join(here, '..', '..', 'shared', 'corpora', 'feedparser');
if (!existsSync(join(corpus, 'index.json'))) {
  console.error(`no corpus at ${corpus} (pass its path as the first argument)`);
  process.exit(1);
}
const index = JSON.parse(readFileSync(join(corpus, 'index.json'), 'utf8'));

/** Decodes a feed file: BOM, then the XML declaration's encoding, then UTF-8. */
function decodeBody(bytes) {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return iconv.decode(bytes.subarray(3), 'utf8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return iconv.decode(bytes.subarray(2), 'utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return iconv.decode(bytes.subarray(2), 'utf16be');
  const head = bytes.subarray(0, 200).toString('latin1');
  const declared = /<\?xml[^>]*encoding=["']([\w.:-]+)["']/i.exec(head)?.[1];
  if (declared && iconv.encodingExists(declared)) return iconv.decode(bytes, declared);
  return iconv.decode(bytes, 'utf8');
}

/** Evaluates a Python string literal (u'…', '…', "…") with its escapes. */
function evalPythonString(literal) {
  const body = literal.replace(/^u/, '').slice(1, -1);
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, esc) => {
    if (/^[xuU]/.test(esc)) return String.fromCodePoint(parseInt(esc.slice(1), 16));
    return { n: '\n', t: '\t', r: '\r' }[esc] ?? esc;
  });
}

const FIELD_GROUPS = {
  title: 'title', link: 'link', id: 'id', guid: 'id', summary: 'summary', description: 'summary',
  content: 'content', author: 'author', updated: 'date', published: 'date', created: 'date',
  updated_parsed: 'date', published_parsed: 'date', created_parsed: 'date',
};

/** Turns an Expect line into { group, expected } when it is a simple entries[0] equality. */
function toSimpleExpectation(expect) {
  const text = expect.replace(/^not bozo and /, '').trim();
  const str = /^entries\[0\]\['(\w+)'\](\[0\]\['value'\])? == (u?'(?:[^'\\]|\\.)*'|u?"(?:[^"\\]|\\.)*")$/.exec(text);
  if (str && FIELD_GROUPS[str[1]] && (!str[2] || str[1] === 'content')) {
    return { field: str[1], group: FIELD_GROUPS[str[1]], expected: evalPythonString(str[3]) };
  }
  const tuple = /^entries\[0\]\['(\w+_parsed)'\] == \(([\d, ]+)\)$/.exec(text);
  if (tuple && FIELD_GROUPS[tuple[1]]) {
    const [y, mo, d, h, mi, s] = tuple[2].split(',').map(Number);
    return { field: tuple[1], group: 'date', expected: Date.UTC(y, mo - 1, d, h, mi, s) };
  }
  return undefined;
}

const first = (list) => (Array.isArray(list) ? list[0] : undefined);
const textOf = (value) => (typeof value === 'object' && value !== null ? value.value : value);

/** Maps feedsmith's format-shaped output onto the compared fields. */
function fieldsFromFeedsmith({ format, feed }) {
  const item = first(format === 'atom' ? feed.entries : feed.items);
  if (!item) return undefined;
  if (format === 'json') {
    return { title: item.title, link: item.url, id: item.id, summary: item.summary,
      content: item.content_html ?? item.content_text, author: first(item.authors)?.name,
      dates: [item.date_published, item.date_modified] };
  }
  if (format === 'atom') {
    const link = item.links?.find((l) => !l.rel || l.rel === 'alternate') ?? first(item.links);
    return { title: textOf(item.title), link: link?.href, id: item.id, summary: textOf(item.summary),
      content: textOf(item.content), author: first(item.authors)?.name,
      dates: [item.published, item.updated, item.issued, item.modified, item.created] };
  }
  return { title: item.title, link: item.link, id: item.guid?.value ?? item.rdf?.about,
    summary: item.description, content: item.content?.encoded,
    author: first(item.authors) ?? first(item.dc?.creators),
    dates: [item.pubDate, first(item.dc?.dates), item.dcterms?.issued, item.dcterms?.modified, item.dcterms?.created] };
}

/** Maps @rowanmanning/feed-parser's output onto the compared fields. */
function fieldsFromRowan(feed) {
  const item = first(feed.items);
  if (!item) return undefined;
  return { title: item.title, link: item.url, id: item.id, summary: item.description,
    content: item.content, author: first(item.authors)?.name, dates: [item.published, item.updated] };
}

/** Whether a parsed date (string or Date) denotes the expected instant or raw text. */
function isSameDate(values, expected) {
  return values.some((v) => {
    if (v === undefined || v === null) return false;
    const instant = v instanceof Date ? v.getTime() : Date.parse(v);
    if (typeof expected === 'number') return instant === expected;
    return v === expected || (!Number.isNaN(instant) && instant === Date.parse(expected));
  });
}

function meets(fields, expectation) {
  if (!fields) return false;
  if (expectation.group === 'date') return isSameDate(fields.dates, expectation.expected);
  const got = fields[expectation.group];
  if (expectation.group === 'author' && typeof got === 'string') {
    return expectation.expected === got || expectation.expected.startsWith(`${got} (`);
  }
  return got === expectation.expected;
}

const parsers = [
  { name: 'feedsmith', parse: (text) => fieldsFromFeedsmith(parseWithFeedsmith(text)),
    isRejection: (e) => ['DetectError', 'MalformedError', 'ParseError'].includes(e?.name) },
  { name: '@rowanmanning/feed-parser', parse: (text) => fieldsFromRowan(parseWithRowan(text)),
    isRejection: (e) => e?.code === 'INVALID_FEED' },
];

for (const parser of parsers) {
  const tally = { parsed: 0, rejected: 0, crashed: 0, slowest: { ms: 0, file: '' }, crashes: [] };
  const byGroup = {};
  const started = performance.now();
  for (const entry of index) {
    const text = decodeBody(readFileSync(join(corpus, entry.file)));
    const t0 = performance.now();
    let fields;
    try {
      fields = parser.parse(text);
      tally.parsed++;
    } catch (error) {
      if (parser.isRejection(error)) tally.rejected++;
      else { tally.crashed++; tally.crashes.push(`${entry.file}: ${error?.name}: ${error?.message}`); }
    }
    const ms = performance.now() - t0;
    if (ms > tally.slowest.ms) tally.slowest = { ms, file: entry.file };
    const expectation = toSimpleExpectation(entry.expect);
    if (!expectation) continue;
    const group = (byGroup[expectation.group] ??= { met: 0, total: 0 });
    group.total++;
    if (meets(fields, expectation)) group.met++;
  }
  const totalMs = performance.now() - started;
  console.log(`\n${parser.name}`);
  console.log(`  files: ${index.length}  parsed: ${tally.parsed}  rejected: ${tally.rejected}  crashed: ${tally.crashed}`);
  console.log(`  time: ${totalMs.toFixed(0)} ms in all, slowest ${tally.slowest.ms.toFixed(1)} ms (${tally.slowest.file})`);
  let met = 0, total = 0;
  for (const [group, { met: m, total: t }] of Object.entries(byGroup)) {
    console.log(`  ${group.padEnd(8)} ${m}/${t}`);
    met += m; total += t;
  }
  console.log(`  all      ${met}/${total}`);
  for (const line of tally.crashes.slice(0, 10)) console.log(`  crash: ${line}`);
}

// DOCTYPE entities: a billion-laughs feed and an external-entity feed, parsed raw by each library.
const laughs = ['<!ENTITY lol0 "lol">'];
for (let i = 1; i <= 9; i++) laughs.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
const rssWith = (title) => `<rss version="2.0"><channel><title>t</title><item><title>${title}</title><link>https://e.example/</link></item></channel></rss>`;
const entityCases = {
  'billion laughs': `<?xml version="1.0"?><!DOCTYPE rss [${laughs.join('')}]>${rssWith('&lol9;')}`,
  'external entity': `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>${rssWith('&xxe;')}`,
};
console.log('\nDOCTYPE entities (raw library output, before relais strips DOCTYPEs)');
for (const parser of parsers) {
  for (const [name, body] of Object.entries(entityCases)) {
    const t0 = performance.now();
    let outcome;
    try {
      const title = parser.name === 'feedsmith' ? parseWithFeedsmith(body).feed.items?.[0]?.title : parseWithRowan(body).items[0]?.title;
      outcome = `title ${JSON.stringify(String(title).slice(0, 40))} (${String(title).length} chars)`;
    } catch (error) {
      outcome = `${parser.isRejection(error) ? 'rejected' : 'crashed'}: ${error?.name}: ${error?.message}`;
    }
    console.log(`  ${parser.name.padEnd(26)} ${name.padEnd(16)} ${outcome} in ${(performance.now() - t0).toFixed(1)} ms`);
  }
}
