/**
 * The ordered list of migrations and the one function that applies them. Used by `npm start`,
 * the API container, the tests (to build a template database) and CI.
 */
import { Kysely, Migrator, PostgresDialect, type Migration, type MigrationResultSet } from 'kysely';
import pg from 'pg';
import { Logger, runMigrations as runJobQueueMigrations } from 'graphile-worker';
import * as m0001 from './migrations/0001_accounts.ts';
import * as m0002 from './migrations/0002_bases.ts';
import * as m0003 from './migrations/0003_sheets.ts';
import * as m0004 from './migrations/0004_files.ts';
import * as m0005 from './migrations/0005_search.ts';
import * as m0006 from './migrations/0006_ratings_collections.ts';
import * as m0007 from './migrations/0007_embeds.ts';
import * as m0008 from './migrations/0008_api_keys.ts';
import * as m0009 from './migrations/0009_resilience.ts';
import * as m0010 from './migrations/0010_search_triggers.ts';

/** Listed statically (not read from disk) so that bundlers include them. Names sort in order. */
export const migrations: Record<string, Migration> = {
  '0001_accounts': m0001,
  '0002_bases': m0002,
  '0003_sheets': m0003,
  '0004_files': m0004,
  '0005_search': m0005,
  '0006_ratings_collections': m0006,
  '0007_embeds': m0007,
  '0008_api_keys': m0008,
  '0009_resilience': m0009,
  '0010_search_triggers': m0010,
};

/** Applies every pending migration in one run; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<MigrationResultSet['results']> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    migrationTableName: 'kysely_migration',
    migrationLockTableName: 'kysely_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(
      `Migration ${failed?.migrationName ?? '(unknown)'} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
      { cause: error },
    );
  }
  return results;
}

/**
 * Migrates the database at `url` (start, tests, CLI, CI): our tables, then the job queue's own
 * schema (`graphile_worker`, versioned by the library), so that a migrated database is complete.
 */
export async function migrateDatabaseAt(url: string): Promise<MigrationResultSet['results']> {
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
  try {
    const results = await migrateToLatest(db);
    await runJobQueueMigrations({ connectionString: url, logger: quietLogger });
    return results;
  } finally {
    await db.destroy();
  }
}

/** graphile-worker logs every migration at info level; only problems matter here. */
const quietLogger = new Logger(() => (level: string, message: string) => {
  if (level === 'error' || level === 'warning') console.error(`[job queue] ${message}`);
});
