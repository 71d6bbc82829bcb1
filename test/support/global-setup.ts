import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { startPostgresCluster } from './postgres.js';
import { testingOnPostgres } from './test-database.js';

// Tests that start `bin/relais.js` as a child process need the compiled CLI; build it once per run.
// With RELAIS_TEST_DATABASE=postgres, one throwaway cluster serves the whole run; the test workers
// find it through RELAIS_TEST_PG_URL and each test gets a fresh database in it.
export default async function setup(): Promise<(() => void) | undefined> {
  let stop: (() => void) | undefined;
  if (testingOnPostgres() && !process.env.RELAIS_TEST_PG_URL) {
    const cluster = await startPostgresCluster();
    process.env.RELAIS_TEST_PG_URL = cluster.url;
    stop = () => {
      delete process.env.RELAIS_TEST_PG_URL;
      cluster.stop();
    };
  }
  buildOnce();
  return stop;
}

function buildOnce(): void {
  // A run started by another test (test/any-clone.test.ts) finds the CLI already built.
  if (process.env.RELAIS_TEST_SKIP_BUILD === '1') return;
  const root = fileURLToPath(new URL('../..', import.meta.url));
  execFileSync(process.execPath, [`${root}/node_modules/typescript/bin/tsc`, '-p', `${root}/tsconfig.build.json`], { stdio: 'inherit' });
}
