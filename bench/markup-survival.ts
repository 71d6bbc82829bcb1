// Prints, for each engine available here, how much of the markup of test/fixtures/markup
// survives translateArticle: inline elements with the same tag and attributes at the same
// place (goal 100%), the attributes of the source's inline elements back with the same value
// or, for a title, translated (goal 100%), fixtures whose block tree is unchanged, code/pre
// text, URLs and e-mail addresses sent to the engine (goal 0), and placeholders repaired.
//
//   npm run bench:markup [-- --verbose]      (--verbose lists every lost element)

import { fileURLToPath } from 'node:url';
import type { TranslationEngine } from '../src/domain/types.js';
import { createApertiumEngine } from '../src/translator/engines/apertium.js';
import { isApertiumInstalled, startApertium } from '../src/translator/engines/apertium-process.js';
import { translateArticle } from '../src/translator/index.js';
import { openTestHttpClient } from '../test/support/http-client.js';
import { createIdentityEngine, createMapMemory, createRecordingEngine, createScramblingEngine } from '../test/support/markup-engines.js';
import { compareMarkup, listNeverSent, loadMarkupFixtures } from '../test/support/markup-survival.js';
import type { MarkupFixture } from '../test/support/markup-survival.js';

const isVerbose = process.argv.includes('--verbose');
const PAIR = { from: 'en', to: 'fr' };

interface EngineFigures {
  engine: string;
  inlineIn: number;
  inlineSurviving: number;
  inlineExtra: number;
  attributesIn: number;
  attributesKept: number;
  titlesIn: number;
  titlesTranslated: number;
  blocksIdentical: number;
  verbatimKept: number;
  neverSentLeaks: number;
  repairs: number;
  sentSegments: number;
  lost: string[];
}

async function measureEngine(inner: TranslationEngine, fixtures: readonly MarkupFixture[]): Promise<EngineFigures> {
  const { engine, sent } = createRecordingEngine(inner);
  const memory = createMapMemory();
  const figures: EngineFigures = {
    engine: inner.id, inlineIn: 0, inlineSurviving: 0, inlineExtra: 0, attributesIn: 0, attributesKept: 0, titlesIn: 0,
    titlesTranslated: 0, blocksIdentical: 0, verbatimKept: 0,
    neverSentLeaks: 0, repairs: 0, sentSegments: 0, lost: [],
  };
  for (const fixture of fixtures) {
    const before = sent.length;
    const result = await translateArticle({ title: '', summary: '', html: fixture.html }, { engine, pair: PAIR, memory });
    const comparison = compareMarkup(fixture.html, result.html, PAIR);
    const sentHere = sent.slice(before).join('\n');
    figures.inlineIn += comparison.inlineIn;
    figures.inlineSurviving += comparison.inlineSurviving;
    figures.inlineExtra += comparison.inlineExtra;
    figures.attributesIn += comparison.attributesIn;
    figures.attributesKept += comparison.attributesKept;
    figures.titlesIn += comparison.titlesIn;
    figures.titlesTranslated += comparison.titlesTranslated;
    figures.blocksIdentical += comparison.isBlockTreeIdentical ? 1 : 0;
    figures.verbatimKept += comparison.isVerbatimKept ? 1 : 0;
    figures.neverSentLeaks += listNeverSent(fixture.html).filter((text) => sentHere.includes(text)).length;
    figures.repairs += result.stats.repairs;
    figures.lost.push(...comparison.lost.map((signature) => `${fixture.name}: ${signature}`));
    if (isVerbose && !comparison.isBlockTreeIdentical) figures.lost.push(`${fixture.name}: block tree changed`);
  }
  figures.sentSegments = sent.length;
  return figures;
}

async function openEngines(): Promise<{ engines: TranslationEngine[]; skipped: string[]; stop: () => Promise<void> }> {
  const engines: TranslationEngine[] = [createIdentityEngine({ acceptsMarkup: true }), createScramblingEngine()];
  const skipped: string[] = [];
  const stops: Array<() => Promise<void>> = [];
  if (isApertiumInstalled()) {
    const apy = await startApertium({ openHttpClient: (url) => openTestHttpClient([url]) });
    const http = openTestHttpClient([apy.url]);
    stops.push(() => apy.stop(), () => http.close());
    engines.push(createApertiumEngine({ url: apy.url, http, timeoutMs: 60_000 }));
  } else {
    skipped.push('apertium (apertium-apy not installed)');
  }
  // Imported here: the ONNX runtime is heavy. Random weights: its output garbles placeholders.
  const { createOpusMtEngine } = await import('../src/translator/engines/opus-mt.js');
  const modelsDir = fileURLToPath(new URL('../test/fixtures/tiny-marian', import.meta.url));
  const opus = createOpusMtEngine({ modelsDir, dtype: 'fp32', maxBatch: 8 });
  engines.push({ ...opus, id: 'opus-mt (tiny random model)' });
  stops.push(() => opus.close());
  return { engines, skipped, stop: async () => void (await Promise.all(stops.map((stop) => stop()))) };
}

function printFigures(all: readonly EngineFigures[], fixtures: number): void {
  const rows = all.map((f) => ({
    engine: f.engine,
    'inline in': f.inlineIn,
    'inline out intact': f.inlineSurviving,
    survival: `${((100 * f.inlineSurviving) / Math.max(1, f.inlineIn)).toFixed(1)}%`,
    'extra out': f.inlineExtra,
    'attributes kept': `${f.attributesKept}/${f.attributesIn} (${((100 * f.attributesKept) / Math.max(1, f.attributesIn)).toFixed(1)}%)`,
    'titles translated': `${f.titlesTranslated}/${f.titlesIn}`,
    'block tree same': `${f.blocksIdentical}/${fixtures}`,
    'code/URLs kept': `${f.verbatimKept}/${fixtures}`,
    'code/URL sent': f.neverSentLeaks,
    'segments sent': f.sentSegments,
    repairs: f.repairs,
  }));
  console.table(rows);
  for (const f of all) {
    if (f.lost.length === 0) continue;
    console.log(`\n${f.engine}: ${f.lost.length} lost`);
    for (const line of isVerbose ? f.lost : f.lost.slice(0, 5)) console.log(`  ${line}`);
    if (!isVerbose && f.lost.length > 5) console.log('  … (--verbose lists all)');
  }
}

const fixtures = loadMarkupFixtures();
const { engines, skipped, stop } = await openEngines();
try {
  console.log(`markup survival on ${fixtures.length} fixtures (test/fixtures/markup), en→fr through translateArticle`);
  if (skipped.length > 0) console.log(`skipped: ${skipped.join('; ')}`);
  const figures: EngineFigures[] = [];
  for (const engine of engines) figures.push(await measureEngine(engine, fixtures));
  printFigures(figures, fixtures.length);
} finally {
  await stop();
}
