// Extraction off the main thread: pages are parsed and cleaned in a pool of worker threads
// (piscina), so the site, the admin port and the fetches keep answering while many pages extract.
// A page that hangs or crashes its worker fails that story (retried later), not the pipeline: the
// worker is stopped and the pool starts another.
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { Logger } from 'pino';
import { describeError, ExtractError, RelaisError } from '../domain/errors.js';
import type { CleanupRules, ExtractOutcome } from '../domain/types.js';
import type { ArticlePage } from './extract-page-parts.js';
import type { ExtractReply, ExtractTask } from './extract-worker.js';

/** Extracts pages; what the pipeline's stages call. */
export interface PageExtractor {
  /**
   * Decodes and extracts one page (see extractPage). Rejects with an ExtractError when the page
   * cannot be extracted, and with another RelaisError when its worker timed out or crashed.
   */
  extract(page: ArticlePage, rules: CleanupRules, knownBoilerplate?: ReadonlySet<string>): Promise<ExtractOutcome>;
  /** How many pages it extracts at once at most. */
  readonly threads: number;
}

/** A pool of extraction workers; close it to stop them. */
export interface ExtractorPool extends PageExtractor {
  close(): Promise<void>;
}

export interface ExtractorPoolOptions {
  /** Most workers at once; the number of cores by default, never more. */
  threads?: number;
  /** Longest one page may take in its worker before the worker is stopped. */
  timeoutMs: number;
  /** Heap (old generation) of each worker; a page needing more crashes its worker only. */
  maxOldGenerationSizeMb: number;
  logger: Logger;
}

// The language is chosen on this thread: eld's data (about 150 MB while it loads) is loaded once
// per process, on the first page extracted, rather than in every worker.
let settleLanguage: Promise<typeof import('../extractor/language.js').settleLanguage> | undefined;
function loadSettleLanguage(): Promise<typeof import('../extractor/language.js').settleLanguage> {
  settleLanguage ??= import('../extractor/language.js').then((module) => module.settleLanguage);
  return settleLanguage;
}

// Run from the sources (tsx, vitest) this module is a .ts file and its worker must be loaded
// through tsx; compiled, the worker is the extract-worker.js next to it.
function workerFile(): string {
  const fromSources = import.meta.url.endsWith('.ts');
  return new URL(fromSources ? './extract-worker-tsx.mjs' : './extract-worker.js', import.meta.url).href;
}

/** Creates the pool; its workers start on the first page and stop after a minute without work. */
export function createExtractorPool(options: ExtractorPoolOptions): ExtractorPool {
  const cores = availableParallelism();
  const threads = Math.max(1, Math.min(options.threads ?? cores, cores));
  let pool: Piscina | undefined;
  // Pages wait here rather than in piscina's queue, so a page's timeout runs from when a worker takes it.
  let running = 0;
  const waiting: (() => void)[] = [];

  const openPool = (): Piscina => {
    if (pool) return pool;
    pool = new Piscina({
      filename: workerFile(),
      minThreads: 0,
      maxThreads: threads,
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb },
    });
    // A worker that fails outside a task (it could not load) must not throw in the process.
    pool.on('error', (error: unknown) => options.logger.error({ error: describeError(error) }, 'extraction worker failed'));
    return pool;
  };

  const takeTurn = async (): Promise<void> => {
    if (running < threads) {
      running += 1;
      return;
    }
    // The finishing task hands its turn over directly, so `running` stays counted.
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const endTurn = (): void => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };

  const runTask = async (task: ExtractTask): Promise<ExtractReply> => {
    await takeTurn();
    try {
      return (await openPool().run(task, { signal: AbortSignal.timeout(options.timeoutMs) })) as ExtractReply;
    } catch (error) {
      const url = task.page.url;
      if (error instanceof Error && error.name === 'AbortError') {
        throw new RelaisError(
          'extract',
          `${url}: extraction took longer than ${options.timeoutMs} ms; its worker was stopped (raise extract.timeout_ms if such pages are expected)`,
          { cause: error },
        );
      }
      throw new RelaisError(
        'extract',
        `${url}: the extraction worker failed: ${describeError(error)} (a page needing more memory than extract.worker_memory_mb crashes its worker; another one takes over)`,
        { cause: error },
      );
    } finally {
      endTurn();
    }
  };

  return {
    threads,
    async extract(page, rules, knownBoilerplate) {
      // Only clonable values cross to the worker: the set of fingerprints goes as an array.
      const task: ExtractTask = {
        page: { url: page.url, contentType: page.contentType, body: page.body },
        rules: { dropSelectors: [...rules.dropSelectors], dropPatterns: [...rules.dropPatterns], minWords: rules.minWords },
        ...(knownBoilerplate ? { knownBoilerplate: [...knownBoilerplate] } : {}),
      };
      const reply = await runTask(task);
      if (reply.kind === 'outcome') return (await loadSettleLanguage())(reply.outcome);
      if (reply.kind === 'extract-error') throw new ExtractError(reply.message);
      throw new RelaisError('extract', `${page.url}: extraction failed in its worker: ${reply.message}`);
    },
    async close() {
      const closing = pool;
      pool = undefined;
      if (closing) await closing.destroy();
    },
  };
}
