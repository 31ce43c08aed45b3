/**
 * `npm test`: builds the apps (for the browser tests), starts the embedded PostgreSQL,
 * Meilisearch and S3 once on free ports, migrates a template database, runs every vitest project,
 * then stops everything. Extra arguments go to vitest (`npm test -- --project api`).
 * Services configured in the environment (DATABASE_URL, MEILI_URL, S3_ENDPOINT) are used instead.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { migrateDatabaseAt } from '@malle/migrations';
import { endpointsToEnv, findFreePort, startServices } from '@malle/services';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const skipBuild = args.includes('--no-build');
const vitestArgs = args.filter((a) => a !== '--no-build');

if (!skipBuild) {
  console.log('› Building the API and the web app for the browser tests…');
  const build = spawnSync(
    'npx',
    ['turbo', 'run', 'build', '--filter=@malle/api', '--filter=@malle/web', '--output-logs=errors-only'],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    },
  );
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'malle-test-'));
console.log('› Starting PostgreSQL, Meilisearch and S3 for the tests…');
const services = await startServices({
  dataDir,
  ports: { postgres: await findFreePort(), meilisearch: await findFreePort(), s3: await findFreePort() },
  log: () => undefined,
});

let code = 1;
try {
  // The migrated `malle` database is the template every test file copies (CREATE DATABASE … TEMPLATE).
  await migrateDatabaseAt(services.endpoints.databaseUrl);

  const child = spawn(path.join(root, 'node_modules/.bin/vitest'), ['run', ...vitestArgs], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      ...endpointsToEnv(services.endpoints),
      MALLE_TEST_TEMPLATE_DB: services.endpoints.databaseUrl,
      NODE_ENV: 'test',
      // The SDK's notice about future Node versions is not a test failure; keep the output readable.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  });
  const stop = () => child.kill('SIGINT');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
} finally {
  await services.stop();
  await rm(dataDir, { recursive: true, force: true });
}
process.exit(code);
