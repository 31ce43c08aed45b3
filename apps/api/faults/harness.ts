/**
 * A whole Malle for fault injection (ADR 014): its own PostgreSQL, Meilisearch and S3 processes
 * (never the ones other tests share), the built API (`dist/server.js`), worker and web server as
 * real processes, and the means to stop, freeze (SIGSTOP), thaw and restart each of them.
 * Used by the fault tests (`faults/*.test.ts`) and by `bench/outages.ts`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { migrateDatabaseAt } from '@malle/migrations';
import {
  findFreePort,
  startMeilisearch,
  startPostgres,
  startS3,
  waitUntilUp,
  type StartedMeilisearch,
  type StartedPostgres,
} from '@malle/services';
import pg from 'pg';

const apiDir = path.resolve(import.meta.dirname, '..');
const webDir = path.resolve(apiDir, '../web');

export type ServiceName = 'postgres' | 'meilisearch' | 's3';

/** Every process descending from `pid` (PostgreSQL's backends are children of the postmaster). */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces: fields after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    out.push(p);
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return out;
}

function signalTree(pid: number, signal: NodeJS.Signals) {
  for (const p of processTree(pid)) {
    try {
      process.kill(p, signal);
    } catch {
      // Gone already.
    }
  }
}

export interface AppProcess {
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code (or signal) once the process ends. */
  exited: Promise<number | string>;
  logs: string[];
}

export interface Stack {
  dataDir: string;
  databaseUrl: string;
  s3: { endpoint: string; bucket: string; accessKeyId: string; secretAccessKey: string };
  env: Record<string, string>;
  apis: AppProcess[];
  worker: AppProcess | null;
  web: AppProcess | null;
  /** A direct connection for the test's own checks (not the app's). */
  sql: pg.Pool;
  stopService(name: ServiceName): Promise<void>;
  startService(name: ServiceName): Promise<void>;
  freeze(name: ServiceName): void;
  thaw(name: ServiceName): void;
  /** Starts another API process (or the one at `index` again) with extra environment. */
  startApi(index?: number, env?: Record<string, string>): Promise<AppProcess>;
  startWorker(env?: Record<string, string>): Promise<AppProcess>;
  stop(): Promise<void>;
}

export interface StackOptions {
  apis?: number;
  worker?: boolean;
  web?: boolean;
  /** Environment for every app process (e.g. JOBS_ENABLED=false). */
  env?: Record<string, string>;
  log?: (line: string) => void;
}

function track(child: ChildProcess, url: string, log?: (line: string) => void): AppProcess {
  const logs: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      logs.push(line);
      if (logs.length > 2000) logs.shift();
      log?.(line);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return { url, child, exited, logs };
}

async function stopProcess(p: AppProcess | null, signal: NodeJS.Signals = 'SIGTERM') {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill(signal);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 12_000);
  await p.exited;
  clearTimeout(timer);
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'malle-faults-'));
  const ports = { postgres: await findFreePort(), meilisearch: await findFreePort(), s3: await findFreePort() };
  const masterKey = randomBytes(24).toString('base64url');
  const bucket = 'malle';
  const quiet = () => undefined;
  const postgres: StartedPostgres = await startPostgres({
    dir: path.join(dataDir, 'postgres'),
    port: ports.postgres,
    password: randomBytes(18).toString('base64url'),
    log: quiet,
  });
  const meilisearch: StartedMeilisearch = await startMeilisearch({
    dir: path.join(dataDir, 'meilisearch'),
    port: ports.meilisearch,
    masterKey,
    log: quiet,
  });
  let s3 = await startS3({ dir: path.join(dataDir, 's3'), port: ports.s3, buckets: [bucket] });
  await migrateDatabaseAt(postgres.url);

  const s3Endpoint = {
    endpoint: s3.url,
    bucket,
    accessKeyId: s3.credentials.accessKeyId,
    secretAccessKey: s3.credentials.secretAccessKey,
  };
  const baseEnv: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'test',
    DATABASE_URL: postgres.url,
    MEILI_URL: meilisearch.url,
    MEILI_MASTER_KEY: masterKey,
    S3_ENDPOINT: s3.url,
    S3_REGION: 'us-east-1',
    S3_BUCKET: bucket,
    S3_ACCESS_KEY_ID: s3.credentials.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
    MAIL_DIR: path.join(dataDir, 'mail'),
    LOG_LEVEL: 'warn',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...options.env,
  };
  const apiPorts: number[] = [];
  const apis: AppProcess[] = [];

  async function startApi(index = apis.length, env: Record<string, string> = {}): Promise<AppProcess> {
    apiPorts[index] ??= await findFreePort();
    const port = apiPorts[index];
    const child = spawn(process.execPath, ['dist/server.js'], {
      cwd: apiDir,
      env: { ...baseEnv, API_PORT: String(port), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const app = track(child, `http://127.0.0.1:${port}`, options.log);
    await waitUntilUp(`${app.url}/api/v1/health`, `API ${index}`, { process: child, timeoutMs: 60_000 });
    apis[index] = app;
    return app;
  }

  let worker: AppProcess | null = null;
  async function startWorker(env: Record<string, string> = {}): Promise<AppProcess> {
    const child = spawn(process.execPath, ['dist/worker.js'], {
      cwd: apiDir,
      env: { ...baseEnv, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker = track(child, '', options.log);
    // Ready once it has registered its job workers.
    const deadline = Date.now() + 30_000;
    const sql = new pg.Client({ connectionString: postgres.url });
    await sql.connect();
    try {
      for (;;) {
        const { rows } = await sql.query<{ n: number }>('select count(*)::int as n from job_workers where process like $1', [
          `%:${child.pid}`,
        ]);
        if (rows[0]!.n > 0) break;
        if (child.exitCode !== null) throw new Error(`worker exited: ${worker.logs.slice(-5).join('\n')}`);
        if (Date.now() > deadline) throw new Error('worker did not start within 30 s');
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await sql.end();
    }
    return worker;
  }

  for (let i = 0; i < (options.apis ?? 1); i++) await startApi(i);
  if (options.worker) await startWorker();

  let web: AppProcess | null = null;
  if (options.web) {
    const port = await findFreePort();
    const child = spawn(process.execPath, ['server.mjs'], {
      cwd: webDir,
      env: {
        ...baseEnv,
        NODE_ENV: 'production',
        PORT: String(port),
        PUBLIC_URL: `http://localhost:${port}`,
        API_URL: apis.map((a) => a.url).join(','),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    web = track(child, `http://127.0.0.1:${port}`, options.log);
    await waitUntilUp(`${web.url}/`, 'web', { process: child, timeoutMs: 60_000 });
  }

  const sql = new pg.Pool({ connectionString: postgres.url, max: 3, connectionTimeoutMillis: 2000 });
  sql.on('error', () => undefined);

  const pidOf = (name: ServiceName) =>
    name === 'postgres' ? postgres.pid() : name === 'meilisearch' ? meilisearch.pid() : s3.pid;

  return {
    dataDir,
    databaseUrl: postgres.url,
    s3: s3Endpoint,
    env: baseEnv,
    apis,
    get worker() {
      return worker;
    },
    web,
    sql,
    async stopService(name) {
      if (name === 'postgres') await postgres.stop();
      else if (name === 'meilisearch') await meilisearch.stop();
      else await s3.stop();
    },
    async startService(name) {
      if (name === 'postgres') await postgres.start();
      else if (name === 'meilisearch') await meilisearch.start();
      else s3 = await startS3({ dir: path.join(dataDir, 's3'), port: ports.s3, buckets: [bucket] });
    },
    freeze(name) {
      const pid = pidOf(name);
      if (pid) signalTree(pid, 'SIGSTOP');
    },
    thaw(name) {
      const pid = pidOf(name);
      if (pid) signalTree(pid, 'SIGCONT');
    },
    startApi,
    startWorker,
    async stop() {
      for (const name of ['postgres', 'meilisearch', 's3'] as const) {
        const pid = pidOf(name);
        if (pid) signalTree(pid, 'SIGCONT');
      }
      await Promise.all([stopProcess(web), stopProcess(worker), ...apis.map((a) => stopProcess(a))]);
      await sql.end().catch(() => undefined);
      await s3.stop();
      await meilisearch.stop();
      await postgres.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A person of the stack, with their session cookie and CSRF token, talking to one base URL. */
export interface Person {
  email: string;
  cookie: string;
  csrf: string;
}

export interface Answer {
  status: number;
  body: unknown;
  ms: number;
  code?: string;
  headers?: Headers;
}

/** One HTTP call with a deadline, never throwing: network failures answer status 0. */
export async function call(
  base: string,
  method: string,
  url: string,
  options: { person?: Person; json?: unknown; headers?: Record<string, string>; body?: Buffer; timeoutMs?: number } = {},
): Promise<Answer> {
  const started = performance.now();
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.person) {
    headers.cookie = options.person.cookie;
    headers['x-csrf-token'] = options.person.csrf;
  }
  let body: string | Blob | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.body) {
    headers['content-type'] = 'application/octet-stream';
    body = new Blob([new Uint8Array(options.body)]);
  }
  try {
    const res = await fetch(`${base}${url}`, {
      method,
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON (a page, a file).
    }
    const code = (parsed as { error?: { code?: string } } | null)?.error?.code;
    return { status: res.status, body: parsed, ms: performance.now() - started, headers: res.headers, ...(code ? { code } : {}) };
  } catch (error) {
    return { status: 0, body: String(error), ms: performance.now() - started };
  }
}

const PASSWORD = 'caravane-lumineuse-brouette-73';

export async function signUp(base: string, name = 'Camille'): Promise<Person> {
  const email = `${name.toLowerCase()}.${randomBytes(4).toString('hex')}@exemple.fr`;
  const res = await fetch(`${base}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD, displayName: name }),
  });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const me = (await res.json()) as { user: { csrfToken: string } };
  return { email, cookie, csrf: me.user.csrfToken };
}

/** A published public sheet with a word nobody else uses in its title. */
export async function publishSheet(base: string, person: Person, word: string, visibility = 'public'): Promise<string> {
  const created = await call(base, 'POST', '/api/v1/sheets', { person, json: { title: `Atelier ${word}`, baseSlug: null } });
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
  const slug = (created.body as { slug: string }).slug;
  const draft = await call(base, 'GET', `/api/v1/sheets/${slug}/draft`, { person });
  const revision = (draft.body as { revision: number }).revision;
  const saved = await call(base, 'PUT', `/api/v1/sheets/${slug}/draft`, {
    person,
    json: {
      revision,
      title: `Atelier ${word}`,
      summary: `Une fiche sur ${word}.`,
      body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: `Le mot ${word}.` }] }] },
      indexing: { themes: ['risques-cyber'], resourceTypes: ['ressource-pedagogique'], sectors: ['aidants-mediateurs'] },
      licence: 'etalab-2.0',
    },
  });
  if (saved.status !== 200) throw new Error(`save failed: ${saved.status} ${JSON.stringify(saved.body)}`);
  const published = await call(base, 'POST', `/api/v1/sheets/${slug}/publish`, {
    person,
    json: { changeNote: 'Première version', visibility },
  });
  if (published.status !== 201 && published.status !== 200)
    throw new Error(`publish failed: ${published.status} ${JSON.stringify(published.body)}`);
  return slug;
}

/** Slugs of the sheets an anonymous search for `q` finds, or the failed answer. */
export async function anonymousSearch(
  base: string,
  q: string,
): Promise<{ status: number; slugs: string[]; ms: number; code?: string }> {
  const res = await call(base, 'GET', `/api/v1/search?q=${encodeURIComponent(q)}&type=sheets`, { timeoutMs: 20_000 });
  const hits = (res.body as { hits?: Array<{ slug?: string }> } | null)?.hits ?? [];
  return {
    status: res.status,
    slugs: hits.flatMap((h) => (h.slug ? [h.slug] : [])),
    ms: res.ms,
    ...(res.code ? { code: res.code } : {}),
  };
}

/** Polls `check` every `everyMs` until it returns true; resolves with the time it took, or throws. */
export async function until(
  check: () => Promise<boolean>,
  options: { timeoutMs: number; everyMs?: number; what: string },
): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await check()) return performance.now() - started;
    if (performance.now() - started > options.timeoutMs) throw new Error(`${options.what}: not within ${options.timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, options.everyMs ?? 100));
  }
}
