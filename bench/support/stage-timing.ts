// Times the translate stage (translateArticle over a set of articles, each run with an empty
// translation memory in a fresh SQLite file) against the engine alone on the same batches.

import { join } from 'node:path';
import type { LanguagePair, TranslatableText, TranslationEngine, TranslationMemory } from '../../src/domain/types.js';
import { createTranslationMemory, openDatabase } from '../../src/storage/index.js';
import { translateArticle } from '../../src/translator/index.js';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { countWords } from './args.js';

/** One run: wall seconds of the stage, of the engine alone, and what was sent. */
export interface StageRun {
  stageSeconds: number;
  /** Time during which at least one engine call was in flight while the stage ran. */
  engineBusySeconds: number;
  engineSeconds: number;
  /** The stage with an engine that answers at once (its input back): relais's own CPU time. */
  relaisSeconds: number;
  segments: number;
  words: number;
  batches: number;
}

interface RecordingEngine {
  engine: TranslationEngine;
  batches: string[][];
  busySeconds(): number;
}

// Wraps an engine to keep the batches the stage sends and the time an engine call is in flight.
function recordEngine(inner: TranslationEngine): RecordingEngine {
  const batches: string[][] = [];
  let inFlight = 0;
  let busySince = 0n;
  let busy = 0n;
  const engine: TranslationEngine = {
    id: inner.id,
    get capabilities() {
      return inner.capabilities;
    },
    async translate(segments, pair) {
      batches.push([...segments]);
      if (inFlight++ === 0) busySince = process.hrtime.bigint();
      try {
        return await inner.translate(segments, pair);
      } finally {
        if (--inFlight === 0) busy += process.hrtime.bigint() - busySince;
      }
    },
    check: (pair) => inner.check(pair),
    close: () => inner.close(),
  };
  return { engine, batches, busySeconds: () => Number(busy) / 1e9 };
}

/**
 * Translates the articles once through the stage and sends `batches` (those a stage run sent) to
 * the engine directly, in the order given: runs alternate it so that neither side always goes first.
 */
export async function timeStageAndEngine(
  engine: TranslationEngine,
  articles: readonly TranslatableText[],
  pair: LanguagePair,
  options: { batches?: readonly string[][]; isEngineFirst?: boolean } = {},
): Promise<StageRun & { sentBatches: string[][] }> {
  const replay = async (batches: readonly string[][]): Promise<number> => {
    const started = process.hrtime.bigint();
    for (const batch of batches) await engine.translate(batch, pair);
    return Number(process.hrtime.bigint() - started) / 1e9;
  };
  const early = options.isEngineFirst && options.batches ? await replay(options.batches) : undefined;
  const stage = await timeStage(engine, articles, pair);
  const engineSeconds = early ?? (await replay(options.batches ?? stage.recording.batches));
  const relaisSeconds = await timeWithEchoEngine(engine, articles, pair);
  const sent = stage.recording.batches.flat();
  return {
    stageSeconds: stage.seconds,
    engineBusySeconds: stage.recording.busySeconds(),
    engineSeconds,
    relaisSeconds,
    segments: sent.length,
    words: sent.reduce((sum, segment) => sum + countWords(segment.replace(/<[^>]*>|\[\/?\d+\]/g, ' ')), 0),
    batches: stage.recording.batches.length,
    sentBatches: stage.recording.batches,
  };
}

// One stage run with an empty translation memory in a fresh SQLite file.
async function timeStage(engine: TranslationEngine, articles: readonly TranslatableText[], pair: LanguagePair): Promise<{ seconds: number; recording: RecordingEngine }> {
  const temp = makeTempDir('relais-bench-tm-');
  const database = await openDatabase(join(temp.dir, 'relais.db'));
  try {
    const recording = recordEngine(engine);
    const memory = createTranslationMemory(database.db);
    const started = process.hrtime.bigint();
    for (const article of articles) await translateArticle(article, { engine: recording.engine, pair, memory });
    return { seconds: Number(process.hrtime.bigint() - started) / 1e9, recording };
  } finally {
    await database.close();
    temp.remove();
  }
}

// The same stage with an engine of the same capabilities that hands its input straight back, and
// a memory that knows nothing: what is left is relais's own work on the critical path.
async function timeWithEchoEngine(engine: TranslationEngine, articles: readonly TranslatableText[], pair: LanguagePair): Promise<number> {
  const echo: TranslationEngine = {
    id: `${engine.id}-echo`,
    capabilities: engine.capabilities,
    translate: async (segments) => [...segments],
    check: async () => null,
    close: async () => {},
  };
  const memory: TranslationMemory = { lookup: async () => new Map(), remember: async () => {} };
  const started = process.hrtime.bigint();
  for (const article of articles) await translateArticle(article, { engine: echo, pair, memory });
  return Number(process.hrtime.bigint() - started) / 1e9;
}
