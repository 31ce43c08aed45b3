/**
 * Launches the outside systems Malle needs (PostgreSQL, Meilisearch, an S3 server) on loopback,
 * for `npm start` and for the tests. Each one is skipped when the environment points at a real
 * server instead (see `resolveServices`).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ensurePortFree } from './ports.ts';
import { startMeilisearch } from './meilisearch.ts';
import { startPostgres } from './postgres.ts';
import { startS3 } from './s3.ts';

export { createDatabaseFromTemplate, dropDatabase } from './databases.ts';
export { startMeilisearch, type StartedMeilisearch } from './meilisearch.ts';
export { startPostgres, type StartedPostgres } from './postgres.ts';
export { startS3 } from './s3.ts';
export { ensurePortFree, findFreePort, PortInUseError, waitUntilUp } from './ports.ts';

/** Connection settings for every outside system, whether launched here or configured. */
export interface ServiceEndpoints {
  databaseUrl: string;
  meiliUrl: string;
  meiliMasterKey: string;
  s3: {
    endpoint: string;
    region: string;
    bucket: string;
    accessKeyId: string;
    secretAccessKey: string;
  };
}

export interface RunningServices {
  endpoints: ServiceEndpoints;
  /** What was launched here (empty when everything came from the environment). */
  launched: string[];
  stop(): Promise<void>;
}

export interface ServicesOptions {
  /** Root folder for data, e.g. `.data`. */
  dataDir: string;
  ports: { postgres: number; meilisearch: number; s3: number };
  env?: NodeJS.ProcessEnv;
  log?: (message: string) => void;
}

interface Secrets {
  postgresPassword: string;
  meiliMasterKey: string;
}

/** Secrets of the embedded services are generated once per data folder, never hard-coded. */
async function loadSecrets(dataDir: string): Promise<Secrets> {
  const file = path.join(dataDir, 'services-secrets.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Secrets;
  } catch {
    const secrets: Secrets = {
      postgresPassword: randomBytes(18).toString('base64url'),
      meiliMasterKey: randomBytes(24).toString('base64url'),
    };
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    return secrets;
  }
}

/**
 * Starts what the environment does not provide. `DATABASE_URL`, `MEILI_URL` (+ `MEILI_MASTER_KEY`)
 * and `S3_ENDPOINT` (+ `S3_BUCKET`, `S3_ACCESS_KEY_ID`, `S3_SECRET_ACCESS_KEY`, `S3_REGION`) each
 * switch one embedded service off.
 */
export async function startServices(options: ServicesOptions): Promise<RunningServices> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((m: string) => console.log(m));
  const dataDir = path.resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const secrets = await loadSecrets(dataDir);
  const stops: Array<() => Promise<void>> = [];
  const launched: string[] = [];

  const stop = async () => {
    // Stop in reverse order of start; one failing stop must not keep the others running.
    for (const fn of stops.reverse()) {
      await fn().catch((error: unknown) => log(`stop failed: ${String(error)}`));
    }
    stops.length = 0;
  };

  try {
    // Check every port first so that one clear message names all the conflicts at once.
    const wanted: Array<[string, number, string]> = [];
    if (!env.DATABASE_URL) wanted.push(['PostgreSQL', options.ports.postgres, 'MALLE_PG_PORT']);
    if (!env.MEILI_URL) wanted.push(['Meilisearch', options.ports.meilisearch, 'MALLE_MEILI_PORT']);
    if (!env.S3_ENDPOINT) wanted.push(['S3 (s3rver)', options.ports.s3, 'MALLE_S3_PORT']);
    for (const [name, port, variable] of wanted) await ensurePortFree(port, name, variable);

    let databaseUrl = env.DATABASE_URL;
    if (!databaseUrl) {
      const pg = await startPostgres({
        dir: path.join(dataDir, 'postgres'),
        port: options.ports.postgres,
        password: secrets.postgresPassword,
        log,
      });
      stops.push(pg.stop);
      launched.push(`PostgreSQL on 127.0.0.1:${options.ports.postgres}`);
      databaseUrl = pg.url;
    }

    let meiliUrl = env.MEILI_URL;
    let meiliMasterKey = env.MEILI_MASTER_KEY ?? '';
    if (!meiliUrl) {
      const meili = await startMeilisearch({
        dir: path.join(dataDir, 'meilisearch'),
        port: options.ports.meilisearch,
        masterKey: secrets.meiliMasterKey,
        log,
      });
      stops.push(meili.stop);
      launched.push(`Meilisearch on 127.0.0.1:${options.ports.meilisearch}`);
      meiliUrl = meili.url;
      meiliMasterKey = secrets.meiliMasterKey;
    }

    let s3: ServiceEndpoints['s3'];
    if (env.S3_ENDPOINT) {
      s3 = {
        endpoint: env.S3_ENDPOINT,
        region: env.S3_REGION ?? 'us-east-1',
        bucket: env.S3_BUCKET ?? 'malle',
        accessKeyId: env.S3_ACCESS_KEY_ID ?? '',
        secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? '',
      };
    } else {
      const bucket = env.S3_BUCKET ?? 'malle';
      const server = await startS3({ dir: path.join(dataDir, 's3'), port: options.ports.s3, buckets: [bucket] });
      stops.push(server.stop);
      launched.push(`S3 (s3rver) on 127.0.0.1:${options.ports.s3}`);
      s3 = { ...server.credentials, endpoint: server.url, region: 'us-east-1', bucket };
    }

    return { endpoints: { databaseUrl, meiliUrl, meiliMasterKey, s3 }, launched, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Environment variables the API reads for the given endpoints. */
export function endpointsToEnv(endpoints: ServiceEndpoints): Record<string, string> {
  return {
    DATABASE_URL: endpoints.databaseUrl,
    MEILI_URL: endpoints.meiliUrl,
    MEILI_MASTER_KEY: endpoints.meiliMasterKey,
    S3_ENDPOINT: endpoints.s3.endpoint,
    S3_REGION: endpoints.s3.region,
    S3_BUCKET: endpoints.s3.bucket,
    S3_ACCESS_KEY_ID: endpoints.s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: endpoints.s3.secretAccessKey,
  };
}
