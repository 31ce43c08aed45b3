import type { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { DependencyUnavailable, isNetworkError } from './dependencies.ts';

/** An object read from storage: its bytes as a stream, and its size when the server gave it. */
export interface StoredObject {
  body: Readable;
  size: number | null;
}

/**
 * The private bucket every file lives in, as the rest of the API sees it (a port: modules never
 * build S3 commands). Reads by visitors go through the API's own signed links only (ADR 011).
 * Every call has a deadline, and an unreachable, frozen or failing server becomes
 * `DependencyUnavailable('storage')` (503, ADR 014).
 */
export interface Storage {
  bucket: string;
  put(key: string, body: Readable | Uint8Array, meta: { contentLength: number; contentType: string }): Promise<void>;
  /** The object, or null when it does not exist. */
  get(key: string): Promise<StoredObject | null>;
  exists(key: string): Promise<boolean>;
  /** Deletes the keys (missing ones are fine). */
  delete(keys: readonly string[]): Promise<void>;
  isHealthy(): Promise<boolean>;
  /** Creates the bucket when missing (embedded S3 and docker compose start empty). */
  ensureBucket(): Promise<void>;
  destroy(): void;
}

/** Defaults (ADR 014); `S3_TIMEOUT_MS` sets the request one. */
export const STORAGE_TIMEOUTS = { connectMs: 3000, requestMs: 10_000 } as const;

function isMissing(error: unknown): boolean {
  return (
    error instanceof NoSuchKey ||
    error instanceof NotFound ||
    (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)
  );
}

/** Network failures, timeouts and 5xx answers are outages; 4xx are answers. */
function classify(error: unknown): unknown {
  if (error instanceof DependencyUnavailable) return error;
  const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
  const name = (error as { name?: unknown } | null)?.name;
  if (
    isNetworkError(error) ||
    (status !== undefined && status >= 500) ||
    name === 'TimeoutError' ||
    name === 'AbortError' ||
    name === 'RequestTimeout'
  )
    return new DependencyUnavailable('storage', error);
  return error;
}

export function createStorage(options: {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
  /** Longest silence on a connection (between bytes), not a limit on a large transfer. */
  requestTimeoutMs?: number;
  connectTimeoutMs?: number;
}): Storage {
  const requestTimeout = options.requestTimeoutMs ?? STORAGE_TIMEOUTS.requestMs;
  const client = new S3Client({
    endpoint: options.endpoint,
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    // Recent SDKs add CRC checksums by default, which many non-AWS S3 servers reject.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // One retry: a request that waited a full timeout twice already kept a person waiting long.
    maxAttempts: 2,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: options.connectTimeoutMs ?? STORAGE_TIMEOUTS.connectMs,
      requestTimeout,
      // Without it the handler only logs a warning and the request waits forever.
      throwOnRequestTimeout: true,
      socketAcquisitionWarningTimeout: 5000,
    }),
  });
  const bucket = options.bucket;
  // Short calls also get an overall deadline (a server that trickles bytes never trips the idle one).
  const deadline = () => ({ abortSignal: AbortSignal.timeout(requestTimeout) });
  const run = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw classify(error);
    }
  };
  const headBucket = () => run(() => client.send(new HeadBucketCommand({ Bucket: bucket }), deadline()));

  return {
    bucket,
    put: (key, body, meta) =>
      run(async () => {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: body,
            ContentLength: meta.contentLength,
            ContentType: meta.contentType,
          }),
        );
      }),
    get: (key) =>
      run(async () => {
        try {
          const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
          const body = object.Body as Readable;
          // A transfer that stalls midway ends the stream with an outage error instead of hanging.
          body.on('error', () => undefined);
          return { body, size: object.ContentLength ?? null };
        } catch (error) {
          if (isMissing(error)) return null;
          throw error;
        }
      }),
    exists: (key) =>
      run(async () => {
        try {
          await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), deadline());
          return true;
        } catch (error) {
          if (isMissing(error)) return false;
          throw error;
        }
      }),
    delete: (keys) =>
      run(async () => {
        for (let i = 0; i < keys.length; i += 1000) {
          const chunk = keys.slice(i, i + 1000);
          await client.send(
            new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: chunk.map((Key) => ({ Key })), Quiet: true } }),
            deadline(),
          );
        }
      }),
    isHealthy: async () => {
      await headBucket();
      return true;
    },
    ensureBucket: async () => {
      try {
        await headBucket();
      } catch (error) {
        if (error instanceof DependencyUnavailable) throw error;
        await run(() => client.send(new CreateBucketCommand({ Bucket: bucket }), deadline()));
      }
    },
    destroy: () => client.destroy(),
  };
}
