/**
 * Writing to Meilisearch: index creation and settings, applying documents, reconcile and rebuild.
 * Only one writer at a time (ADR 007): the outbox relay, reconcile and rebuild all hold the same
 * PostgreSQL advisory lock while they write, so a snapshot read by one can never overwrite a newer
 * state written by another.
 */
import { createHash } from 'node:crypto';
import type { DB } from '@malle/schema/db';
import { sql, type Kysely } from 'kysely';
import type { EnqueuedTaskPromise, Index } from 'meilisearch';
import { meiliErrorCode, type Search } from '../../lib/search.ts';
import { INDEX_KEYS, INDEXES, type BaseDocument, type IndexDefinition } from './documents.ts';
import type { IndexKey } from './outbox.ts';

/** Key of the advisory lock held by whoever writes to the indexes (two int4, as SQL text). */
export const WRITER_LOCK_KEY = '7007, 1';
const WRITER_LOCK = sql.raw(WRITER_LOCK_KEY);

const TASK_WAIT = { timeout: 120_000, interval: 25 };

/** Waits for a Meilisearch task and fails loudly when it failed. */
export async function settle(task: EnqueuedTaskPromise): Promise<void> {
  const done = await task.waitTask(TASK_WAIT);
  if (done.status !== 'succeeded') {
    throw new Error(`Meilisearch task ${done.uid} (${done.type}) ${done.status}: ${done.error?.message ?? 'no detail'}`);
  }
}

export function indexOf(search: Search, key: string, suffix = ''): Index<BaseDocument> {
  return search.indexer.index<BaseDocument>(search.indexName(key) + suffix);
}

async function exists(search: Search, uid: string): Promise<boolean> {
  try {
    await search.indexer.getIndex(uid);
    return true;
  } catch (error) {
    if (meiliErrorCode(error) === 'index_not_found') return false;
    throw error;
  }
}

/** Creates an index if needed and applies its settings (a no-op for Meilisearch when unchanged). */
export async function ensureIndex(search: Search, def: IndexDefinition, suffix = ''): Promise<void> {
  const uid = search.indexName(def.key) + suffix;
  if (!(await exists(search, uid))) await settle(search.indexer.createIndex(uid, { primaryKey: 'id' }));
  await settle(search.indexer.index(uid).updateSettings(def.settings));
}

export async function ensureIndexes(search: Search): Promise<void> {
  for (const key of INDEX_KEYS) await ensureIndex(search, INDEXES[key]);
}

/** The documents to write and the ids to delete for one index, as `loadDocuments` gives them. */
export interface IndexWrite {
  key: IndexKey;
  docs: BaseDocument[];
  gone: string[];
}

export type WriteOutcome = { ok: true } | { ok: false; error: unknown };

/**
 * Sends writes to several indexes and waits for them. Tasks are enqueued in the order given
 * (Meilisearch runs its queue in order: the first index is searchable first), then awaited
 * together. Idempotent: running it twice changes nothing.
 */
export async function applyDocuments(search: Search, writes: readonly IndexWrite[]): Promise<WriteOutcome[]> {
  const pending: Array<Promise<void>> = [];
  for (const { key, docs, gone } of writes) {
    const index = indexOf(search, key);
    const tasks: EnqueuedTaskPromise[] = [];
    // Disjoint ids: both tasks go in at once. The enqueueing is awaited before the next index's
    // (parallel connections would not keep the order); the processing is awaited at the end.
    if (docs.length) tasks.push(index.addDocuments(docs));
    if (gone.length) tasks.push(index.deleteDocuments(gone));
    const enqueued = Promise.all(tasks);
    await enqueued.catch(() => undefined);
    pending.push(enqueued.then(() => Promise.all(tasks.map(settle))).then(() => undefined));
  }
  const settled = await Promise.allSettled(pending);
  return settled.map((s): WriteOutcome => (s.status === 'fulfilled' ? { ok: true } : { ok: false, error: s.reason as unknown }));
}

/**
 * Holds the writer lock for the duration of `work`, on one dedicated connection and outside any
 * transaction. Waits (polling) while the relay finishes its batch: the wait itself never runs
 * into the statement timeout.
 */
export async function withWriterLock<T>(db: Kysely<DB>, work: () => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    for (;;) {
      const { rows } = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${WRITER_LOCK}) as ok`.execute(conn);
      if (rows[0]?.ok) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
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

/** Meilisearch returns fields in its own order: documents are compared by their sorted JSON. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const contentHash = (doc: unknown) => createHash('sha256').update(canonicalJson(doc)).digest('base64url');

/** Every document of an index, as a hash of its whole content (not a hash it claims to have). */
async function indexedContent(search: Search, key: IndexKey): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const index = indexOf(search, key);
  // Small pages: sheet documents carry the text of their attachments.
  const page = 200;
  for (let offset = 0; ; offset += page) {
    const res = await index.getDocuments({ limit: page, offset });
    for (const d of res.results) out.set(String(d.id), contentHash(d));
    if (res.results.length < page) return out;
  }
}

/**
 * Compares the database with the indexes (every document, field by field) and repairs the
 * drift (`dryRun`: only reports it): missing, stale or altered documents are written again, documents that should not be
 * there are deleted. Holds the writer lock so that the relay does not interleave.
 */
export async function reconcile(
  db: Kysely<DB>,
  search: Search,
  keys: readonly IndexKey[] = INDEX_KEYS,
  options: { dryRun?: boolean } = {},
): Promise<ReconcileReport[]> {
  return withWriterLock(db, async () => {
    const reports: ReconcileReport[] = [];
    for (const key of keys) {
      await ensureIndex(search, INDEXES[key]);
      const indexed = await indexedContent(search, key);
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
          else if (hash !== contentHash(doc)) report.updated++;
          else continue;
          toWrite.push(doc);
        }
        // Replace, not merge: a field added behind our back must go too.
        if (toWrite.length && !options.dryRun) await settle(indexOf(search, key).addDocuments(toWrite));
      }
      const extra = [...indexed.keys()].filter((id) => !seen.has(id));
      if (extra.length && !options.dryRun) await settle(indexOf(search, key).deleteDocuments(extra));
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
      if (await exists(search, fresh)) await settle(search.indexer.deleteIndex(fresh));
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
        taskUids.push((await search.indexer.index(fresh).addDocuments(docs)).taskUid);
      }
      for (const task of await search.indexer.tasks.waitForTasks(taskUids, { timeout: 600_000, interval: 200 })) {
        if (task.status !== 'succeeded')
          throw new Error(`Meilisearch task ${task.uid} ${task.status}: ${task.error?.message ?? ''}`);
      }
      await settle(search.indexer.swapIndexes([{ indexes: [live, fresh], rename: false }]));
      await settle(search.indexer.deleteIndex(fresh));
      out.push({ index: key, documents, ms: Math.round(performance.now() - started) });
    }
    return out;
  });
}
