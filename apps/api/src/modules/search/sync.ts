/**
 * Writing to Meilisearch: index creation and settings, applying documents, reconcile and rebuild.
 * Only one writer at a time (ADR 007): the outbox relay, reconcile and rebuild all hold the same
 * PostgreSQL advisory lock while they write, so a snapshot read by one can never overwrite a newer
 * state written by another.
 */
import type { DB } from '@malle/schema/db';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { EnqueuedTaskPromise, Index } from 'meilisearch';
import { meiliErrorCode, type Search } from '../../lib/search.ts';
import { INDEX_KEYS, INDEXES, type BaseDocument, type IndexDefinition } from './documents.ts';
import type { IndexKey } from './outbox.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** Key of the advisory lock held by whoever writes to the indexes. */
export const WRITER_LOCK = sql`7007, 1`;

const TASK_WAIT = { timeout: 120_000, interval: 25 };

/** Waits for a Meilisearch task and fails loudly when it failed. */
export async function settle(task: EnqueuedTaskPromise): Promise<void> {
  const done = await task.waitTask(TASK_WAIT);
  if (done.status !== 'succeeded') {
    throw new Error(`Meilisearch task ${done.uid} (${done.type}) ${done.status}: ${done.error?.message ?? 'no detail'}`);
  }
}

export function indexOf(search: Search, key: string, suffix = ''): Index<BaseDocument> {
  return search.client.index<BaseDocument>(search.indexName(key) + suffix);
}

async function exists(search: Search, uid: string): Promise<boolean> {
  try {
    await search.client.getIndex(uid);
    return true;
  } catch (error) {
    if (meiliErrorCode(error) === 'index_not_found') return false;
    throw error;
  }
}

/** Creates an index if needed and applies its settings (a no-op for Meilisearch when unchanged). */
export async function ensureIndex(search: Search, def: IndexDefinition, suffix = ''): Promise<void> {
  const uid = search.indexName(def.key) + suffix;
  if (!(await exists(search, uid))) await settle(search.client.createIndex(uid, { primaryKey: 'id' }));
  await settle(search.client.index(uid).updateSettings(def.settings));
}

export async function ensureIndexes(search: Search): Promise<void> {
  for (const key of INDEX_KEYS) await ensureIndex(search, INDEXES[key]);
}

/**
 * Brings the given documents of one index to their current state: upserts those that exist,
 * deletes the others. Idempotent: running it twice changes nothing.
 */
export async function syncDocuments(
  db: Executor,
  search: Search,
  key: IndexKey,
  ids: readonly string[],
): Promise<{ upserted: number; deleted: number }> {
  const def = INDEXES[key];
  const docs = await def.load(db, ids);
  const present = new Set(docs.map((d) => d.id));
  const gone = [...new Set(ids)].filter((id) => !present.has(id));
  const index = indexOf(search, key);
  // Disjoint ids: both tasks are enqueued at once, then awaited.
  const tasks = [...(docs.length ? [index.addDocuments(docs)] : []), ...(gone.length ? [index.deleteDocuments(gone)] : [])];
  await Promise.all(tasks.map(settle));
  return { upserted: docs.length, deleted: gone.length };
}

/** Holds the writer lock for the duration of `work`, on one dedicated connection. */
export async function withWriterLock<T>(db: Kysely<DB>, work: () => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${WRITER_LOCK})`.execute(conn);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(${WRITER_LOCK})`.execute(conn);
    }
  });
}

const PAGE = 1000;

export interface ReconcileReport {
  index: IndexKey;
  inDatabase: number;
  inIndex: number;
  added: number;
  updated: number;
  removed: number;
}

/** Every document of an index, ids and hashes only. */
async function indexedHashes(search: Search, key: IndexKey): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const index = indexOf(search, key);
  for (let offset = 0; ; offset += PAGE) {
    const page = await index.getDocuments({ fields: ['id', 'docHash'], limit: PAGE, offset });
    for (const d of page.results) out.set(String(d.id), String(d.docHash));
    if (page.results.length < PAGE) return out;
  }
}

/**
 * Compares the database with the indexes (ids and content hashes) and repairs the drift: missing
 * or stale documents are written again, documents that should not be there are deleted. Holds the
 * writer lock so that the relay does not interleave.
 */
export async function reconcile(
  db: Kysely<DB>,
  search: Search,
  keys: readonly IndexKey[] = INDEX_KEYS,
): Promise<ReconcileReport[]> {
  return withWriterLock(db, async () => {
    const reports: ReconcileReport[] = [];
    for (const key of keys) {
      await ensureIndex(search, INDEXES[key]);
      const indexed = await indexedHashes(search, key);
      const report: ReconcileReport = { index: key, inDatabase: 0, inIndex: indexed.size, added: 0, updated: 0, removed: 0 };
      const seen = new Set<string>();
      let after: string | null = null;
      for (;;) {
        const docs = await INDEXES[key].page(db, after, PAGE);
        if (!docs.length) break;
        after = docs[docs.length - 1]!.id;
        report.inDatabase += docs.length;
        const toWrite: BaseDocument[] = [];
        for (const doc of docs) {
          seen.add(doc.id);
          const hash = indexed.get(doc.id);
          if (hash === undefined) report.added++;
          else if (hash !== doc.docHash) report.updated++;
          else continue;
          toWrite.push(doc);
        }
        if (toWrite.length) await settle(indexOf(search, key).addDocuments(toWrite));
      }
      const extra = [...indexed.keys()].filter((id) => !seen.has(id));
      if (extra.length) await settle(indexOf(search, key).deleteDocuments(extra));
      report.removed = extra.length;
      reports.push(report);
    }
    return reports;
  });
}

/**
 * Builds each index afresh under a temporary name, then swaps it with the live one in one
 * Meilisearch task (searches never see a half-built index) and drops the old one. The relay waits
 * on the writer lock meanwhile; the events it then applies land on the new index.
 */
export async function rebuild(
  db: Kysely<DB>,
  search: Search,
  keys: readonly IndexKey[] = INDEX_KEYS,
): Promise<Array<{ index: IndexKey; documents: number; ms: number }>> {
  return withWriterLock(db, async () => {
    const out: Array<{ index: IndexKey; documents: number; ms: number }> = [];
    for (const key of keys) {
      const started = performance.now();
      const def = INDEXES[key];
      const live = search.indexName(key);
      const fresh = `${live}__rebuild`;
      await ensureIndex(search, def);
      if (await exists(search, fresh)) await settle(search.client.deleteIndex(fresh));
      await ensureIndex(search, def, '__rebuild');
      let documents = 0;
      let after: string | null = null;
      // Enqueue every batch first (Meilisearch indexes while we read the next page), then wait.
      const taskUids: number[] = [];
      for (;;) {
        const docs = await def.page(db, after, PAGE * 2);
        if (!docs.length) break;
        after = docs[docs.length - 1]!.id;
        documents += docs.length;
        taskUids.push((await search.client.index(fresh).addDocuments(docs)).taskUid);
      }
      for (const task of await search.client.tasks.waitForTasks(taskUids, { timeout: 600_000, interval: 200 })) {
        if (task.status !== 'succeeded')
          throw new Error(`Meilisearch task ${task.uid} ${task.status}: ${task.error?.message ?? ''}`);
      }
      await settle(search.client.swapIndexes([{ indexes: [live, fresh], rename: false }]));
      await settle(search.client.deleteIndex(fresh));
      out.push({ index: key, documents, ms: Math.round(performance.now() - started) });
    }
    return out;
  });
}
