/**
 * The outbox relay (ADR 007, ADR 014): a loop that applies `search_outbox` rows to Meilisearch.
 * It wakes on NOTIFY (trigger on insert) and polls as a safety net.
 *
 * One writer at a time: each batch holds the writer lock (a session advisory lock) on the relay's
 * own connection, which also LISTENs; reconcile and rebuild take the same lock. No database
 * transaction stays open while Meilisearch works: a batch reads its events and the documents'
 * current state in short statements, sends them (the sheets index first: a publication is what
 * people wait for), waits for Meilisearch's tasks, then deletes exactly the events it applied.
 * A crash at any point leaves the rows in place; applying again is idempotent, and an event that
 * arrived meanwhile stays for the next batch, so an older state never wins.
 *
 * Meilisearch unreachable: the events wait, untouched, and the relay tries again every second, so
 * that it catches up as soon as Meilisearch is back. Meilisearch refusing a batch (a bug, a
 * poison document): that index's events are retried with exponential backoff; others go on.
 */
import type { DB } from '@malle/schema/db';
import type { FastifyBaseLogger } from 'fastify';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { unavailableDependency } from '../../lib/dependencies.ts';
import type { Search } from '../../lib/search.ts';
import { INDEXES, loadDocuments } from './documents.ts';
import type { IndexKey } from './outbox.ts';
import { applyDocuments, ensureIndexes, WRITER_LOCK_KEY } from './sync.ts';

export interface RelayOptions {
  db: Kysely<DB>;
  search: Search;
  /** For LISTEN and the writer lock, on a connection of its own. */
  databaseUrl: string;
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
  batchSize?: number;
  pollMs?: number;
  /** Test hook: called after Meilisearch applied a batch, before the rows are deleted. */
  afterApply?: (events: OutboxEvent[]) => void | Promise<void>;
}

export interface OutboxEvent {
  id: number;
  index_name: string;
  doc_id: string;
  attempts: number;
}

export interface RelayRun {
  applied: number;
  failed: number;
  /** true: another writer held the lock; nothing was done. */
  locked: boolean;
  /** true: Meilisearch could not be reached; the events wait. */
  searchDown?: boolean;
}

/** Poison batches: 1 s, 2 s, 4 s… up to 5 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(300_000, 1000 * 2 ** Math.max(0, attempts - 1));
}

/** Outages (Meilisearch or PostgreSQL down): retry soon, so recovery takes seconds, not minutes. */
const OUTAGE_RETRY_MS = 1000;
const MAX_OUTAGE_BACKOFF_MS = 4000;

/** Sheets first (what people wait for after publishing), then the documents that count them. */
const PRIORITY: readonly IndexKey[] = ['sheets', 'collections', 'bases', 'profiles'];

export type SearchRelay = ReturnType<typeof createSearchRelay>;

export function createSearchRelay(options: RelayOptions) {
  const { db, search, log } = options;
  const batchSize = options.batchSize ?? 500;
  const pollMs = options.pollMs ?? 2000;
  let running = false;
  let loopDone: Promise<void> = Promise.resolve();
  let wake: (() => void) | null = null;
  let connection: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;
  let indexesReady = false;
  // Set by a notification; a notification that arrives while a batch runs must not be lost.
  let notified = false;
  let searchDown = false;

  /** The relay's own connection: LISTEN plus the writer lock. Reopened after a loss. */
  function ownConnection(): Promise<pg.Client> {
    if (connection) return Promise.resolve(connection);
    connecting ??= (async () => {
      const client = new pg.Client({
        connectionString: options.databaseUrl,
        connectionTimeoutMillis: 3000,
        query_timeout: 5000,
        keepAlive: true,
        application_name: 'malle-search-relay',
      });
      client.on('notification', () => {
        notified = true;
        wake?.();
      });
      client.on('error', (error) => {
        log.warn({ err: error }, 'search outbox: relay connection lost');
        if (connection === client) connection = null;
        client.end().catch(() => undefined);
      });
      try {
        await client.connect();
        await client.query('listen search_outbox');
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      }
      connection = client;
      return client;
    })().finally(() => {
      connecting = null;
    });
    return connecting;
  }

  async function dropConnection() {
    const client = connection;
    connection = null;
    await client?.end().catch(() => undefined);
  }

  /** Applies one batch. Safe to call concurrently (and from several processes): the lock decides. */
  async function runOnce(): Promise<RelayRun> {
    if (!indexesReady) {
      await ensureIndexes(search);
      indexesReady = true;
    }
    const lockConnection = await ownConnection();
    const { rows } = await lockConnection.query<{ ok: boolean }>(`select pg_try_advisory_lock(${WRITER_LOCK_KEY}) as ok`);
    if (!rows[0]?.ok) return { applied: 0, failed: 0, locked: true };
    try {
      return await applyBatch(lockConnection);
    } finally {
      await lockConnection.query(`select pg_advisory_unlock(${WRITER_LOCK_KEY})`).catch(async () => {
        // The connection is gone, and the lock with it.
        await dropConnection();
      });
    }
  }

  async function applyBatch(lockConnection: pg.Client): Promise<RelayRun> {
    const events: OutboxEvent[] = await db
      .selectFrom('search_outbox')
      .select(['id', 'index_name', 'doc_id', 'attempts'])
      .where('available_at', '<=', sql<Date>`now()`)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    if (!events.length) {
      searchDown = false;
      return { applied: 0, failed: 0, locked: false };
    }

    const byIndex = new Map<string, OutboxEvent[]>();
    for (const e of events) byIndex.set(e.index_name, [...(byIndex.get(e.index_name) ?? []), e]);
    let failed = 0;
    for (const [index, group] of byIndex) {
      if (index in INDEXES) continue;
      // An index this version does not know (e.g. written by a newer release): keep the rows.
      log.warn({ index, count: group.length }, 'search outbox: unknown index, events kept');
      failed += group.length;
    }
    const known = PRIORITY.filter((key) => byIndex.has(key)).map((key) => [key, byIndex.get(key)!] as const);

    // The documents' current state, read before anything is sent (short statements, no transaction).
    const loaded = [];
    for (const [key, group] of known) {
      loaded.push({ key, group, docs: await loadDocuments(db, key, [...new Set(group.map((e) => e.doc_id))]) });
    }
    // Still the only writer? A lost connection means a lost lock: another writer may be at work.
    await lockConnection.query('select 1');

    const outcomes = await applyDocuments(
      search,
      loaded.map(({ key, docs }) => ({ key, ...docs })),
    );
    const done: number[] = [];
    let outage: unknown = null;
    for (const [i, outcome] of outcomes.entries()) {
      const { key, group } = loaded[i]!;
      if (outcome.ok) {
        done.push(...group.map((e) => e.id));
        continue;
      }
      failed += group.length;
      if (unavailableDependency(outcome.error)) {
        outage = outcome.error;
        continue;
      }
      const attempts = Math.max(...group.map((e) => e.attempts)) + 1;
      log.error({ err: outcome.error, index: key, count: group.length, attempts }, 'search outbox: batch refused, will retry');
      await db
        .updateTable('search_outbox')
        .set({
          attempts: sql`attempts + 1`,
          available_at: new Date(Date.now() + backoffMs(attempts)),
          last_error: String(outcome.error instanceof Error ? outcome.error.message : outcome.error).slice(0, 1000),
        })
        .where(
          'id',
          'in',
          group.map((e) => e.id),
        )
        .execute();
    }
    await options.afterApply?.(events);
    if (done.length) {
      await db.deleteFrom('search_outbox').where('id', 'in', done).execute();
      // Meilisearch now shows these changes: cached search answers may be rebuilt (public cache, ADR 013).
      await sql`select pg_notify('public_changes', 'search:applied')`.execute(db);
    }
    if (outage) {
      if (!searchDown) log.warn({ err: outage }, 'search outbox: Meilisearch unreachable, events wait');
      searchDown = true;
    } else searchDown = false;
    return { applied: done.length, failed, locked: false, searchDown: Boolean(outage) };
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });
  }

  async function loop(): Promise<void> {
    let failures = 0;
    while (running) {
      notified = false;
      try {
        const run = await runOnce();
        failures = 0;
        if (run.searchDown) {
          if (running) await sleep(OUTAGE_RETRY_MS);
          continue;
        }
        if (run.applied > 0 && running) continue;
      } catch (error) {
        failures++;
        // PostgreSQL (or Meilisearch while creating indexes) down: the next try comes soon.
        if (failures === 1 || failures % 30 === 0)
          log.warn({ err: error, failures }, 'search outbox relay: waiting for its dependencies');
        await dropConnection();
        if (running) await sleep(Math.min(MAX_OUTAGE_BACKOFF_MS, OUTAGE_RETRY_MS * failures));
        continue;
      }
      if (running && !notified) await sleep(pollMs);
    }
  }

  return {
    runOnce,

    /** True while the last batch could not reach Meilisearch. */
    isSearchDown: () => searchDown,

    start(): void {
      if (running) return;
      running = true;
      loopDone = loop();
    },

    /** Stops after the current batch; resolves once the loop and its connection are closed. */
    async stop(): Promise<void> {
      running = false;
      wake?.();
      await loopDone;
      await connecting?.catch(() => undefined);
      await dropConnection();
    },

    /**
     * Applies events until the outbox is empty (tests, scripts). Works whether or not the loop
     * runs: concurrent runs are serialised by the writer lock.
     */
    async drain(timeoutMs = 15_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const left = await db
          .selectFrom('search_outbox')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        if (Number(left.n) === 0) return;
        if (Date.now() > deadline) throw new Error(`search outbox not drained: ${left.n} events left`);
        const run = await runOnce();
        if (run.locked || run.applied === 0) await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}
