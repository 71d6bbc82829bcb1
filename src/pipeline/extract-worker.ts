// The extraction pool's worker module (see extract-pool.ts): one page in, what extraction made of
// it out, its language left to the pool (extract-page-parts.ts). Errors are sent back as values, so the main thread can rebuild their class: a clone of
// an Error thrown here would arrive as a plain Error, and the stage tells an ExtractError (the page
// cannot be extracted: permanent) from any other failure (retried).
import { describeError, ExtractError } from '../domain/errors.js';
import type { CleanupRules } from '../domain/types.js';
import type { ExtractedParts } from '../extractor/extract-parts.js';
import { extractPageParts, type ArticlePage } from './extract-page-parts.js';

/** One page to extract; everything in it survives a structured clone. */
export interface ExtractTask {
  page: ArticlePage;
  rules: CleanupRules;
  /** Fingerprints of the source's learned boilerplate. */
  knownBoilerplate?: string[];
}

/** What the worker sends back. */
export type ExtractReply =
  | { kind: 'outcome'; outcome: ExtractedParts }
  | { kind: 'extract-error'; message: string }
  | { kind: 'error'; message: string };

export default function extractTask(task: ExtractTask): ExtractReply {
  try {
    const known = task.knownBoilerplate ? new Set(task.knownBoilerplate) : undefined;
    return { kind: 'outcome', outcome: extractPageParts(task.page, task.rules, known) };
  } catch (error) {
    if (error instanceof ExtractError) return { kind: 'extract-error', message: error.message.replace(/^extract: /, '') };
    return { kind: 'error', message: describeError(error) };
  }
}
