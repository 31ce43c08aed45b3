/**
 * Runs file processing in a worker thread with a memory ceiling and a time limit: a file that
 * exhausts memory, loops or crashes the parser becomes "illisible"; the API and the job worker
 * carry on.
 */
import { Worker } from 'node:worker_threads';
import type { ProcessInput, ProcessResult } from './process.ts';

// Bundled (dist/server.js next to dist/file-processor.js) or run from sources (tests, via tsx).
const fromSources = import.meta.url.endsWith('.ts');
const entry = fromSources ? new URL('./processor-thread.ts', import.meta.url) : new URL('./file-processor.js', import.meta.url);

export function processIsolated(input: ProcessInput, limits: { timeoutMs: number; memoryMb: number }): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const worker = new Worker(entry, {
      workerData: input,
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: 64 },
      execArgv: fromSources ? ['--import', 'tsx'] : [],
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
          error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'Fichier trop lourd à lire (mémoire dépassée).' : 'Fichier endommagé ou illisible.',
      }),
    );
    worker.once('exit', () => finish({ status: 'unreadable', reason: 'Fichier endommagé ou illisible.' }));
  });
}
