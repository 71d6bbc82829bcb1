import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

// Benchmarks and corpora written by others live in ../shared beside the clone, never in the
// repository. A developer's clone without them skips the tests that read them (saying so once);
// under CI those tests fail instead, so CI can never go green without the data.

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Whether this run is CI's: `CI` set to anything but "", "0" or "false". */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

/** The folder the shared data is read from: `RELAIS_SHARED_DIR`, or ../shared beside the clone. */
export function sharedDataRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.RELAIS_SHARED_DIR ? resolve(env.RELAIS_SHARED_DIR) : resolve(repoRoot, '..', 'shared');
}

/** The path of `relativePath` under the shared data, or undefined when it is absent. */
export function findSharedData(relativePath: string): string | undefined {
  const path = join(sharedDataRoot(), relativePath);
  return existsSync(path) ? path : undefined;
}

/**
 * A `describe` block over shared data: `body` gets the path and runs only when it exists. When it
 * does not, the block is skipped with one warning, or fails under CI with a message naming the path.
 */
export function describeWithSharedData(name: string, relativePath: string, body: (path: string) => void): void {
  const path = findSharedData(relativePath);
  if (path) {
    describe(name, () => body(path));
    return;
  }
  const missing = join(sharedDataRoot(), relativePath);
  if (isCi()) {
    describe(name, () => {
      it(`needs ${missing}`, () => {
        throw new Error(`${missing} is absent: CI runs with ../shared beside the clone (or RELAIS_SHARED_DIR pointing at it)`);
      });
    });
    return;
  }
  console.warn(`skipping "${name}": ${missing} is absent (put ../shared beside the clone to run it)`);
  describe.skip(name, () => {
    it(`needs ${missing}`, () => {});
  });
}
