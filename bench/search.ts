/**
 * `npm run bench:search [-- --sheets 100000 --queries 2000]`: builds a deterministic French corpus,
 * loads it into PostgreSQL and Meilisearch (embedded, in a temporary folder), then replays one
 * query log against our /api/v1/search, a PostgreSQL full-text baseline and a trigram baseline.
 * Prints latencies (concurrency 1 and 8), ratios, typo recall, publish → searchable delays, the
 * rebuild time and Meilisearch's footprint. A benchmark, not a test: numbers depend on the machine.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { migrateDatabaseAt } from '../migrations/src/index.ts';
import { endpointsToEnv, findFreePort, startServices, waitUntilUp } from '../packages/services/src/index.ts';
import { createDatabase } from '../apps/api/src/lib/db.ts';
import { createSearch } from '../apps/api/src/lib/search.ts';
import { INDEXES } from '../apps/api/src/modules/search/documents.ts';
import { rebuild } from '../apps/api/src/modules/search/sync.ts';
import { makeQueries, makeSheet, rng, type BenchQuery, type FILTER_KEYS, type SheetSeed } from './corpus.ts';

const { values: args } = parseArgs({
  options: {
    sheets: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '2000' },
    publishes: { type: 'string', default: '20' },
    keep: { type: 'boolean', default: false },
  },
});
const SHEETS = Number(args.sheets);
const QUERIES = Number(args.queries);
const PUBLISHES = Number(args.publishes);
const BASES = Math.max(10, Math.round(SHEETS / 100));
const PEOPLE = Math.max(20, Math.round(SHEETS / 30));
const root = path.resolve(import.meta.dirname, '..');
const log = (m: string) => console.log(`› ${m}`);

// ---------------------------------------------------------------------------------------------
// Services and corpus

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'malle-bench-'));
const ports = { postgres: await findFreePort(), meilisearch: await findFreePort(), s3: await findFreePort() };
log(`starting PostgreSQL, Meilisearch and S3 in ${dataDir}`);
const services = await startServices({ dataDir, ports, env: {}, log: () => undefined });
let api: ChildProcess | null = null;

async function cleanup() {
  if (api && api.exitCode === null) {
    const exited = new Promise((r) => api!.once('exit', r));
    api.kill('SIGTERM');
    await exited;
  }
  await services.stop();
  if (!args.keep) await rm(dataDir, { recursive: true, force: true });
}

try {
  await migrateDatabaseAt(services.endpoints.databaseUrl);
  const db = createDatabase({ url: services.endpoints.databaseUrl, poolMax: 10 });
  const prefix = 'bench_';
  const search = createSearch({
    url: services.endpoints.meiliUrl,
    masterKey: services.endpoints.meiliMasterKey,
    indexPrefix: prefix,
  });
  const r = rng(20261123);

  log(`generating ${PEOPLE} people, ${BASES} bases, ${SHEETS} sheets`);
  const userIds: string[] = [];
  for (let i = 0; i < PEOPLE; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, PEOPLE - i) }, (_, k) => ({
      email: `personne${i + k}@bench.malle.local`,
      password_hash: 'bench-no-login',
      display_name: `Médiateur ${i + k}`,
      profile_public: (i + k) % 2 === 0,
    }));
    userIds.push(...(await db.insertInto('users').values(rows).returning('id').execute()).map((u) => u.id));
  }
  const baseIds: string[] = [];
  const baseRows = Array.from({ length: BASES }, (_, i) => ({
    slug: `base-${i}`,
    name: `${r.pick(['Espace numérique', 'Médiathèque', 'France Services', 'Tiers-lieu', 'Centre social'])} ${i}`,
    description: 'Une équipe de médiation numérique.',
    is_public: i % 20 !== 0,
    created_by: userIds[i % userIds.length]!,
  }));
  for (let i = 0; i < baseRows.length; i += 1000)
    baseIds.push(
      ...(
        await db
          .insertInto('bases')
          .values(baseRows.slice(i, i + 1000))
          .returning('id')
          .execute()
      ).map((b) => b.id),
    );
  // Each person belongs to one or two bases.
  const memberships = new Map<string, string>();
  for (let u = 0; u < userIds.length; u++) {
    memberships.set(`${baseIds[u % baseIds.length]}:${userIds[u]}`, 'admin');
    if (u % 3 === 0) memberships.set(`${baseIds[(u * 7) % baseIds.length]}:${userIds[u]}`, 'contributor');
  }
  const memberRows = [...memberships].map(([key, role]) => {
    const [base_id, user_id] = key.split(':') as [string, string];
    return { base_id, user_id, role };
  });
  for (let i = 0; i < memberRows.length; i += 2000)
    await db
      .insertInto('base_members')
      .values(memberRows.slice(i, i + 2000))
      .execute();

  const seeds: SheetSeed[] = [];
  const started = performance.now();
  for (let i = 0; i < SHEETS; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, SHEETS - i) }, (_, k) => makeSheet(r, i + k, BASES, PEOPLE));
    seeds.push(...batch);
    const body = (s: SheetSeed) =>
      JSON.stringify({
        type: 'doc',
        content: [
          { type: 'paragraph', content: [{ type: 'text', text: s.bodyText }] },
          ...(s.hasQuiz ? [{ type: 'quiz', attrs: { questions: [] } }] : []),
        ],
      });
    const inserted = await db
      .insertInto('sheets')
      .values(
        batch.map((s, k) => ({
          slug: `fiche-${i + k}`,
          owner_base_id: s.base === null ? null : baseIds[s.base]!,
          owner_user_id: s.base === null ? userIds[s.owner]! : null,
          created_by: userIds[s.owner]!,
          visibility: s.visibility,
          title: s.title,
          summary: s.summary,
          body: body(s),
          indexing: JSON.stringify(s.indexing),
          licence: s.licence,
          latest_version: 1,
          created_at: s.createdAt,
        })),
      )
      .returning('id')
      .execute();
    await db
      .insertInto('sheet_versions')
      .values(
        batch.map((s, k) => ({
          sheet_id: inserted[k]!.id,
          number: 1,
          title: s.title,
          summary: s.summary,
          body: body(s),
          body_html: `<p>${s.bodyText}</p>`,
          body_text: s.bodyText,
          indexing: JSON.stringify(s.indexing),
          licence: s.licence,
          author_name: 'Bench',
          created_at: s.createdAt,
        })),
      )
      .execute();
  }
  log(`corpus loaded into PostgreSQL in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  // -------------------------------------------------------------------------------------------
  // Indexes: a full rebuild is our loading path.
  log('building the Meilisearch indexes (full rebuild)');
  const rebuildStarted = performance.now();
  const rebuilt = await rebuild(db, search);
  const rebuildSeconds = (performance.now() - rebuildStarted) / 1000;
  log(`rebuild: ${rebuilt.map((x) => `${x.index} ${x.documents} docs ${(x.ms / 1000).toFixed(1)} s`).join(', ')}`);

  // Baselines: the same rows (built by the same document builder) in a table of their own.
  log('building the PostgreSQL baselines (tsvector french+unaccent, pg_trgm)');
  await sql`create extension if not exists unaccent`.execute(db);
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create text search configuration bench_fr (copy = french)`.execute(db);
  await sql`alter text search configuration bench_fr alter mapping for hword, hword_part, word with unaccent, french_stem`.execute(
    db,
  );
  await sql`create function bench_unaccent(text) returns text language sql immutable parallel safe as $$ select public.unaccent('public.unaccent', lower($1)) $$`.execute(
    db,
  );
  await sql`create table bench_sheets (
    id text primary key, title text, summary text, labels text, body text,
    themes text[], theme_groups text[], resource_types text[], audiences text[], sectors text[],
    durations text[], levels text[], formats text[], competences text[], licence text, has_quiz boolean,
    readers text[], published_at bigint, tsv tsvector, trgm text)`.execute(db);
  for (let after: string | null = null; ;) {
    const docs = await INDEXES.sheets.page(db, after, 2000);
    if (!docs.length) break;
    after = docs[docs.length - 1]!.id;
    const arr = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);
    await db
      .insertInto('bench_sheets' as never)
      .values(
        docs.map((d) => ({
          id: d.id,
          title: d.title,
          summary: d.summary,
          labels: arr(d.indexingLabels).join(' '),
          body: d.bodyText,
          themes: arr(d.themes),
          theme_groups: arr(d.themeGroups),
          resource_types: arr(d.resourceTypes),
          audiences: arr(d.audiences),
          sectors: arr(d.sectors),
          durations: arr(d.durations),
          levels: arr(d.levels),
          formats: arr(d.formats),
          competences: arr(d.competences),
          licence: d.licence,
          has_quiz: d.hasQuiz,
          readers: d.readers,
          published_at: d.publishedAt,
        })),
      )
      .execute();
  }
  await sql`update bench_sheets set
    tsv = setweight(to_tsvector('bench_fr', title), 'A') || setweight(to_tsvector('bench_fr', summary), 'B')
       || setweight(to_tsvector('bench_fr', labels), 'C') || setweight(to_tsvector('bench_fr', body), 'D'),
    trgm = bench_unaccent(title || ' ' || summary)`.execute(db);
  for (const stmt of [
    'create index on bench_sheets using gin (tsv)',
    'create index on bench_sheets using gin (trgm gin_trgm_ops)',
    'create index on bench_sheets using gin (readers)',
    'create index on bench_sheets using gin (themes)',
    'create index on bench_sheets using gin (audiences)',
    'vacuum analyze bench_sheets',
  ])
    await sql.raw(stmt).execute(db);

  // -------------------------------------------------------------------------------------------
  // The API, as in production (its own process, with the outbox relay).
  const apiPort = await findFreePort();
  const env = {
    ...process.env,
    ...endpointsToEnv(services.endpoints),
    NODE_ENV: 'production',
    SESSION_SECRET: randomBytes(24).toString('base64url'),
    SMTP_URL: 'smtp://127.0.0.1:1',
    MEILI_INDEX_PREFIX: prefix,
    API_PORT: String(apiPort),
    LOG_LEVEL: 'warn',
    RATE_LIMIT_GLOBAL_MAX: '10000000',
    RATE_LIMIT_AUTH_MAX: '100000',
    DATABASE_POOL_MAX: '10',
  };
  api = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/server.ts'], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  await waitUntilUp(`${apiUrl}/api/v1/health`, 'API', { process: api });

  // Sessions for signed-in viewers (members of their bases).
  const cookies = new Map<number, string>();
  async function cookieOf(person: number): Promise<string> {
    let cookie = cookies.get(person);
    if (!cookie) {
      const token = randomBytes(32).toString('base64url');
      await db
        .insertInto('sessions')
        .values({
          token_hash: createHash('sha256').update(token).digest(),
          user_id: userIds[person]!,
          expires_at: new Date(Date.now() + 86_400_000),
        })
        .execute();
      cookie = `malle_session=${token}`;
      cookies.set(person, cookie);
    }
    return cookie;
  }
  const readersOf = new Map<number, string[]>();
  async function readers(person: number | null): Promise<string[]> {
    if (person === null) return ['public'];
    let set = readersOf.get(person);
    if (!set) {
      const rows = await db.selectFrom('base_members').select('base_id').where('user_id', '=', userIds[person]!).execute();
      set = ['public', `user:${userIds[person]}`, ...rows.map((row) => `base:${row.base_id}`)];
      readersOf.set(person, set);
    }
    return set;
  }

  const queries = makeQueries(r, seeds, QUERIES, PEOPLE);
  for (const q of queries) if (q.viewer !== null) await cookieOf(q.viewer);

  // -------------------------------------------------------------------------------------------
  // The three engines, as functions returning the ids of the first 10 hits.
  const serverMs: number[] = [];
  async function ours(q: BenchQuery, text = q.q): Promise<string[]> {
    const params = new URLSearchParams({ type: 'sheets', q: text, pageSize: '20' });
    for (const [key, values] of Object.entries(q.filters)) for (const v of values) params.append(key, v);
    const res = await fetch(`${apiUrl}/api/v1/search?${params}`, {
      headers: q.viewer === null ? {} : { cookie: cookies.get(q.viewer)! },
    });
    if (!res.ok) throw new Error(`search failed ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as { hits: Array<{ id: string }>; tookMs: number };
    serverMs.push(body.tookMs);
    return body.hits.slice(0, 10).map((h) => h.id);
  }

  const pool = new pg.Pool({ connectionString: services.endpoints.databaseUrl, max: 10 });
  const COLUMN: Record<(typeof FILTER_KEYS)[number], string> = {
    themes: 'themes',
    audiences: 'audiences',
    resourceTypes: 'resource_types',
    sectors: 'sectors',
    levels: 'levels',
    durations: 'durations',
  };
  function whereFilters(q: BenchQuery, params: unknown[]): string {
    return Object.entries(q.filters)
      .map(([key, values]) => {
        params.push(values);
        return ` and ${COLUMN[key as keyof typeof COLUMN]} && $${params.length}::text[]`;
      })
      .join('');
  }
  const FACET_COLUMNS = [
    'themes',
    'theme_groups',
    'resource_types',
    'audiences',
    'sectors',
    'durations',
    'levels',
    'formats',
    'competences',
  ];
  async function fts(q: BenchQuery, text = q.q): Promise<string[]> {
    const params: unknown[] = [text, await readers(q.viewer)];
    const filters = whereFilters(q, params);
    const facets = FACET_COLUMNS.map(
      (c) => `'${c}', (select json_object_agg(v, n) from (select v, count(*) n from m, unnest(m.${c}) v group by v) x)`,
    ).join(', ');
    const { rows } = await pool.query<{ result: { hits: string[] | null } }>(
      `with q as (select websearch_to_tsquery('bench_fr', $1) as q),
        m as materialized (
          select id, ts_rank(tsv, q.q) as rank, ${FACET_COLUMNS.join(', ')}, licence, has_quiz
          from bench_sheets, q where tsv @@ q.q and readers && $2::text[]${filters})
       select json_build_object(
         'hits', (select json_agg(id) from (select id from m order by rank desc limit 20) h),
         'total', (select count(*) from m),
         'licence', (select json_object_agg(licence, n) from (select licence, count(*) n from m group by licence) x),
         'has_quiz', (select json_object_agg(has_quiz, n) from (select has_quiz, count(*) n from m group by has_quiz) x),
         ${facets}) as result`,
      params,
    );
    return (rows[0]?.result.hits ?? []).slice(0, 10);
  }
  async function trigram(q: BenchQuery, text = q.q): Promise<string[]> {
    const params: unknown[] = [text, await readers(q.viewer)];
    const filters = whereFilters(q, params);
    const { rows } = await pool.query<{ id: string }>(
      `select id, count(*) over () as total from bench_sheets
        where bench_unaccent($1) <% trgm and readers && $2::text[]${filters}
        order by word_similarity(bench_unaccent($1), trgm) desc limit 20`,
      params,
    );
    return rows.slice(0, 10).map((row) => row.id);
  }

  // -------------------------------------------------------------------------------------------
  // Replay
  async function replay(run: (q: BenchQuery) => Promise<unknown>, concurrency: number): Promise<number[]> {
    const latencies: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < queries.length) {
          const q = queries[next++]!;
          const t0 = performance.now();
          await run(q);
          latencies.push(performance.now() - t0);
        }
      }),
    );
    return latencies.sort((a, b) => a - b);
  }
  const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  const engines = { ours, fts, trigram } as const;
  const results: Record<string, Record<number, number[]>> = {};
  for (const [name, run] of Object.entries(engines)) {
    for (const q of queries.slice(0, 50)) await run(q); // warm-up: caches, connections
    results[name] = {};
    for (const c of [1, 8]) {
      log(`replaying ${queries.length} queries against ${name} at concurrency ${c}`);
      const l = (results[name][c] = await replay(run, c));
      // Printed as soon as measured, so that a long run gives its numbers as it goes.
      log(
        `${name} at concurrency ${c}: p50 ${pct(l, 50).toFixed(1)} ms, p95 ${pct(l, 95).toFixed(1)} ms, p99 ${pct(l, 99).toFixed(1)} ms`,
      );
    }
  }

  // Typo recall@10: hits of the misspelled query among the hits of the same query spelled right.
  const typos = queries.filter((q) => q.correct !== null);
  const recall: Record<string, number> = {};
  for (const [name, run] of Object.entries(engines)) {
    let sum = 0;
    let counted = 0;
    for (const q of typos) {
      const right = await run(q, q.correct!);
      if (!right.length) continue;
      const wrong = new Set(await run(q, q.q));
      sum += right.filter((id) => wrong.has(id)).length / right.length;
      counted++;
    }
    recall[name] = counted ? sum / counted : 0;
    log(`typo recall@10 of ${name}: ${recall[name].toFixed(3)}`);
  }

  // Publish → searchable, idle and under search load.
  const author = 0;
  const cookie = await cookieOf(author);
  const me = (await (await fetch(`${apiUrl}/api/v1/me`, { headers: { cookie } })).json()) as { csrfToken: string };
  const write = async (method: string, url: string, body: unknown) => {
    const res = await fetch(`${apiUrl}${url}`, {
      method,
      headers: { cookie, 'x-csrf-token': me.csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  let published = 0;
  async function publishDelay(): Promise<number> {
    const word = `bench${(published++).toString(36)}${randomBytes(3).toString('hex').replace(/[0-9]/g, 'x')}`;
    const draft = await write('POST', '/api/v1/sheets', { title: `Publication ${word}`, baseSlug: null });
    await write('PUT', `/api/v1/sheets/${String(draft.slug)}/draft`, {
      revision: draft.revision,
      title: `Publication ${word}`,
      summary: 'Mesure du délai de publication.',
      body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Texte.' }] }] },
      indexing: { themes: ['risques-cyber'], resourceTypes: ['ressource-pedagogique'], sectors: ['aidants-mediateurs'] },
      licence: 'etalab-2.0',
    });
    await write('POST', `/api/v1/sheets/${String(draft.slug)}/publish`, { changeNote: '', visibility: 'public' });
    const t0 = performance.now();
    let relayed = 0;
    for (;;) {
      if (
        !relayed &&
        Number(
          (
            await db
              .selectFrom('search_outbox')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ) === 0
      )
        relayed = performance.now() - t0;
      const res = await fetch(`${apiUrl}/api/v1/search?type=sheets&pageSize=1&q=${word}`);
      if (((await res.json()) as { total: number }).total > 0) {
        if (process.env.BENCH_DEBUG)
          console.log(
            `  outbox empty after ${relayed.toFixed(0)} ms, searchable after ${(performance.now() - t0).toFixed(0)} ms`,
          );
        return performance.now() - t0;
      }
      if (performance.now() - t0 > 30_000) throw new Error('not searchable after 30 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  const idle: number[] = [];
  for (let i = 0; i < PUBLISHES; i++) idle.push(await publishDelay());
  const loaded: number[] = [];
  let loadRunning = true;
  const load = (async () => {
    while (loadRunning) await replay(ours, 8);
  })();
  for (let i = 0; i < PUBLISHES; i++) loaded.push(await publishDelay());
  loadRunning = false;
  await load;
  if (process.env.BENCH_DEBUG) {
    const tasks = await search.client.tasks.getTasks({
      indexUids: [`${prefix}sheets`],
      types: ['documentAdditionOrUpdate'],
      limit: 2 * PUBLISHES,
    });
    for (const task of tasks.results) {
      const at = (d: string | null | undefined) => (d ? new Date(d).getTime() : 0);
      console.log(`  task ${task.uid}: waited ${at(task.startedAt) - at(task.enqueuedAt)} ms, ran ${task.duration}`);
    }
  }
  idle.sort((a, b) => a - b);
  loaded.sort((a, b) => a - b);

  // Footprint
  const stats = await search.client.getStats();
  // Resident memory of the Meilisearch process: anonymous (its own) and file-backed (the memory-mapped
  // database pages the kernel may drop).
  const memory = { anon: 0, file: 0 };
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes('meilisearch') && cmdline.includes(dataDir)) {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      memory.anon = Number(/RssAnon:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
      memory.file = Number(/RssFile:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    }
  }
  const diskMb =
    Number(execFileSync('du', ['-sk', path.join(dataDir, 'meilisearch')], { encoding: 'utf8' }).split('\t')[0]) / 1024;

  // -------------------------------------------------------------------------------------------
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  console.log(`\nCorpus: ${SHEETS} sheets (5 % private), ${BASES} bases, ${PEOPLE} people; ${queries.length} queries`);
  console.log('Collections: not in this synthetic corpus yet.');
  console.log(`Machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}\n`);
  console.log('engine       conc  p50        p95        p99');
  for (const name of Object.keys(engines)) {
    for (const c of [1, 8]) {
      const l = results[name]![c]!;
      console.log(
        `${name.padEnd(12)} ${String(c).padEnd(5)} ${ms(pct(l, 50)).padEnd(10)} ${ms(pct(l, 95)).padEnd(10)} ${ms(pct(l, 99))}`,
      );
    }
  }
  for (const c of [1, 8]) {
    const p95 = (name: string) => pct(results[name]![c]!, 95);
    console.log(
      `p95 ratio at concurrency ${c}: ours/FTS ${(p95('ours') / p95('fts')).toFixed(2)}, ours/trigram ${(p95('ours') / p95('trigram')).toFixed(2)}`,
    );
  }
  serverMs.sort((a, b) => a - b);
  console.log(`ours, time inside the API handler (all runs): p50 ${ms(pct(serverMs, 50))}, p95 ${ms(pct(serverMs, 95))}`);
  console.log(
    `typo recall@10 (${typos.length} typo queries): ours ${recall.ours!.toFixed(3)}, FTS ${recall.fts!.toFixed(3)}, trigram ${recall.trigram!.toFixed(3)}`,
  );
  console.log(
    `publish → searchable: idle p50 ${ms(pct(idle, 50))}, p95 ${ms(pct(idle, 95))}; under search load p50 ${ms(pct(loaded, 50))}, p95 ${ms(pct(loaded, 95))}`,
  );
  console.log(`full rebuild (all indexes, swap included): ${rebuildSeconds.toFixed(1)} s`);
  console.log(
    `Meilisearch: ${diskMb.toFixed(0)} MB on disk (du), ${((stats.usedDatabaseSize ?? stats.databaseSize) / 1048576).toFixed(0)} MB used by the database; ` +
      `resident memory ${memory.anon.toFixed(0)} MB anonymous + ${memory.file.toFixed(0)} MB of mapped database pages`,
  );
  await pool.end();
  await db.destroy();
} finally {
  await cleanup();
}
