/**
 * Runs file processing in a worker thread with a memory ceiling and a time limit: a file that
 * exhausts memory, loops or crashes the parser becomes "illisible"; the API and the job worker
 * carry on.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ProcessInput, ProcessResult } from './process.ts';

// Bundled, dist/server.js sits next to dist/file-processor.js. Run from sources (tests), the thread
// entry is bundled on first use with esbuild: Node 20 worker threads cannot load TypeScript.
const fromSources = import.meta.url.endsWith('.ts');
let entry: Promise<URL> | undefined;

function threadEntry(): Promise<URL> {
  entry ??= fromSources ? bundleFromSources() : Promise.resolve(new URL('./file-processor.js', import.meta.url));
  return entry;
}

async function bundleFromSources(): Promise<URL> {
  const { build } = await import('esbuild');
  const outfile = new URL('../../../.cache/file-processor.mjs', import.meta.url);
  await build({
    entryPoints: [fileURLToPath(new URL('./processor-thread.ts', import.meta.url))],
    outfile: fileURLToPath(outfile),
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
    // Like build.mjs: our workspace packages are bundled, npm dependencies load from node_modules.
    plugins: [
      {
        name: 'external-npm-packages',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@malle/') ? undefined : { path: args.path, external: true },
          );
        },
      },
    ],
  });
  return outfile;
}

export async function processIsolated(
  input: ProcessInput,
  limits: { timeoutMs: number; memoryMb: number },
): Promise<ProcessResult> {
  const url = await threadEntry();
  return new Promise((resolve) => {
    const worker = new Worker(url, {
      workerData: input,
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: 64 },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const finish = (result: ProcessResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ status: 'unreadable', reason: 'Fichier trop long à lire (délai dépassé).' }),
      limits.timeoutMs,
    );
    worker.once('message', (result: ProcessResult) => finish(result));
    worker.once('error', (error: Error & { code?: string }) =>
      finish({
        status: 'unreadable',
        reason:
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? 'Fichier trop lourd à lire (mémoire dépassée).'
            : 'Fichier endommagé ou illisible.',
      }),
    );
    worker.once('exit', () => finish({ status: 'unreadable', reason: 'Fichier endommagé ou illisible.' }));
  });
}
