import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { TranslateError } from '../../domain/errors.js';
import type { HttpClient } from '../../domain/types.js';

/** Where Debian's apertium-apy and its language pairs live. */
export const apertiumDefaults = {
  binary: '/usr/bin/apertium-apy',
  modesDir: '/usr/share/apertium/modes',
};

/** A running APy server on loopback; stop it when done. */
export interface ApertiumProcess {
  url: string;
  stop(): Promise<void>;
}

/** Whether apertium-apy is installed here. */
export function isApertiumInstalled(binary = apertiumDefaults.binary): boolean {
  return existsSync(binary);
}

/** How to start APy; the port is chosen here, so the caller hands over a way to open a client for it. */
export interface StartApertiumOptions {
  /** Opens an HTTP client that allows the origin of `url` (the new APy); it is closed once APy answers. */
  openHttpClient: (url: string) => HttpClient;
  binary?: string;
  modesDir?: string;
  timeoutMs?: number;
}

/** Starts apertium-apy on a free loopback port and resolves once it answers /listPairs. */
export async function startApertium(options: StartApertiumOptions): Promise<ApertiumProcess> {
  const binary = options.binary ?? apertiumDefaults.binary;
  if (!isApertiumInstalled(binary)) {
    throw new TranslateError('apertium', `${binary} not found (install it: apt-get install apertium-apy apertium-eng-spa apertium-fr-es)`, { retryable: false });
  }
  const port = await findFreePort();
  const child = spawn(binary, ['-p', String(port), options.modesDir ?? apertiumDefaults.modesDir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const url = `http://127.0.0.1:${port}`;
  const http = options.openHttpClient(url);
  try {
    const problem = await waitUntilReady(url, child, options.timeoutMs ?? 30_000, http);
    if (problem !== null) {
      child.kill('SIGKILL');
      throw new TranslateError('apertium', `apertium-apy did not start on ${url}: ${problem}\n${stderr}`, { retryable: false });
    }
  } finally {
    await http.close();
  }
  return { url, stop: () => stopChild(child) };
}

// Resolves to null once APy answers, or to why it never did.
async function waitUntilReady(url: string, child: ChildProcess, timeoutMs: number, http: HttpClient): Promise<string | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return `exited with code ${child.exitCode}`;
    try {
      const response = await http.request({ url: `${url}/listPairs`, timeouts: { responseMs: 1000, totalMs: 1000 } });
      if (response.status >= 200 && response.status < 300) return null;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return `no answer within ${timeoutMs} ms`;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
