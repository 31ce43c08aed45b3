import { fork } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { waitUntilUp } from './ports.ts';

/** s3rver's fixed credentials; fine on loopback, never used against a real S3 service. */
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

const SCRIPT = fileURLToPath(new URL('./s3-process.mjs', import.meta.url));

/** s3rver (an S3-compatible server for Node) in a child process, with its data in `dir`. */
export async function startS3(options: { dir: string; port: number; buckets: string[] }) {
  await mkdir(options.dir, { recursive: true });
  const child = fork(SCRIPT, [String(options.port), options.dir, options.buckets.join(',')], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const url = `http://127.0.0.1:${options.port}`;
  try {
    await waitUntilUp(`${url}/`, 'S3 (s3rver)', { process: child, timeoutMs: 30_000, anyStatus: true });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url,
    credentials: CREDENTIALS,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // A frozen server (SIGSTOP in a test) must wake up to be able to stop.
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
