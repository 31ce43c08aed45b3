// s3rver ships no types; the reference makes them visible to every package that compiles this file.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./s3rver.d.ts" />
import { mkdir } from 'node:fs/promises';
import S3rver from 's3rver';

/** s3rver's fixed credentials; fine on loopback, never used against a real S3 service. */
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export async function startS3(options: { dir: string; port: number; buckets: string[] }) {
  await mkdir(options.dir, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port,
    directory: options.dir,
    silent: true,
    // Path-style only: bucket names never become host names on loopback.
    vhostBuckets: false,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  await server.run();
  return {
    url: `http://127.0.0.1:${options.port}`,
    credentials: CREDENTIALS,
    stop: () => server.close(),
  };
}
