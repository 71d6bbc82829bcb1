import type { Config } from '../../config/index.js';
import { databaseFile, describeEngineStop, readEngineProblems, type EngineProblem } from '../../pipeline/index.js';
import { countStoriesByCampaign, listMemoryUsage, openDatabase, type MemoryUsage } from '../../storage/index.js';

/** What `relais stats` reports. */
export interface RelaisStats {
  /** Story counts by state, per campaign (configured campaigns first, even with no stories). */
  campaigns: Array<{ id: string; states: Record<string, number> }>;
  memory: MemoryUsage[];
  /** Engines a run stopped for a language pair, not yet seen translating it again. */
  engineProblems: EngineProblem[];
}

const STATE_ORDER = ['discovered', 'fetched', 'extracted', 'translated', 'published', 'held', 'skipped', 'failed', 'unpublished'];

/** Reads story counts per campaign and the translation memory's size and hit rate. */
export async function readStats(config: Readonly<Config>): Promise<RelaisStats> {
  const database = await openDatabase(databaseFile(config));
  try {
    const counts = await countStoriesByCampaign(database.db);
    const configured = config.campaigns.map((campaign) => campaign.id);
    const ids = [...configured, ...Object.keys(counts).filter((id) => !configured.includes(id)).sort()];
    return {
      campaigns: ids.map((id) => ({ id, states: counts[id] ?? {} })),
      memory: await listMemoryUsage(database.db),
      engineProblems: await readEngineProblems(database.db, config.campaigns),
    };
  } finally {
    await database.close();
  }
}

/** Formats the stats as two plain-text tables, after a line per stopped engine. */
export function formatStats(stats: RelaisStats): string {
  const stories = [['campaign', ...STATE_ORDER, 'total']];
  for (const { id, states } of stats.campaigns) {
    const total = Object.values(states).reduce((sum, n) => sum + n, 0);
    stories.push([id, ...STATE_ORDER.map((state) => String(states[state] ?? 0)), String(total)]);
  }
  const memory = [['engine', 'pair', 'entries', 'hits', 'misses', 'hit rate']];
  for (const usage of stats.memory) {
    const rate = usage.hitRate === null ? '-' : `${(usage.hitRate * 100).toFixed(1)}%`;
    memory.push([usage.engine, `${usage.from}→${usage.to}`, String(usage.entries), String(usage.hits), String(usage.misses), rate]);
  }
  const memoryText = stats.memory.length > 0 ? formatTable(memory) : 'no translations yet';
  return `${formatEngineProblems(stats.engineProblems)}stories by state\n${formatTable(stories)}\n\ntranslation memory (hit rate = hits / (hits + misses), per distinct segment looked up)\n${memoryText}`;
}

function formatEngineProblems(problems: readonly EngineProblem[]): string {
  if (problems.length === 0) return '';
  const lines = problems.map((problem) => `${describeEngineStop(problem)} (since ${problem.firstSeenAt}, last seen ${problem.lastSeenAt})`);
  return `${lines.join('\n')}\n\n`;
}

function formatTable(rows: readonly string[][]): string {
  const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows
    .map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  '))
    .join('\n');
}
