import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Tests that start `bin/relais.js` as a child process need the compiled CLI; build it once per run.
export default function buildOnce(): void {
  // A run started by another test (test/any-clone.test.ts) finds the CLI already built.
  if (process.env.RELAIS_TEST_SKIP_BUILD === '1') return;
  const root = fileURLToPath(new URL('../..', import.meta.url));
  execFileSync(process.execPath, [`${root}/node_modules/typescript/bin/tsc`, '-p', `${root}/tsconfig.build.json`], { stdio: 'inherit' });
}
