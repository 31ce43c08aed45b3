/**
 * `npm run search:reconcile`: compares the database with the Meilisearch indexes (every document,
 * field by field), repairs the drift and reports what it fixed (`-- --dry-run`: reports only). `npm run search:rebuild`: builds fresh
 * indexes and swaps them in with no downtime. Both hold the search writer lock (ADR 007), so they
 * are safe while the API runs.
 *
 * Connects to DATABASE_URL, MEILI_URL, MEILI_MASTER_KEY (and MEILI_INDEX_PREFIX); without them, to
 * the embedded services of a running `npm start` (secrets in MALLE_DATA_DIR, default `.data`).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createDatabase } from '../apps/api/src/lib/db.ts';
import { createSearch } from '../apps/api/src/lib/search.ts';
import { rebuild, reconcile } from '../apps/api/src/modules/search/sync.ts';

const command = process.argv[2];
if (command !== 'reconcile' && command !== 'rebuild') {
  console.error('Usage: tsx scripts/search.ts reconcile|rebuild');
  process.exit(2);
}

async function endpoints() {
  const env = process.env;
  if (env.DATABASE_URL && env.MEILI_URL && env.MEILI_MASTER_KEY)
    return { databaseUrl: env.DATABASE_URL, meiliUrl: env.MEILI_URL, meiliMasterKey: env.MEILI_MASTER_KEY };
  const dataDir = path.resolve(import.meta.dirname, '..', env.MALLE_DATA_DIR ?? '.data');
  let secrets: { postgresPassword: string; meiliMasterKey: string };
  try {
    secrets = JSON.parse(await readFile(path.join(dataDir, 'services-secrets.json'), 'utf8')) as typeof secrets;
  } catch {
    console.error('Set DATABASE_URL, MEILI_URL and MEILI_MASTER_KEY, or run `npm start` first (embedded services).');
    process.exit(1);
  }
  return {
    databaseUrl:
      env.DATABASE_URL ??
      `postgres://postgres:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${env.MALLE_PG_PORT ?? 54329}/malle`,
    meiliUrl: env.MEILI_URL ?? `http://127.0.0.1:${env.MALLE_MEILI_PORT ?? 7700}`,
    meiliMasterKey: env.MEILI_MASTER_KEY ?? secrets.meiliMasterKey,
  };
}

const e = await endpoints();
// Reading every document of a large index page by page: no 5 s statement limit here.
const db = createDatabase({ url: e.databaseUrl, poolMax: 3, statementTimeoutMs: 600_000 });
const search = createSearch({ url: e.meiliUrl, masterKey: e.meiliMasterKey, indexPrefix: process.env.MEILI_INDEX_PREFIX ?? '' });
try {
  if (command === 'reconcile') {
    const dryRun = process.argv.includes('--dry-run');
    const reports = await reconcile(db, search, undefined, { dryRun });
    let fixed = 0;
    for (const r of reports) {
      fixed += r.added + r.updated + r.removed;
      console.log(
        `${r.index}: ${r.inDatabase} in the database, ${r.inIndex} in the index before; ` +
          `added ${r.added}, updated ${r.updated}, removed ${r.removed}`,
      );
    }
    console.log(
      fixed
        ? `${dryRun ? 'Drift' : 'Reconciled'}: ${fixed} document(s) ${dryRun ? 'to repair' : 'repaired'}.`
        : 'In sync: nothing to repair.',
    );
  } else {
    for (const r of await rebuild(db, search))
      console.log(`${r.index}: ${r.documents} documents rebuilt and swapped in ${r.ms} ms`);
  }
} finally {
  await db.destroy();
}
