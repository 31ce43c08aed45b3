/**
 * `npm start`: builds what needs building, starts PostgreSQL, Meilisearch and S3 (unless
 * DATABASE_URL, MEILI_URL, S3_ENDPOINT point at real servers), migrates, loads demo content on
 * first run, then serves the API on :3001 and the web app on :3000. Ctrl-C stops everything.
 * `npm run dev` does the same with Vite's dev server and the API restarting on change.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { migrateDatabaseAt } from '@malle/migrations';
import {
  endpointsToEnv,
  ensurePortFree,
  PortInUseError,
  startServices,
  waitUntilUp,
  type RunningServices,
} from '@malle/services';
import { DEMO_ACCOUNT, seedDemo } from './seed.ts';

const started = performance.now();
const root = path.resolve(import.meta.dirname, '..');
const dev = process.argv.includes('--dev');
const env = process.env;

function port(name: string, fallback: number): number {
  const raw = env[name];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    console.error(`Invalid ${name}="${raw}": expected a port number.`);
    process.exit(78);
  }
  return value;
}

const webPort = port('WEB_PORT', 3000);
const apiPort = port('API_PORT', 3001);
const dataDir = path.resolve(root, env.MALLE_DATA_DIR ?? '.data');
const ports = {
  postgres: port('MALLE_PG_PORT', 54329),
  meilisearch: port('MALLE_MEILI_PORT', 7700),
  s3: port('MALLE_S3_PORT', 4568),
};
const log = (message: string) => console.log(`› ${message}`);
const children: ChildProcess[] = [];
let services: RunningServices | undefined;
let stopping = false;

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  log('Stopping…');
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 8000).unref();
        }),
    ),
  );
  await services?.stop();
  log('Stopped.');
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

/**
 * Keeps a process running: one that stops unexpectedly is started again after a short pause, as
 * a process manager would; five stops within a minute mean something is wrong, and Malle stops.
 */
function supervise(name: string, launch: () => ChildProcess) {
  const exits: number[] = [];
  let child: ChildProcess;
  const run = () => {
    child = launch();
    children.push(child);
    child.once('exit', (code, signal) => {
      children.splice(children.indexOf(child), 1);
      if (stopping) return;
      const now = Date.now();
      exits.push(now);
      while (exits.length && exits[0]! < now - 60_000) exits.shift();
      if (exits.length >= 5) {
        console.error(`${name} stopped ${exits.length} times within a minute (last: ${code ?? signal}); stopping Malle.`);
        void shutdown(1);
        return;
      }
      console.error(`${name} stopped unexpectedly (${code ?? signal}); starting it again.`);
      setTimeout(() => {
        if (!stopping) run();
      }, 1000);
    });
  };
  run();
  return { current: () => child };
}

/** Development secrets, generated once per data folder (never defaults baked into the code). */
async function devSecrets(): Promise<{ SESSION_SECRET: string }> {
  const file = path.join(dataDir, 'app-secrets.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as { SESSION_SECRET: string };
  } catch {
    const secrets = { SESSION_SECRET: randomBytes(32).toString('base64url') };
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    return secrets;
  }
}

try {
  await ensurePortFree(apiPort, 'API', 'API_PORT');
  await ensurePortFree(webPort, 'web app', 'WEB_PORT');

  if (!dev) {
    log('Building the API and the web app (cached when nothing changed)…');
    const build = spawnSync(
      path.join(root, 'node_modules/.bin/turbo'),
      ['run', 'build', '--filter=@malle/api', '--filter=@malle/web', '--output-logs=errors-only'],
      {
        cwd: root,
        stdio: 'inherit',
        env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
      },
    );
    if (build.status !== 0) throw new Error('Build failed (see above).');
  }

  log('Starting PostgreSQL, Meilisearch and S3…');
  services = await startServices({ dataDir, ports, log });
  for (const line of services.launched) log(`  ${line}`);

  const applied = await migrateDatabaseAt(services.endpoints.databaseUrl);
  log(applied?.length ? `Applied ${applied.length} migration(s).` : 'Database schema is up to date.');
  if (env.MALLE_SEED !== 'false') await seedDemo(services.endpoints.databaseUrl, log, services.endpoints.s3);

  const publicUrl = env.PUBLIC_URL ?? `http://localhost:${webPort}`;
  const appEnv = {
    ...env,
    ...endpointsToEnv(services.endpoints),
    ...(env.SESSION_SECRET ? {} : await devSecrets()),
    // Embedded services mean a development setup; production runs use real servers (docker compose).
    NODE_ENV: env.NODE_ENV ?? 'development',
    API_PORT: String(apiPort),
    PUBLIC_URL: publicUrl,
    MAIL_DIR: env.MAIL_DIR ?? path.join(dataDir, 'mail'),
  };

  const api = supervise('API', () =>
    dev
      ? spawn(path.join(root, 'node_modules/.bin/tsx'), ['watch', 'src/server.ts'], {
          cwd: path.join(root, 'apps/api'),
          env: appEnv,
          stdio: 'inherit',
        })
      : spawn(process.execPath, ['--enable-source-maps', 'dist/server.js'], {
          cwd: path.join(root, 'apps/api'),
          env: appEnv,
          stdio: 'inherit',
        }),
  );
  await waitUntilUp(`http://127.0.0.1:${apiPort}/api/v1/health`, 'API', { process: api.current() });

  const web = supervise('Web app', () =>
    spawn(process.execPath, ['server.mjs', ...(dev ? ['--dev'] : [])], {
      cwd: path.join(root, 'apps/web'),
      env: {
        ...appEnv,
        PORT: String(webPort),
        API_URL: `http://127.0.0.1:${apiPort}`,
        NODE_ENV: dev ? 'development' : 'production',
      },
      stdio: 'inherit',
    }),
  );
  await waitUntilUp(`http://127.0.0.1:${webPort}/`, 'Web app', { process: web.current() });

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`
  Malle is running (ready in ${seconds} s):
    Site         ${publicUrl}
    API health   ${publicUrl}/api/v1/health
    API docs     ${publicUrl}/api/v1/docs/
    Demo account ${DEMO_ACCOUNT.email} / ${DEMO_ACCOUNT.password}
    Mails        written to ${appEnv.MAIL_DIR} (no SMTP_URL)
  Press Ctrl-C to stop.
`);
} catch (error) {
  if (error instanceof PortInUseError) console.error(`\n${error.message}\n`);
  else console.error(error instanceof Error ? `\n${error.message}\n` : error);
  await shutdown(1);
}
