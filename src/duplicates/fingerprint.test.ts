import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/index.js';
import { decodeSignature, encodeSignature, estimateSimilarity, fingerprintText } from './fingerprint.js';

interface Pair { id: string; label: 'same' | 'different'; kind: string; sites: [string, string]; a: string; b: string }

const pairs = readFileSync(fileURLToPath(new URL('../../test/fixtures/duplicates/pairs.jsonl', import.meta.url)), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Pair);
const threshold = parseConfig({}).duplicates.threshold;

// As the extract stage decides: stories of one site are never compared (src/pipeline/duplicates.ts).
function isCalledSame({ a, b, sites }: Pair): boolean {
  if (sites[0] === sites[1]) return false;
  const first = fingerprintText(a);
  const second = fingerprintText(b);
  const bands = new Set(first.bands);
  return second.bands.some((band) => bands.has(band)) && estimateSimilarity(first.signature, second.signature) >= threshold;
}

// A few pairs of each kind from the labelled set (the figures over all of it: npm run bench:duplicates).
const sample = [
  ...pairs.filter((pair) => pair.id.startsWith('same-fixture-')),
  ...pairs.filter((pair) => pair.kind === 'same-topic').slice(0, 4),
  ...pairs.filter((pair) => pair.kind === 'same-template').slice(0, 4),
  ...pairs.filter((pair) => pair.kind === 'same-template-formula').slice(0, 2),
];

describe('near-duplicate fingerprints', () => {
  it.each(sample.map((pair) => [pair.id, pair] as const))('%s is called as labelled', (_id, pair) => {
    expect(isCalledSame(pair)).toBe(pair.label === 'same');
  });

  it('gives one text the same fingerprint every time, and an identical copy similarity 1', () => {
    const text = sample[0]!.a;
    expect(encodeSignature(fingerprintText(text).signature)).toBe(encodeSignature(fingerprintText(text).signature));
    expect(estimateSimilarity(fingerprintText(text).signature, fingerprintText(`  ${text.toUpperCase()} `).signature)).toBe(1);
  });

  it('reads a stored signature back as it was', () => {
    const { signature } = fingerprintText(sample[1]!.b);
    expect(decodeSignature(encodeSignature(signature))).toEqual(signature);
    expect(decodeSignature('abc')).toHaveLength(0);
  });

  it('gives a text without words no bands, so it is never anyone\'s duplicate', () => {
    expect(fingerprintText('— … !').bands).toEqual([]);
    expect(fingerprintText('one two three four').bands).toHaveLength(64);
  });
});
