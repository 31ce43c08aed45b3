/**
 * `npm run bench:embed [-- --duration 8 --items 20]`: what a partner's page pays for a Malle embed,
 * and how embed pages hold up under a burst of partner traffic. Starts its own PostgreSQL,
 * Meilisearch and S3 (temporary folder), two API processes on the same database (one with the
 * public cache, one without: PUBLIC_CACHE_MAX_ENTRIES=0), and a public collection of N sheets.
 *
 * Prints, side by side:
 * - sizes: embed.js and the embed page, compressed as served (brotli and gzip), against the
 *   reference lightweight embed lite-youtube-embed (its JS + CSS from npm, compressed the same way);
 * - in Chromium: the requests the embed makes from a partner page on another origin, and cookies;
 * - autocannon on /embed/collections/:id, with and without the cache, at 10 and 200 connections:
 *   open loop at a fixed total rate (`--load`, a share of the saturation throughput measured at 10
 *   connections), where p99(200) / p99(10) shows whether many concurrent clients degrade latency,
 *   then closed loop (each connection sends again as soon as it has an answer: saturation);
 * - PostgreSQL transactions per 1000 embed requests (the cache's promise: barely any).
 * A benchmark, not a test: numbers depend on the machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import pg from 'pg';
import { migrateDatabaseAt } from '../migrations/src/index.ts';
import { endpointsToEnv, findFreePort, startServices, waitUntilUp } from '../packages/services/src/index.ts';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '8' },
    items: { type: 'string', default: '20' },
    /** The fixed rate of the open-loop runs, as a share of the saturation throughput. */
    load: { type: 'string', default: '0.25' },
  },
});
const LOAD = Number(args.load);
/** Lets the server finish what a run left queued before the next one starts. */
const pause = () => new Promise((r) => setTimeout(r, 2000));
const DURATION = Number(args.duration);
const ITEMS = Number(args.items);
const root = path.resolve(import.meta.dirname, '..');
const log = (m: string) => console.log(`› ${m}`);
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'malle-bench-embed-'));
const ports = { postgres: await findFreePort(), meilisearch: await findFreePort(), s3: await findFreePort() };
log(`starting PostgreSQL, Meilisearch and S3 in ${dataDir}`);
const services = await startServices({ dataDir, ports, env: {}, log: () => undefined });
const apis: ChildProcess[] = [];

async function startApi(cache: boolean): Promise<string> {
  const port = await findFreePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/server.ts'], {
    cwd: root,
    env: {
      ...process.env,
      ...endpointsToEnv(services.endpoints),
      NODE_ENV: 'production',
      SESSION_SECRET: 'bench-embed-session-secret-0123456789abcdef',
      SMTP_URL: 'smtp://127.0.0.1:1',
      API_PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
      // One client address plays every partner visitor here.
      RATE_LIMIT_GLOBAL_MAX: '100000000',
      RATE_LIMIT_AUTH_MAX: '100000',
      EMBED_RATE_LIMIT_MAX: '100000000',
      PUBLIC_CACHE_MAX_ENTRIES: cache ? '5000' : '0',
      JOBS_ENABLED: 'false',
      SEARCH_RELAY: cache ? 'true' : 'false',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  apis.push(child);
  const url = `http://127.0.0.1:${port}`;
  await waitUntilUp(`${url}/api/v1/health`, 'API', { process: child });
  return url;
}

async function cleanup() {
  for (const child of apis) {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  }
  await services.stop();
  await rm(dataDir, { recursive: true, force: true });
}

/** A person signed up through the API, and a caller with their session. */
async function signUp(apiUrl: string) {
  const res = await fetch(`${apiUrl}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `bench.${randomBytes(4).toString('hex')}@exemple.fr`,
      password: 'hibou-parapluie-confiture-73',
      displayName: 'Centre social des Tilleuls',
    }),
  });
  if (res.status !== 201) throw new Error(`sign-up: ${res.status} ${await res.text()}`);
  const { user } = (await res.json()) as { user: { csrfToken: string } };
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('malle_session='))!
    .split(';')[0]!;
  return async <T>(method: string, pathname: string, json?: unknown): Promise<T> => {
    const answer = await fetch(`${apiUrl}${pathname}`, {
      method,
      headers: { cookie, 'x-csrf-token': user.csrfToken, 'content-type': 'application/json', origin: apiUrl },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    const text = await answer.text();
    if (!answer.ok) throw new Error(`${method} ${pathname}: ${answer.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
}

const THEMES = ['maitrise-outils', 'risques-cyber', 'demarches-administratives', 'navigation-internet'];

async function dbTransactions(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: string }>(
    'select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()',
  );
  return Number(rows[0]!.n);
}

interface Run {
  label: string;
  p50: number;
  p99: number;
  rps: number;
  errors: number;
  requests: number;
}

async function load(url: string, connections: number, overallRate?: number): Promise<Run> {
  const result = await autocannon({
    url,
    connections,
    duration: DURATION,
    ...(overallRate ? { overallRate } : {}),
    headers: { referer: 'https://www.mairie-exemple.fr/ateliers', 'accept-encoding': 'br, gzip' },
  });
  return {
    label: `${connections} clients${overallRate ? ` at ${overallRate} req/s` : ', closed loop'}`,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: Math.round(result.requests.average),
    errors: result.errors + result.timeouts + result.non2xx,
    requests: result.requests.total,
  };
}

const brotli = (b: Buffer) =>
  brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: b.length } }).length;
const gzip = (b: Buffer) => gzipSync(b, { level: 9 }).length;

async function compressedSize(url: string, encoding: 'br' | 'gzip'): Promise<number> {
  const res = await fetch(url, { headers: { 'accept-encoding': encoding } });
  // fetch decodes the body; the bytes on the wire are the Content-Length of the encoded answer.
  const length = Number(res.headers.get('content-length'));
  const decoded = Buffer.from(await res.arrayBuffer());
  if (res.headers.get('content-encoding') !== encoding) throw new Error(`${url} was not served with ${encoding}`);
  return length || (encoding === 'br' ? brotli(decoded) : gzip(decoded));
}

try {
  await migrateDatabaseAt(services.endpoints.databaseUrl);
  const cached = await startApi(true);
  const uncached = await startApi(false);

  log(`creating a public collection of ${ITEMS} sheets`);
  const call = await signUp(cached);
  const collection = await call<{ id: string }>('POST', '/api/v1/collections', {
    title: 'Premiers pas numériques',
    description: 'Les fiches de nos ateliers pour débuter : messagerie, démarches, sécurité.',
    visibility: 'public',
    baseSlug: null,
  });
  for (let i = 0; i < ITEMS; i++) {
    const title = `Atelier ${i + 1} : ${['créer une adresse e-mail', 'repérer un faux message', 'prendre rendez-vous en ligne', 'sécuriser son téléphone'][i % 4]}`;
    const { slug } = await call<{ slug: string }>('POST', '/api/v1/sheets', { title, baseSlug: null });
    const draft = await call<{ revision: number }>('GET', `/api/v1/sheets/${slug}/draft`);
    await call('PUT', `/api/v1/sheets/${slug}/draft`, {
      revision: draft.revision,
      title,
      summary: `Un atelier d’une heure pour des débutants : objectifs, déroulé en trois temps et exercices pratiques (${i + 1}).`,
      body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Déroulé.' }] }] },
      indexing: {
        themes: [THEMES[i % 4]],
        resourceTypes: ['ressource-pedagogique'],
        sectors: ['aidants-mediateurs'],
        audiences: ['seniors'],
      },
      licence: 'etalab-2.0',
    });
    await call('POST', `/api/v1/sheets/${slug}/publish`, { changeNote: '', visibility: 'public' });
    await call('POST', `/api/v1/collections/${collection.id}/items`, {
      sheetSlug: slug,
      note: i % 3 ? '' : 'À faire en premier.',
    });
  }
  const embedPath = `/embed/collections/${collection.id}?recherche=1`;

  // ---------------------------------------------------------------------------------------------
  // Sizes
  const lite = path.join(root, 'node_modules/lite-youtube-embed/src');
  const liteBytes = Buffer.concat([
    await readFile(path.join(lite, 'lite-yt-embed.js')),
    await readFile(path.join(lite, 'lite-yt-embed.css')),
  ]);
  const sizes = {
    script: { br: await compressedSize(`${cached}/embed.js`, 'br'), gzip: await compressedSize(`${cached}/embed.js`, 'gzip') },
    page: {
      br: await compressedSize(`${cached}${embedPath}`, 'br'),
      gzip: await compressedSize(`${cached}${embedPath}`, 'gzip'),
    },
    lite: { br: brotli(liteBytes), gzip: gzip(liteBytes) },
  };

  // ---------------------------------------------------------------------------------------------
  // Requests and cookies, in Chromium, from a partner page on another origin
  let requests: string[] | null = null;
  let cookies: number | null = null;
  try {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox'],
    });
    const partner = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><html lang="fr"><title>Partenaire</title><h1>Nos ateliers</h1><script src="${cached}/embed.js" data-collection="${collection.id}" data-recherche="1" async></script>`,
      );
    });
    await new Promise<void>((r) => partner.listen(0, 'localhost', r));
    const page = await (await browser.newContext()).newPage();
    const seen: string[] = [];
    page.on('request', (r) => seen.push(r.url()));
    await page.goto(`http://localhost:${(partner.address() as AddressInfo).port}/`);
    await page.frameLocator('iframe').locator('.card').first().waitFor();
    await page.waitForTimeout(500);
    requests = seen.filter((u) => u.startsWith(cached));
    cookies = (await page.context().cookies()).length;
    await browser.close();
    partner.close();
  } catch (error) {
    log(`Chromium not available, request count skipped (${(error as Error).message.split('\n')[0]})`);
  }

  // ---------------------------------------------------------------------------------------------
  // Load
  const db = new pg.Client({ connectionString: services.endpoints.databaseUrl });
  await db.connect();
  const results: Record<string, Run[]> = {};
  const transactions: Record<string, number> = {};
  for (const [mode, base] of [
    ['with cache', cached],
    ['without cache', uncached],
  ] as const) {
    const url = `${base}${embedPath}`;
    log(`load ${mode}: warm-up and saturation throughput at 10 connections`);
    const warm = await load(url, 10);
    await pause();
    const before = await dbTransactions(db);
    // Open loop first, so that no backlog from a saturated run is still being served.
    const rate = Math.max(10, Math.round(warm.rps * LOAD));
    log(`load ${mode}: open loop at ${rate} req/s (${LOAD * 100} % of saturation), 10 then 200 connections, ${DURATION} s each`);
    const runs: Run[] = [];
    for (const connections of [10, 200]) {
      runs.push(await load(url, connections, rate));
      await pause();
    }
    log(`load ${mode}: closed loop, 10 then 200 connections`);
    for (const connections of [10, 200]) {
      runs.push(await load(url, connections));
      await pause();
    }
    const total = runs.reduce((sum, r) => sum + r.requests, 0);
    transactions[mode] = ((await dbTransactions(db)) - before) / (total / 1000);
    results[mode] = runs;
  }
  await db.end();

  // ---------------------------------------------------------------------------------------------
  // Report
  const firstLoad = sizes.script.br + sizes.page.br;
  console.log('\n## Weight on the partner page (compressed as served)\n');
  console.log('| | brotli | gzip |');
  console.log('|---|---|---|');
  console.log(`| embed.js | ${kB(sizes.script.br)} | ${kB(sizes.script.gzip)} |`);
  console.log(`| embed page (${ITEMS} sheets, search on) | ${kB(sizes.page.br)} | ${kB(sizes.page.gzip)} |`);
  console.log(`| **embed.js + first response** | **${kB(firstLoad)}** | **${kB(sizes.script.gzip + sizes.page.gzip)}** |`);
  console.log(`| lite-youtube-embed JS + CSS (reference) | ${kB(sizes.lite.br)} | ${kB(sizes.lite.gzip)} |`);
  console.log(
    `\nRatio ours / reference (gzip): ${((sizes.script.gzip + sizes.page.gzip) / sizes.lite.gzip).toFixed(2)}; target ≤ 13 kB: ${
      sizes.script.gzip + sizes.page.gzip <= 13_000 ? 'met' : 'MISSED'
    }`,
  );
  if (requests)
    console.log(
      `Requests to Malle from the partner page: ${requests.length} (${requests.map((u) => new URL(u).pathname).join(', ')}); target ≤ 3: ${
        requests.length <= 3 ? 'met' : 'MISSED'
      }. Cookies: ${cookies}.`,
    );

  console.log(`\n## /embed/collections/:id under load (${DURATION} s per run)\n`);
  console.log('| mode | clients | p50 | p99 | req/s | errors |');
  console.log('|---|---|---|---|---|---|');
  for (const [mode, runs] of Object.entries(results))
    for (const r of runs) console.log(`| ${mode} | ${r.label} | ${r.p50} ms | ${r.p99} ms | ${r.rps} | ${r.errors} |`);
  console.log('');
  for (const [mode, runs] of Object.entries(results)) {
    const [open10, open200, closed10, closed200] = runs as [Run, Run, Run, Run];
    const ratio = (a: Run, b: Run) => (b.p99 / Math.max(a.p99, 1)).toFixed(2);
    const errors = runs.reduce((sum, r) => sum + r.errors, 0);
    console.log(
      `${mode}: p99(200)/p99(10) = ${ratio(open10, open200)} at a fixed rate (target ≤ 3: ${
        open200.p99 <= 3 * Math.max(open10.p99, 1) ? 'met' : 'MISSED'
      }), ${ratio(closed10, closed200)} in closed loop (saturation: latency grows with the queue, as Little's law says); ` +
        `errors ${errors}; PostgreSQL transactions per 1000 requests: ${transactions[mode]!.toFixed(1)}`,
    );
  }
  console.log(
    `\nCache speed-up (closed loop, 200 clients): throughput ×${(results['with cache']![3]!.rps / Math.max(1, results['without cache']![3]!.rps)).toFixed(1)}`,
  );
} finally {
  await cleanup();
}
