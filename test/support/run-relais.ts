import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The command line as users run it (built by the tests' global setup). */
export const relaisBin = fileURLToPath(new URL('../../bin/relais.js', import.meta.url));

/** What one `relais` process printed and how it exited. */
export interface RelaisResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `relais ARGS` in a child process and collects its output; `stdin`, when given, is piped in. */
export function runRelais(args: readonly string[], options: { cwd?: string; stdin?: string } = {}): Promise<RelaisResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [relaisBin, ...args], { cwd: options.cwd, stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    child.stdin?.end(options.stdin);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
