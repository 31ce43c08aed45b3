/**
 * `npm run db:types` regenerates packages/schema/src/db.ts from the migrations; `--check` fails
 * when the committed file is stale. Runs the migrations on a throw-away embedded PostgreSQL.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { migrateDatabaseAt } from '@malle/migrations';
import { findFreePort, startServices } from '@malle/services';

const check = process.argv.includes('--check');
const root = path.resolve(import.meta.dirname, '..');
const outFile = path.join(root, 'packages/schema/src/db.ts');
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'malle-dbtypes-'));
const services = await startServices({
  dataDir,
  ports: { postgres: await findFreePort(), meilisearch: 0, s3: 0 },
  // Only PostgreSQL is needed: pretend the others are configured.
  env: { MEILI_URL: 'http://unused', S3_ENDPOINT: 'http://unused' },
  log: () => undefined,
});
try {
  await migrateDatabaseAt(services.endpoints.databaseUrl);
  execFileSync(
    path.join(root, 'node_modules/.bin/kysely-codegen'),
    [
      '--dialect',
      'postgres',
      '--url',
      services.endpoints.databaseUrl,
      '--out-file',
      outFile,
      // Only our tables: the job queue's schema (graphile_worker) belongs to the library.
      '--include-pattern',
      'public.*',
      '--exclude-pattern',
      'public.kysely_migration*',
      '--type-mapping',
      JSON.stringify({ int8: 'number' }),
      ...(check ? ['--verify'] : []),
    ],
    { stdio: 'inherit' },
  );
  if (!check) console.log(`Wrote ${path.relative(root, outFile)}`);
} catch (error) {
  if (check) console.error('packages/schema/src/db.ts is stale: run `npm run db:types` and commit the result.');
  process.exitCode = 1;
  if (!check) throw error;
} finally {
  await services.stop();
  await rm(dataDir, { recursive: true, force: true });
}
