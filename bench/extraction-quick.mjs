// Quick check of the extractor on ../shared/bench/extraction against plain Readability on linkedom.
// Usage: npm run build (or tsc over src/extractor), then: node bench/extraction-quick.mjs
// Prints F1 / precision / recall / accuracy (the benchmark's 4-token shingle metric) and ms/page.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';
import { extractArticle } from '../dist/extractor/index.js';

const benchDir = fileURLToPath(new URL('../../shared/bench/extraction/', import.meta.url));
if (!existsSync(benchDir)) {
  console.log(`skipped: ${benchDir} is absent`);
  process.exit(0);
}
const truth = JSON.parse(readFileSync(`${benchDir}ground-truth.json`, 'utf8'));
const rules = { dropSelectors: [], dropPatterns: [], minWords: 0 };
const BLOCK = /^(P|DIV|H[1-6]|LI|UL|OL|BLOCKQUOTE|PRE|TABLE|TR|TD|TH|FIGURE|FIGCAPTION|SECTION|ARTICLE|HEADER|FOOTER|DL|DT|DD|BR)$/u;

function readBlockText(root) {
  const lines = [];
  let line = '';
  const flush = () => {
    if (line.trim()) lines.push(line.replace(/\s+/gu, ' ').trim());
    line = '';
  };
  const walk = (node) => {
    if (node.nodeType === 3) {
      line += node.textContent;
      return;
    }
    if (node.nodeType !== 1) return;
    const isBlock = BLOCK.test(node.nodeName);
    if (isBlock) flush();
    for (const child of node.childNodes) walk(child);
    if (isBlock) flush();
  };
  walk(root);
  flush();
  return lines.join('\n');
}

function extractPlain(html) {
  const { document } = parseHTML(html);
  const result = new Readability(document, { serializer: (node) => node }).parse();
  return result?.content ? readBlockText(result.content) : '';
}

function extractRelais(html, url) {
  const outcome = extractArticle(html, { url, rules });
  return outcome.kind === 'article' ? outcome.article.text : '';
}

function countShingles(text) {
  const tokens = text.match(/[\p{L}\p{N}_]+/gu) ?? [];
  const counts = new Map();
  const size = Math.min(4, tokens.length);
  for (let i = 0; size > 0 && i + size <= tokens.length; i += 1) {
    const key = tokens.slice(i, i + size).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return { counts, tokens };
}

function scorePredictions(predictions) {
  let precisionSum = 0;
  let precisionPages = 0;
  let recallSum = 0;
  let recallPages = 0;
  let exact = 0;
  const perPage = new Map();
  for (const [id, { articleBody }] of Object.entries(truth)) {
    const expected = countShingles(articleBody);
    const predicted = countShingles(predictions.get(id) ?? '');
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const [key, count] of predicted.counts) {
      const inTruth = expected.counts.get(key) ?? 0;
      tp += Math.min(inTruth, count);
      fp += Math.max(0, count - inTruth);
    }
    for (const [key, count] of expected.counts) fn += Math.max(0, count - (predicted.counts.get(key) ?? 0));
    if (tp + fp > 0) {
      precisionSum += tp / (tp + fp);
      precisionPages += 1;
    }
    if (tp + fn > 0) {
      recallSum += tp / (tp + fn);
      recallPages += 1;
    }
    perPage.set(id, { p: tp + fp > 0 ? tp / (tp + fp) : 0, r: tp + fn > 0 ? tp / (tp + fn) : 0 });
    if (expected.tokens.join(' ') === predicted.tokens.join(' ')) exact += 1;
  }
  const precision = precisionSum / precisionPages;
  const recall = recallSum / recallPages;
  const f1 = (2 * precision * recall) / (precision + recall);
  return { f1, precision, recall, accuracy: exact / Object.keys(truth).length, perPage };
}

function runExtractor(name, extract) {
  const predictions = new Map();
  const times = [];
  for (const file of readdirSync(`${benchDir}html`).filter((f) => f.endsWith('.html.gz')).sort()) {
    const id = file.replace('.html.gz', '');
    if (!(id in truth)) continue;
    const html = gunzipSync(readFileSync(`${benchDir}html/${file}`)).toString('utf8');
    const started = performance.now();
    predictions.set(id, extract(html, truth[id].url ?? 'https://example.com/'));
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const scores = scorePredictions(predictions);
  const median = times[Math.floor(times.length / 2)];
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  console.log(
    `${name.padEnd(26)} F1 ${scores.f1.toFixed(3)}  P ${scores.precision.toFixed(3)}  R ${scores.recall.toFixed(3)}  ` +
      `acc ${scores.accuracy.toFixed(3)}  median ${median.toFixed(1)} ms  mean ${mean.toFixed(1)} ms  (${times.length} pages)`,
  );
  return scores.perPage;
}

const plain = runExtractor('readability on linkedom', extractPlain);
const relais = runExtractor('relais extractArticle', extractRelais);
if (process.argv.includes('--diff')) {
  for (const [id, score] of relais) {
    const before = plain.get(id);
    if (Math.abs(score.p - before.p) + Math.abs(score.r - before.r) > 0.01) {
      console.log(`${id.slice(0, 12)} P ${before.p.toFixed(3)}→${score.p.toFixed(3)} R ${before.r.toFixed(3)}→${score.r.toFixed(3)} ${truth[id].url ?? ''}`);
    }
  }
}
