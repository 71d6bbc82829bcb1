// kill -9 anywhere: runs the end-to-end fixture through the real command line (`relais run`) with
// Apertium, kills the process with SIGKILL at random moments spread over its stages, restarts it
// each time, and checks that the result equals that of a run nobody interrupted.
//
//   npm run chaos [-- --kills 100] [--seed N] [--max-minutes 30]
//
// Everything it talks to listens on 127.0.0.1 and stops with it.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { serveNewsSite } from '../../src/cli/demo/news-server.js';
import { isApertiumInstalled, startApertium } from '../../src/translator/engines/apertium-process.js';
import buildCli from '../support/global-setup.js';
import { openTestHttpClient } from '../support/http-client.js';
import { seededRandom } from '../support/seeded-random.js';
import { makeTempDir } from '../support/temp-dir.js';
import { serveCnnLikeSite } from './cnn-like-site.js';
import { chaosStages, runRelaisChild, type ChaosStage, type ChildEnd, type StageWindow } from './relais-child.js';
import { compareRelayStates, readRelayState, type RelayState } from './relay-state.js';

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '100' },
    seed: { type: 'string' },
    'max-minutes': { type: 'string', default: '30' },
  },
});
const kills = positiveInteger('--kills', values.kills);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : positiveInteger('--seed', values.seed);
const deadline = Date.now() + positiveInteger('--max-minutes', values['max-minutes']) * 60_000;
const childTimeoutMs = 120_000;

if (!isApertiumInstalled()) {
  console.error('chaos: apertium-apy is not installed (apt-get install apertium-apy apertium-eng-spa apertium-fr-es); nothing was run');
  process.exit(1);
}

const random = seededRandom(seed);
const fixtureDir = fileURLToPath(new URL('../fixtures/news-site', import.meta.url));
const temp = makeTempDir('relais-chaos-');
buildCli();
const apertium = await startApertium({ openHttpClient: (url) => openTestHttpClient([url]) });
const news = await serveNewsSite(fixtureDir);
const wire = await serveCnnLikeSite({ seed, maxDelayMs: 30 });
const startedAt = Date.now();

/** One round: a fresh data directory, killed once per planned stage, then run to the end. */
interface Round {
  kills: ChaosStage[];
  finishedEarly: number;
  problems: string[];
}

let exitCode = 0;
try {
  console.log(`chaos: seed ${seed}, ${kills} kills; news sites ${news.baseUrl} and ${wire.baseUrl}, Apertium ${apertium.url}`);
  const reference = await referenceRun();
  const windows = reference.windows;
  console.log(`chaos: uninterrupted run: ${describeWindows(windows)}; ${countPublished(reference.state)} stories published`);
  const rounds: Round[] = [];
  let killed = 0;
  while (killed < kills) {
    if (Date.now() > deadline) throw new Error(`stopped after ${killed} of ${kills} kills: past --max-minutes (raise it, or lower --kills)`);
    const round = await killRound(rounds.length + 1, reference.state, windows, kills - killed);
    rounds.push(round);
    killed += round.kills.length;
    const verdict = round.problems.length === 0 ? 'ok' : `${round.problems.length} problems`;
    console.log(`round ${rounds.length}: killed in ${round.kills.join(', ') || 'nothing'}; ${verdict}`);
    for (const problem of round.problems.slice(0, 20)) console.log(`  ${problem}`);
  }
  printTally(rounds);
  if (rounds.some((round) => round.problems.length > 0)) exitCode = 1;
} catch (error) {
  console.error(`chaos: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  await wire.stop();
  await news.stop();
  await apertium.stop();
  if (exitCode === 0) temp.remove();
  else console.log(`chaos: databases kept for a look in ${temp.dir} (reference/relais.db, round-N/relais.db)`);
}
process.exit(exitCode);

function configFile(dataDir: string): string {
  const file = `${dataDir}.json`;
  const config = {
    data_dir: dataDir,
    site: { language: 'fr', title: 'Relais' },
    fetch: { allow_hosts: [new URL(news.baseUrl).host, new URL(wire.baseUrl).host] },
    engines: { apertium: { url: apertium.url } },
    campaigns: [
      {
        id: 'chaos',
        sources: [`${news.baseUrl}/feed.xml`, `${news.baseUrl}/atom.xml`, wire.feedUrl],
        from: 'en',
        to: 'fr',
        category: 'Nouvelles du monde',
        engine: 'apertium',
      },
    ],
  };
  writeFileSync(file, JSON.stringify(config));
  return file;
}

async function referenceRun(): Promise<{ state: RelayState; windows: Partial<Record<ChaosStage, StageWindow>> }> {
  const dataDir = join(temp.dir, 'reference');
  const end = await runRelaisChild(configFile(dataDir), null, { timeoutMs: childTimeoutMs });
  if (end.kind !== 'exited' || end.code !== 0) throw new Error(`the uninterrupted run did not finish: ${describeEnd(end)}`);
  const windows = { ...end.windows, startup: { startMs: 0, endMs: end.windows.poll?.startMs ?? 500 } };
  const state = readRelayState(join(dataDir, 'relais.db'));
  if (countPublished(state) < 20) throw new Error(`the uninterrupted run published only ${countPublished(state)} stories; the fixture is broken`);
  return { state, windows };
}

async function killRound(
  number: number,
  reference: RelayState,
  windows: Partial<Record<ChaosStage, StageWindow>>,
  budget: number,
): Promise<Round> {
  const file = configFile(join(temp.dir, `round-${number}`));
  const round: Round = { kills: [], finishedEarly: 0, problems: [] };
  // One planned kill per stage, in pipeline order: each restart resumes from what the last left.
  for (const stage of chaosStages) {
    if (round.kills.length >= budget) break;
    const end = await runRelaisChild(file, { stage, fraction: random(), windows }, { timeoutMs: childTimeoutMs });
    if (end.kind === 'killed') round.kills.push(end.stage);
    else if (end.kind === 'hung') round.problems.push(`relais hung in ${end.stage} for ${childTimeoutMs / 1000} s`);
    else if (end.code === 0) round.finishedEarly += 1;
    else round.problems.push(`restart after a kill failed: ${describeEnd(end)}`);
  }
  // Restarted once more without a kill, it must finish everything; a second run must find nothing to do.
  const last = await runRelaisChild(file, null, { timeoutMs: childTimeoutMs });
  if (last.kind !== 'exited' || last.code !== 0) round.problems.push(`the last restart did not finish: ${describeEnd(last)}`);
  const idle = await runRelaisChild(file, null, { timeoutMs: childTimeoutMs });
  if (idle.kind !== 'exited' || !/discovered 0, fetched 0, extracted 0, translated 0, published 0/.test(idle.stdout)) {
    round.problems.push(`a run after the end still found work: ${describeEnd(idle)}`);
  }
  round.problems.push(...compareRelayStates(reference, readRelayState(join(temp.dir, `round-${number}`, 'relais.db'))));
  return round;
}

function printTally(rounds: readonly Round[]): void {
  const byStage = new Map<ChaosStage, number>(chaosStages.map((stage) => [stage, 0]));
  for (const round of rounds) for (const stage of round.kills) byStage.set(stage, (byStage.get(stage) ?? 0) + 1);
  const failed = rounds.filter((round) => round.problems.length > 0).length;
  const total = rounds.reduce((sum, round) => sum + round.kills.length, 0);
  console.log('\nkills by stage (where the process was when SIGKILL arrived):');
  for (const [stage, count] of byStage) console.log(`  ${stage.padEnd(10)} ${String(count).padStart(4)}`);
  console.log(`  ${'total'.padEnd(10)} ${String(total).padStart(4)}`);
  const early = rounds.reduce((sum, round) => sum + round.finishedEarly, 0);
  console.log(`restarts that finished before their planned kill: ${early}`);
  console.log(`rounds: ${rounds.length}, passed ${rounds.length - failed}, failed ${failed}; ${Math.round((Date.now() - startedAt) / 1000)} s; seed ${seed}`);
  console.log(failed === 0 ? 'chaos: every story published exactly once, none lost or stuck, database and memory consistent' : 'chaos: FAILED');
}

function describeWindows(windows: Partial<Record<ChaosStage, StageWindow>>): string {
  return chaosStages
    .map((stage) => windows[stage] && `${stage} ${Math.round(windows[stage].endMs - windows[stage].startMs)} ms`)
    .filter(Boolean)
    .join(', ');
}

function describeEnd(end: ChildEnd): string {
  if (end.kind === 'exited') return `exit code ${end.code}: ${(end.stderr.trim().split('\n').at(-1) ?? '') || end.stdout.trim()}`;
  return `${end.kind} in ${end.stage}`;
}

function countPublished(state: RelayState): number {
  return [...state.stories.values()].filter((story) => story.state === 'published').length;
}

function positiveInteger(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) {
    console.error(`chaos: ${name} takes a whole number, not ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return number;
}
