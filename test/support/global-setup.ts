import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Tests that start `bin/relais.js` as a child process need the compiled CLI; build it once per run.
export default function buildOnce(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  execFileSync(process.execPath, [`${root}/node_modules/typescript/bin/tsc`, '-p', `${root}/tsconfig.build.json`], { stdio: 'inherit' });
}
