// Runs the extractor over every page of the shared extraction benchmarks and reports the pages on
// which it throws, with the stack of the underlying error, and the slowest page of each set.
//
//   node --max-semi-space-size=64 --import tsx bench/extraction-crashes.ts [--bench DIR] [--set NAME] [--stacks N] [--out FILE]
//
// DIR is the shared `bench` folder (default: ../shared/bench beside the clone, or RELAIS_SHARED_DIR);
// --set limits the run to one set; --stacks prints the first N stacks of each kind of error (default 3);
// --out writes each page's outcome as { "<set>/<id>": "article <sha1 of the article>" | "not-article <reason>" |
// "throw <message>" }, so that two runs can be compared page by page.

import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CleanupRules, ExtractOutcome } from '../src/domain/types.js';
import { extractArticle } from '../src/extractor/index.js';
import { listExtractionSets, openExtractionSet } from '../test/support/extraction-pages.js';
import { sharedDataRoot } from '../test/support/shared-data.js';
import { parseBenchArgs } from './support/args.js';

const RULES: CleanupRules = { dropSelectors: [], dropPatterns: [], minWords: 0 };

interface Crash {
  set: string;
  id: string;
  message: string;
  stack: string;
}

/** The innermost error's message and stack: extractArticle wraps what it catches in an ExtractError. */
function describeCrash(error: unknown): { message: string; stack: string } {
  let inner = error;
  while (inner instanceof Error && inner.cause instanceof Error) inner = inner.cause;
  if (!(inner instanceof Error)) return { message: String(inner), stack: String(inner) };
  return { message: `${inner.name}: ${inner.message}`, stack: inner.stack ?? inner.message };
}

function main(): void {
  const args = parseBenchArgs(process.argv.slice(2));
  const benchRoot = args.read('bench') ?? join(sharedDataRoot(), 'bench');
  const onlySet = args.read('set');
  const stacksPerKind = args.readCount('stacks', 3);
  const sets = listExtractionSets(benchRoot).filter((set) => onlySet === undefined || set.name === onlySet);
  if (sets.length === 0) throw new Error(`no extraction set under ${benchRoot}${onlySet ? ` named ${onlySet}` : ''}`);
  const crashes: Crash[] = [];
  const outcomes: Record<string, string> = {};
  let pages = 0;
  for (const set of sets) {
    const readPage = openExtractionSet(set);
    let setCrashes = 0;
    let slowest = { id: '', ms: 0 };
    for (const id of set.ids) {
      const page = readPage(id);
      const started = performance.now();
      try {
        outcomes[`${set.name}/${id}`] = summarizeOutcome(extractArticle(page.html, { url: page.url, rules: RULES }));
      } catch (error) {
        const crash = { set: set.name, id, ...describeCrash(error) };
        outcomes[`${set.name}/${id}`] = `throw ${crash.message}`;
        crashes.push(crash);
        setCrashes += 1;
      }
      const ms = performance.now() - started;
      if (ms > slowest.ms) slowest = { id, ms };
    }
    pages += set.ids.length;
    console.log(`${set.name.padEnd(20)} ${String(set.ids.length).padStart(5)} pages  ${String(setCrashes).padStart(4)} throw  slowest ${slowest.ms.toFixed(0)} ms (${slowest.id})`);
  }
  console.log(`total                ${String(pages).padStart(5)} pages  ${String(crashes.length).padStart(4)} throw`);
  printCrashKinds(crashes, stacksPerKind);
  const out = args.read('out');
  if (out !== undefined) writeFileSync(out, `${JSON.stringify(outcomes, null, 1)}\n`);
  if (crashes.length > 0) process.exitCode = 1;
}

function summarizeOutcome(outcome: ExtractOutcome): string {
  if (outcome.kind !== 'article') return `not-article ${outcome.reason}`;
  return `article ${createHash('sha1').update(JSON.stringify(outcome.article)).digest('hex')}`;
}

function printCrashKinds(crashes: readonly Crash[], stacksPerKind: number): void {
  const kinds = new Map<string, Crash[]>();
  for (const crash of crashes) kinds.set(crash.message, [...(kinds.get(crash.message) ?? []), crash]);
  for (const [message, list] of kinds) {
    console.log(`\n${list.length} × ${message}`);
    console.log(`  pages: ${list.map((crash) => `${crash.set}/${crash.id}`).join(' ')}`);
    for (const crash of list.slice(0, stacksPerKind)) console.log(`\n  ${crash.set}/${crash.id}\n${crash.stack.split('\n').slice(1, 12).join('\n')}`);
  }
}

main();
