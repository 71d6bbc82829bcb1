// Precision and recall of the near-duplicate detector on the labelled pairs of
// test/fixtures/duplicates (how they were made: its README). A pair is called "same story" as the
// extract stage decides: the two texts come from different sites, share an LSH band, and their
// estimated similarity reaches the threshold. The figures of the wording alone (sites not told
// apart) are printed too.
//
//   npm run bench:duplicates [-- --threshold 0.5] [--pairs FILE]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { estimateSimilarity, fingerprintText } from '../src/duplicates/index.js';
import { parseConfig } from '../src/config/index.js';
import { parseBenchArgs } from './support/args.js';

interface Pair { id: string; label: 'same' | 'different'; kind: string; sites: [string, string]; a: string; b: string }
interface Scored { pair: Pair; similarity: number; sharesBand: boolean; otherSite: boolean }

const args = parseBenchArgs(process.argv.slice(2));
const file = args.read('pairs') ?? fileURLToPath(new URL('../test/fixtures/duplicates/pairs.jsonl', import.meta.url));
const threshold = Number(args.read('threshold') ?? parseConfig({}).duplicates.threshold);
const pairs = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Pair);

const scored: Scored[] = pairs.map((pair) => {
  const a = fingerprintText(pair.a);
  const b = fingerprintText(pair.b);
  const bands = new Set(a.bands);
  return { pair, similarity: estimateSimilarity(a.signature, b.signature), sharesBand: b.bands.some((band) => bands.has(band)), otherSite: pair.sites[0] !== pair.sites[1] };
});

function measure(at: number, bySite = true): { precision: number; recall: number; tp: number; fp: number; fn: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const { pair, similarity, sharesBand, otherSite } of scored) {
    const called = (otherSite || !bySite) && sharesBand && similarity >= at;
    if (called && pair.label === 'same') tp++;
    else if (called) fp++;
    else if (pair.label === 'same') fn++;
  }
  return { precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn), tp, fp, fn };
}

const range = (list: Scored[]) => `${Math.min(...list.map((s) => s.similarity)).toFixed(2)}–${Math.max(...list.map((s) => s.similarity)).toFixed(2)}`;
const kinds = new Map<string, Scored[]>();
for (const s of scored) {
  const kind = s.pair.label === 'same' ? 'same story' : `different, ${s.pair.kind}`;
  kinds.set(kind, [...(kinds.get(kind) ?? []), s]);
}
console.log(`${pairs.length} pairs; estimated similarity per kind:`);
for (const [kind, list] of kinds) console.log(`  ${kind} (${list.length}): ${range(list)}`);
const chosen = measure(threshold);
console.log(`threshold ${threshold}: precision ${chosen.precision.toFixed(3)} (${chosen.tp}/${chosen.tp + chosen.fp}), recall ${chosen.recall.toFixed(3)} (${chosen.tp}/${chosen.tp + chosen.fn})`);
const alone = measure(threshold, false);
console.log(`  the wording alone (stories of one site compared too): precision ${alone.precision.toFixed(3)} (${alone.tp}/${alone.tp + alone.fp}), recall ${alone.recall.toFixed(3)}`);
console.log('sweep:                   sites told apart                 | wording alone');
for (const at of [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9]) {
  const m = measure(at);
  const w = measure(at, false);
  console.log(`  ${at.toFixed(2)}  precision ${m.precision.toFixed(3)}  recall ${m.recall.toFixed(3)}  (false positives ${m.fp}, missed ${m.fn})  | precision ${w.precision.toFixed(3)}  recall ${w.recall.toFixed(3)}`);
}
for (const s of scored) {
  const called = s.otherSite && s.sharesBand && s.similarity >= threshold;
  if (called !== (s.pair.label === 'same')) console.log(`  wrong at ${threshold}: ${s.pair.id} (${s.pair.kind}) similarity ${s.similarity.toFixed(2)}`);
}
