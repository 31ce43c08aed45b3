/**
 * Starts the built API and web app for the browser tests, on free ports, against a fresh database
 * copied from the template that `npm test` migrated. Mail goes to a folder the tests read.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '@malle/services';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    webUrl: string;
    mailDir: string;
  }
}

const root = path.resolve(import.meta.dirname, '..');

async function admin(sql: string, templateUrl: string) {
  const url = new URL(templateUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function waitFor(url: string, child: ChildProcess, name: string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}`);
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${name} did not start`);
}

export default async function setup(project: TestProject) {
  const template = process.env.MALLE_TEST_TEMPLATE_DB;
  if (!template) throw new Error('Run the browser tests with `npm test` (it starts the services).');
  const suffix = randomBytes(5).toString('hex');
  const dbName = `e2e_${suffix}`;
  await admin(`CREATE DATABASE ${dbName} TEMPLATE ${new URL(template).pathname.slice(1)}`, template);
  const dbUrl = new URL(template);
  dbUrl.pathname = `/${dbName}`;
  const mailDir = await mkdtemp(path.join(os.tmpdir(), 'malle-e2e-mail-'));
  const apiPort = await findFreePort();
  const webPort = await findFreePort();
  const webUrl = `http://localhost:${webPort}`;

  const env = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: dbUrl.toString(),
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
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`, template).catch(() => undefined);
    await rm(mailDir, { recursive: true, force: true });
  };
  try {
    await waitFor(`http://127.0.0.1:${apiPort}/api/v1/health`, api, 'API');
    await waitFor(`${webUrl}/`, web, 'web app');
  } catch (error) {
    await stop();
    throw error;
  }
  project.provide('webUrl', webUrl);
  project.provide('mailDir', mailDir);
  return stop;
}
