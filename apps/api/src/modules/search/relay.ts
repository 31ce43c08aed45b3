/**
 * The outbox relay (ADR 007): a loop in the API process that applies `search_outbox` rows to
 * Meilisearch. It wakes on NOTIFY (trigger on insert) and polls as a safety net. Each batch runs
 * in one transaction holding the writer lock: rows are read in id order, grouped per index and
 * document (several events for one document become one write of its current state), applied
 * while waiting for Meilisearch to finish each task, and deleted only then. A crash at any point
 * leaves the rows in place and the next run applies them again; applying is idempotent. A failing
 * index gets its rows retried with exponential backoff; other indexes go on.
 */
import type { DB } from '@malle/schema/db';
import type { FastifyBaseLogger } from 'fastify';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { Search } from '../../lib/search.ts';
import { INDEXES } from './documents.ts';
import type { IndexKey } from './outbox.ts';
import { ensureIndexes, syncDocuments, WRITER_LOCK } from './sync.ts';

export interface RelayOptions {
  db: Kysely<DB>;
  search: Search;
  /** For LISTEN, on a connection of its own. */
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
  /** false: another writer holds the lock (or the outbox is empty). */
  applied: number;
  failed: number;
  locked: boolean;
}

/** 1 s, 2 s, 4 s… up to 5 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(300_000, 1000 * 2 ** Math.max(0, attempts - 1));
}

export type SearchRelay = ReturnType<typeof createSearchRelay>;

export function createSearchRelay(options: RelayOptions) {
  const { db, search, log } = options;
  const batchSize = options.batchSize ?? 500;
  const pollMs = options.pollMs ?? 2000;
  let running = false;
  let loopDone: Promise<void> = Promise.resolve();
  let wake: (() => void) | null = null;
  let listener: pg.Client | null = null;
  let indexesReady = false;
  // Set by a notification; a notification that arrives while a batch runs must not be lost.
  let notified = false;

  /** Applies one batch. Safe to call concurrently (and from several processes): the lock decides. */
  async function runOnce(): Promise<RelayRun> {
    if (!indexesReady) {
      await ensureIndexes(search);
      indexesReady = true;
    }
    return db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${WRITER_LOCK}) as ok`.execute(trx);
      if (!rows[0]?.ok) return { applied: 0, failed: 0, locked: true };
      const events: OutboxEvent[] = await trx
        .selectFrom('search_outbox')
        .select(['id', 'index_name', 'doc_id', 'attempts'])
        .where('available_at', '<=', sql<Date>`now()`)
        .orderBy('id')
        .limit(batchSize)
        .forUpdate()
        .skipLocked()
        .execute();
      if (!events.length) return { applied: 0, failed: 0, locked: false };

      const byIndex = new Map<string, OutboxEvent[]>();
      for (const e of events) byIndex.set(e.index_name, [...(byIndex.get(e.index_name) ?? []), e]);
      const done: number[] = [];
      let failed = 0;
      const known = [...byIndex].filter(([index, group]) => {
        if (index in INDEXES) return true;
        // An index this version does not know (e.g. written by a newer release): keep the rows.
        log.warn({ index, count: group.length }, 'search outbox: unknown index, events kept');
        failed += group.length;
        return false;
      });
      // Indexes are independent: their writes go to Meilisearch together.
      const outcomes = await Promise.allSettled(
        known.map(([index, group]) => syncDocuments(trx, search, index as IndexKey, [...new Set(group.map((e) => e.doc_id))])),
      );
      for (const [i, outcome] of outcomes.entries()) {
        const [index, group] = known[i]!;
        if (outcome.status === 'fulfilled') {
          done.push(...group.map((e) => e.id));
        } else {
          const error: unknown = outcome.reason;
          failed += group.length;
          const attempts = Math.max(...group.map((e) => e.attempts)) + 1;
          log.error({ err: error, index, count: group.length, attempts }, 'search outbox: batch failed, will retry');
          await trx
            .updateTable('search_outbox')
            .set({
              attempts: sql`attempts + 1`,
              available_at: new Date(Date.now() + backoffMs(attempts)),
              last_error: String(error instanceof Error ? error.message : error).slice(0, 1000),
            })
            .where(
              'id',
              'in',
              group.map((e) => e.id),
            )
            .execute();
        }
      }
      await options.afterApply?.(events);
      if (done.length) {
        await trx.deleteFrom('search_outbox').where('id', 'in', done).execute();
        // Meilisearch now shows these changes: cached search answers may be rebuilt (public cache, ADR 013).
        await sql`select pg_notify('public_changes', 'search:applied')`.execute(trx);
      }
      return { applied: done.length, failed, locked: false };
    });
  }

  async function listen(): Promise<void> {
    try {
      const client = new pg.Client({ connectionString: options.databaseUrl });
      client.on('notification', () => {
        notified = true;
        wake?.();
      });
      client.on('error', (error) => {
        log.warn({ err: error }, 'search outbox: LISTEN connection lost, polling only');
        listener = null;
      });
      await client.connect();
      await client.query('listen search_outbox');
      listener = client;
    } catch (error) {
      log.warn({ err: error }, 'search outbox: LISTEN unavailable, polling only');
    }
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
        if (run.applied > 0 && running) continue;
        if (!listener && running) await listen();
      } catch (error) {
        failures++;
        log.error({ err: error }, 'search outbox relay error');
        if (running) await sleep(backoffMs(failures));
        continue;
      }
      if (running && !notified) await sleep(pollMs);
    }
  }

  return {
    runOnce,

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
      const client = listener;
      listener = null;
      await client?.end().catch(() => undefined);
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
