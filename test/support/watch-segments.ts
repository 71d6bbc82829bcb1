import type { TranslationEngine } from '../../src/domain/types.js';

/** A real engine that reports every batch of segments it is asked to translate, then translates it. */
export function watchSegments(engine: TranslationEngine, onSend: (segments: readonly string[]) => void): TranslationEngine {
  return {
    id: engine.id,
    capabilities: engine.capabilities,
    check: (pair) => engine.check(pair),
    close: () => engine.close(),
    translate(segments, pair) {
      onSend(segments);
      return engine.translate(segments, pair);
    },
  };
}
