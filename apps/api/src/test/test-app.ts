/**
 * Builds the real API for one test file against the services started by `npm test`: a fresh
 * database copied from the migrated template, its own Meilisearch index prefix and its own bucket.
 * Only mail delivery is replaced (by a recorder), since it is the one thing truly outside.
 */
import { randomBytes } from 'node:crypto';
import { createDatabaseFromTemplate, dropDatabase } from '@malle/services/databases';
import { buildApp, type App } from '../app.ts';
import { loadConfig, type Config } from '../config.ts';
import { createDatabase, type Database } from '../lib/db.ts';
import type { Mail, Mailer } from '../lib/mailer.ts';
import { createSearch } from '../lib/search.ts';
import { createStorage } from '../lib/storage.ts';

export interface TestApp {
  app: App;
  db: Database;
  config: Config;
  mails: Mail[];
  close(): Promise<void>;
}

function templateUrl(): string {
  const url = process.env.MALLE_TEST_TEMPLATE_DB;
  if (!url) throw new Error('Run the tests with `npm test` (it starts PostgreSQL, Meilisearch and S3).');
  return url;
}

export async function createTestApp(
  overrides: Partial<Record<string, string>> = {},
  options: { createBucket?: boolean } = {},
): Promise<TestApp> {
  const suffix = randomBytes(6).toString('hex');
  const template = templateUrl();
  const dbName = `test_${suffix}`;
  const dbUrl = await createDatabaseFromTemplate(template, dbName);

  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: dbUrl,
    DATABASE_POOL_MAX: '4',
    MEILI_INDEX_PREFIX: `t${suffix}_`,
    S3_BUCKET: `test-${suffix}`,
    RATE_LIMIT_AUTH_MAX: '1000',
    RATE_LIMIT_GLOBAL_MAX: '100000',
    LOG_LEVEL: 'silent',
    // Tests run background jobs on demand (app.jobs.runPending()).
    JOBS_ENABLED: 'false',
    ...overrides,
  });
  const db = createDatabase(config.database);
  const search = createSearch(config.meili);
  const storage = createStorage(config.s3);
  if (options.createBucket !== false) await storage.ensureBucket();
  const mails: Mail[] = [];
  const mailer: Mailer = {
    send: async (mail) => {
      mails.push(mail);
    },
  };
  const app = await buildApp({ config, db, search, storage, mailer, logger: false });
  await app.ready();
  return {
    app,
    db,
    config,
    mails,
    close: async () => {
      await app.close();
      await db.destroy();
      storage.destroy();
      await dropDatabase(template, dbName);
    },
  };
}

/**
 * A second API instance on the same database, index prefix and bucket as `t` (as a second
 * process would be), with its own configuration overrides (e.g. no public cache).
 */
export async function createSiblingApp(
  t: TestApp,
  overrides: Partial<Record<string, string>> = {},
): Promise<{ app: App; close(): Promise<void> }> {
  const config = loadConfig({ ...process.env, ...configEnvOf(t.config), ...overrides });
  const db = createDatabase(config.database);
  const storage = createStorage(config.s3);
  const app = await buildApp({
    config,
    db,
    search: createSearch(config.meili),
    storage,
    mailer: { send: async () => undefined },
    logger: false,
  });
  await app.ready();
  return {
    app,
    close: async () => {
      await app.close();
      await db.destroy();
      storage.destroy();
    },
  };
}

/** The variables that make another instance share `config`'s database, index prefix and bucket. */
function configEnvOf(config: Config): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: config.database.url,
    DATABASE_POOL_MAX: '4',
    MEILI_INDEX_PREFIX: config.meili.indexPrefix,
    S3_BUCKET: config.s3.bucket,
    RATE_LIMIT_AUTH_MAX: '1000',
    RATE_LIMIT_GLOBAL_MAX: '100000',
    LOG_LEVEL: 'silent',
    JOBS_ENABLED: 'false',
    SEARCH_RELAY: 'false',
  };
}
