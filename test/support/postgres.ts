import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, readdirSync, realpathSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { makeTempDir } from './temp-dir.js';

/** A throwaway PostgreSQL cluster in a temp dir, on a loopback port, stopped by stop(). */
export interface PostgresCluster {
  /** The URL of the cluster's maintenance database. */
  url: string;
  /** Creates an empty database and answers its URL. */
  createDatabase(): string;
  /** Shuts the server down (`pg_ctl stop -m fast`, as an operator would), keeping its data for startServer(). */
  stopServer(): void;
  /** Starts the server stopped by stopServer() again, on the same port and data (nothing if it runs). */
  startServer(): void;
  /** Stops the server and removes its data. */
  stop(): void;
}

/** The folder holding initdb and pg_ctl: on PATH, or Debian's /usr/lib/postgresql/N/bin; undefined if neither. */
export function findPostgresBin(): string | undefined {
  // A PATH entry may hold only links to initdb and pg_ctl; their real folder has createdb too.
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dirname(realpathSync(join(dir, 'initdb')));
  const debian = '/usr/lib/postgresql';
  if (!existsSync(debian)) return undefined;
  const versions = readdirSync(debian).sort((a, b) => Number(b) - Number(a));
  for (const version of versions) if (existsSync(join(debian, version, 'bin', 'initdb'))) return join(debian, version, 'bin');
  return undefined;
}

/**
 * Whether tests needing PostgreSQL binaries run: they skip where there are none, except under
 * CI=true, where the missing binaries are a failure (CI installs postgresql).
 */
export function postgresAvailable(): boolean {
  if (findPostgresBin()) return true;
  if (process.env.CI === 'true') throw new Error('initdb/pg_ctl not found (install postgresql); CI needs them');
  return false;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts a cluster with trust authentication for user postgres; initdb refuses root, so root runs it as postgres. */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('initdb/pg_ctl not found: install postgresql or put its bin folder on PATH');
  const temp = makeTempDir('relais-pg-');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(temp.dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const run = (tool: string, args: string[]) => {
    const command = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] as const : [join(bin, tool), args] as const;
    execFileSync(command[0], command[1], { stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const data = join(temp.dir, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -k ${temp.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300`;
  let running = false;
  const start = () => {
    if (running) return;
    run('pg_ctl', ['-D', data, '-o', options, '-l', join(temp.dir, 'log'), '-w', 'start']);
    running = true;
  };
  start();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    createDatabase: () => createPostgresDatabase(url),
    stopServer() {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      running = false;
    },
    startServer: start,
    stop() {
      try {
        if (running) run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        temp.remove();
      }
    },
  };
}

let counter = 0;

/** Creates an empty database (with createdb, so it is synchronous) in the cluster a URL reaches; answers its URL. */
export function createPostgresDatabase(clusterUrl: string): string {
  const bin = findPostgresBin();
  if (!bin) throw new Error('createdb not found: install postgresql or put its bin folder on PATH');
  const name = `relais_${process.pid}_${Date.now()}_${counter++}`;
  const cluster = new URL(clusterUrl);
  execFileSync(join(bin, 'createdb'), ['-h', cluster.hostname, '-p', cluster.port, '-U', decodeURIComponent(cluster.username), name], { stdio: ['ignore', 'ignore', 'pipe'] });
  const location = new URL(clusterUrl);
  location.pathname = `/${name}`;
  return location.toString();
}
