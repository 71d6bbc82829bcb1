import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from './support/temp-dir.js';

// `npm test` passes on a clone with nothing beside it, and fails under CI when ../shared is
// missing: the tests that read shared data go through test/support/shared-data.ts, and vitest's
// run of exactly those files is checked here with the folder hidden (RELAIS_SHARED_DIR → empty).

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const vitestBin = join(repoRoot, 'node_modules/vitest/vitest.mjs');

function listTestFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'fixtures' ? [] : listTestFiles(path);
    return /\.test\.tsx?$/.test(entry.name) ? [relative(repoRoot, path)] : [];
  });
}

const testFiles = ['src', 'test', 'bench'].flatMap((dir) => listTestFiles(join(repoRoot, dir)));
const read = (file: string): string => readFileSync(join(repoRoot, file), 'utf8');
const sharedDataUsers = testFiles.filter((file) => read(file).includes('describeWithSharedData(') && file !== 'test/any-clone.test.ts');

function runVitest(files: readonly string[], env: Record<string, string | undefined>): { code: number | null; output: string } {
  const empty = makeTempDir('relais-no-shared-');
  try {
    const result = spawnSync(process.execPath, [vitestBin, 'run', ...files], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, CI: '', ...env, RELAIS_SHARED_DIR: empty.dir, RELAIS_TEST_SKIP_BUILD: '1', NO_COLOR: '1' },
    });
    return { code: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    empty.remove();
  }
}

describe('tests that need ../shared', { timeout: 180_000 }, () => {
  it('read it only through test/support/shared-data.ts', () => {
    const direct = testFiles.filter((file) => /(\.\.\/){2,}shared\b/.test(read(file)));
    expect(direct).toEqual([]);
    expect(sharedDataUsers.length).toBeGreaterThanOrEqual(5);
  });

  it('skip, saying so, on a clone without it', () => {
    const { code, output } = runVitest(sharedDataUsers, {});
    expect(output).toMatch(/Test Files .*passed/);
    // Once per block that needs the data, at least one block per file.
    const notices = output.match(/skipping "[^"]+": \S+ is absent/g) ?? [];
    expect(new Set(notices).size).toBe(notices.length);
    expect(notices.length).toBeGreaterThanOrEqual(sharedDataUsers.length);
    expect(code).toBe(0);
  });

  it('fail under CI without it, naming what is missing', () => {
    const { code, output } = runVitest(sharedDataUsers, { CI: 'true' });
    expect(code).not.toBe(0);
    expect(output).toMatch(/is absent: CI runs with \.\.\/shared beside the clone/);
    for (const file of sharedDataUsers) expect(output).toMatch(new RegExp(`FAIL .*${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
  });
});
