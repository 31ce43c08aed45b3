import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';

/** The private bucket every file lives in. Reads go through short-lived signed URLs only. */
export interface Storage {
  client: S3Client;
  bucket: string;
  isHealthy(): Promise<boolean>;
  /** Creates the bucket when missing (embedded S3 and docker compose start empty). */
  ensureBucket(): Promise<void>;
  destroy(): void;
}

export function createStorage(options: {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}): Storage {
  const client = new S3Client({
    endpoint: options.endpoint,
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    // Recent SDKs add CRC checksums by default, which many non-AWS S3 servers reject.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
  const head = () => client.send(new HeadBucketCommand({ Bucket: options.bucket }), { abortSignal: AbortSignal.timeout(5000) });
  return {
    client,
    bucket: options.bucket,
    isHealthy: async () => {
      await head();
      return true;
    },
    ensureBucket: async () => {
      try {
        await head();
      } catch {
        await client.send(new CreateBucketCommand({ Bucket: options.bucket }));
      }
    },
    destroy: () => client.destroy(),
  };
}
