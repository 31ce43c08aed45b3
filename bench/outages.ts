/**
 * `npm run bench:outages`: how Malle rides out its dependencies' outages (ADR 014), on its own
 * PostgreSQL, Meilisearch and S3 processes and the built API, in one run:
 * - time to recover after each outage: from the moment the dependency is back to the first
 *   successful answer that needs it (no restart of the API);
 * - during and after a 60 s Meilisearch outage, the longest time a sheet stayed findable by an
 *   anonymous search after it was made private or deleted (changes made before, during and just
 *   after the outage, polled every 50 ms).
 * Needs the built API (`npm run build`). Prints the machine load with the figures.
 */
import os from 'node:os';
import { makePdf } from '../apps/api/src/test/fixtures.ts';
import {
  anonymousSearch,
  call,
  publishSheet,
  signUp,
  startStack,
  until,
  type Person,
  type ServiceName,
  type Stack,
} from '../apps/api/faults/harness.ts';

const OUTAGE_SECONDS = Number(process.env.BENCH_OUTAGE_SECONDS ?? 60);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

function table(rows: string[][]) {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const [n, row] of rows.entries()) {
    console.log(`| ${row.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`);
    if (n === 0) console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
  }
}

async function recovery(stack: Stack, name: ServiceName, kind: 'restart' | 'freeze', probe: () => Promise<boolean>) {
  if (kind === 'restart') await stack.stopService(name);
  else stack.freeze(name);
  await new Promise((r) => setTimeout(r, 5000));
  const outageOk = !(await probe());
  if (kind === 'restart') await stack.startService(name);
  else stack.thaw(name);
  const ms = await until(probe, { timeoutMs: 60_000, everyMs: 25, what: `${name} ${kind}` });
  return { ms, outageOk };
}

async function upload(api: string, person: Person, slug: string, name: string) {
  const bytes = await makePdf(1, name);
  const announced = await call(api, 'POST', `/api/v1/sheets/${slug}/uploads`, {
    person,
    json: { name: `${name}.pdf`, size: bytes.length, mediaType: 'application/pdf', purpose: 'attachment' },
  });
  if (announced.status !== 201) return announced.status;
  return (await call(api, 'PUT', (announced.body as { uploadUrl: string }).uploadUrl, { person, body: bytes, timeoutMs: 30_000 }))
    .status;
}

async function main() {
  console.log(`Machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB; load before: ${load()}`);
  // One client polling many times a second: the per-address limit is not what is measured here.
  const stack = await startStack({ apis: 1, env: { RATE_LIMIT_GLOBAL_MAX: '1000000' } });
  try {
    let api = stack.apis[0]!.url;
    const person = await signUp(api);
    const slug = await publishSheet(api, person, 'mesure');
    const signedIn = async () => (await call(api, 'GET', '/api/v1/me/sheets', { person, timeoutMs: 5000 })).status === 200;
    const searches = async () => (await anonymousSearch(api, 'mesure')).status === 200;
    const uploads = async () => (await upload(api, person, slug, `essai-${Date.now()}`)) === 201;

    const rows = [['outage (5 s)', 'answers during it', 'recovered after it ended']];
    for (const [name, kind, probe, what] of [
      ['postgres', 'restart', signedIn, 'signed-in read'],
      ['postgres', 'freeze', signedIn, 'signed-in read'],
      ['meilisearch', 'restart', searches, 'search'],
      ['meilisearch', 'freeze', searches, 'search'],
      ['s3', 'freeze', uploads, 'upload'],
    ] as const) {
      const r = await recovery(stack, name, kind, probe);
      rows.push([
        `${name} ${kind === 'restart' ? 'stopped' : 'frozen (SIGSTOP)'}`,
        r.outageOk ? `503 (${what})` : 'NOT 503',
        `${Math.round(r.ms)} ms`,
      ]);
    }
    // A process killed while it processes a file: the job runs again in another process.
    const second = await stack.startApi(1, { JOBS_ENABLED: 'false' });
    const big = await makePdf(300, 'Guide long');
    const announced = await call(second.url, 'POST', `/api/v1/sheets/${slug}/uploads`, {
      person,
      json: { name: 'long.pdf', size: big.length, mediaType: 'application/pdf', purpose: 'attachment' },
    });
    const sent = await call(second.url, 'PUT', (announced.body as { uploadUrl: string }).uploadUrl, { person, body: big });
    const bigFile = (sent.body as { file: { id: string } }).file.id;
    await until(
      async () =>
        (
          await stack.sql.query(
            `select 1 from graphile_worker.jobs where task_identifier = 'process_blob' and locked_at is not null`,
          )
        ).rowCount! >= 1,
      { timeoutMs: 30_000, what: 'job taken' },
    );
    stack.apis[0]!.child.kill('SIGKILL');
    await stack.apis[0]!.exited;
    const killedAt = performance.now();
    await stack.startWorker();
    await until(
      async () =>
        (
          await stack.sql.query(
            `select 1 from blobs b join files f on f.blob_sha256 = b.sha256 where f.id = $1 and b.status = 'ready'`,
            [bigFile],
          )
        ).rowCount === 1,
      { timeoutMs: 120_000, everyMs: 250, what: 'job retried' },
    );
    rows.push([
      'API killed mid-job (SIGKILL)',
      'site served by another process',
      `job done ${((performance.now() - killedAt) / 1000).toFixed(1)} s after the kill`,
    ]);
    table(rows);
    console.log(`load: ${load()}`);
    stack.apis[0] = second;
    api = second.url;

    // Privacy across a long Meilisearch outage.
    const before = await Promise.all(Array.from({ length: 3 }, () => publishSheet(api, person, 'confidentiel')));
    await until(async () => (await anonymousSearch(api, 'confidentiel')).slugs.length === 3, {
      timeoutMs: 20_000,
      what: 'indexed',
    });
    const findable = new Map<string, number>();
    const watch = (target: string, changedAt: number) => {
      void (async () => {
        for (;;) {
          const res = await anonymousSearch(api, 'confidentiel');
          if (res.status === 200 && !res.slugs.includes(target)) break;
          if (res.status === 200) findable.set(target, performance.now() - changedAt);
          await new Promise((r) => setTimeout(r, 50));
          if (performance.now() - changedAt > (OUTAGE_SECONDS + 120) * 1000) break;
        }
      })();
    };
    // How long Meilisearch itself still held each narrowed sheet as public (what search would
    // have shown without the query-time check).
    const staleInIndex = new Map<string, number>();
    const sheetId = async (target: string) =>
      (await stack.sql.query<{ id: string }>('select id from sheets where slug = $1', [target])).rows[0]!.id;
    const watchIndex = (id: string, target: string, changedAt: number) => {
      void (async () => {
        for (;;) {
          const res = await fetch(`${stack.env.MEILI_URL}/indexes/sheets/documents/${id}`, {
            headers: { authorization: `Bearer ${stack.env.MEILI_MASTER_KEY}` },
          }).catch(() => null);
          if (res && res.status === 404) break;
          if (res?.ok && !((await res.json()) as { readers: string[] }).readers.includes('public')) break;
          staleInIndex.set(target, performance.now() - changedAt);
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
    };
    const narrow = async (target: string, how: 'private' | 'delete') => {
      const id = await sheetId(target);
      const at = performance.now();
      watchIndex(id, target, at);
      if (how === 'private')
        await call(api, 'PUT', `/api/v1/sheets/${target}/visibility`, { person, json: { visibility: 'private' } });
      else await call(api, 'DELETE', `/api/v1/sheets/${target}`, { person });
      findable.set(target, 0);
      watch(target, at);
    };
    await stack.stopService('meilisearch');
    const outageStart = performance.now();
    await narrow(before[0]!, 'private');
    await new Promise((r) => setTimeout(r, (OUTAGE_SECONDS * 1000) / 2));
    await narrow(before[1]!, 'delete');
    await new Promise((r) => setTimeout(r, OUTAGE_SECONDS * 1000 - (performance.now() - outageStart) - 500));
    await narrow(before[2]!, 'private');
    await stack.startService('meilisearch');
    const back = performance.now();
    const searchBack = await until(searches, { timeoutMs: 30_000, everyMs: 25, what: 'search back' }).catch(
      async (error: unknown) => {
        console.log('last search answer:', JSON.stringify(await anonymousSearch(api, 'mesure')));
        console.log(stack.apis[0]!.logs.slice(-10).join('\n'));
        throw error;
      },
    );
    // Two more narrowed right after the outage, while the relay catches up.
    const after = await Promise.all(Array.from({ length: 2 }, () => publishSheet(api, person, 'confidentiel')));
    await until(async () => (await anonymousSearch(api, 'confidentiel')).slugs.length === 2, {
      timeoutMs: 20_000,
      what: 'indexed',
    });
    for (const target of after) await narrow(target, 'private');
    await until(
      async () => (await stack.sql.query<{ n: number }>('select count(*)::int as n from search_outbox')).rows[0]!.n === 0,
      {
        timeoutMs: 30_000,
        what: 'outbox drained',
      },
    );
    const drainedAfter = performance.now() - back;
    await new Promise((r) => setTimeout(r, 2000));
    console.log(`\nMeilisearch outage of ${OUTAGE_SECONDS} s (relay running, 3 sheets narrowed during it, 2 just after):`);
    table([
      ['measure', 'value'],
      ['search answers again after Meilisearch is back', `${Math.round(searchBack)} ms`],
      [
        'outbox empty again after Meilisearch is back (2 sheets published, 2 narrowed meanwhile)',
        `${Math.round(drainedAfter)} ms`,
      ],
      [
        'longest a narrowed sheet stayed findable (changed during)',
        `${Math.round(Math.max(...before.map((s) => findable.get(s) ?? 0)))} ms`,
      ],
      [
        'longest a narrowed sheet stayed findable (changed after)',
        `${Math.round(Math.max(...after.map((s) => findable.get(s) ?? 0)))} ms`,
      ],
      [
        'meanwhile, longest Meilisearch still held one as public (during / after)',
        `${Math.round(Math.max(...before.map((s) => staleInIndex.get(s) ?? 0)))} ms / ${Math.round(Math.max(...after.map((s) => staleInIndex.get(s) ?? 0)))} ms`,
      ],
    ]);
    console.log(`load after: ${load()}`);
  } finally {
    await stack.stop();
  }
}

await main();
