/**
 * Rate-limit counters every API process shares, in PostgreSQL (ADR 014): fixed windows in the
 * `rate_limits` table, one row per key. Two ways to count:
 * - exact: one statement per hit. For small limits where every attempt matters (log-in, reset,
 *   uploads, ratings): an attacker spreading attempts over processes gains nothing.
 * - batched: hits are counted in memory and added to the shared row every `flushMs` in one
 *   statement for all keys. For large limits on hot paths (the global limit, embeds, the public
 *   API), where one write per request would cost more than the limit protects; several processes
 *   may together overshoot by what they receive within one flush interval.
 * When the database is down, exact counting fails the request (it needs the database anyway);
 * batched counting goes on per process and catches up once the database is back.
 */
import type { DB } from '@malle/schema/db';
import { sql, type Kysely } from 'kysely';

export interface Count {
  count: number;
  ttlMs: number;
}

/** Shared counters, also used directly by services (per-account throttles). */
export interface Counters {
  /** Adds one hit to `key` in its window (opened now if none is running). */
  hit(key: string, windowMs: number): Promise<Count>;
  /** The window's count without adding to it (0 when no window is running). */
  peek(key: string): Promise<Count>;
  reset(key: string): Promise<void>;
  /** Forgets windows that ended (the hourly clean-up). */
  purge(): Promise<number>;
}

type Row = { key: string; hits: number; ttl_ms: number };

function upsert(db: Kysely<DB>, keys: string[], deltas: number[], windows: number[]) {
  return sql<Row>`
    insert into rate_limits as r (key, hits, window_ends_at)
    select k, d, now() + make_interval(secs => w / 1000.0)
      from unnest(${keys}::text[], ${deltas}::int[], ${windows}::int[]) as t(k, d, w)
    on conflict (key) do update set
      hits = case when r.window_ends_at <= now() then excluded.hits else r.hits + excluded.hits end,
      window_ends_at = case when r.window_ends_at <= now() then excluded.window_ends_at else r.window_ends_at end
    returning key, hits, greatest(0, extract(epoch from (window_ends_at - now())) * 1000)::int as ttl_ms`.execute(db);
}

export function createCounters(db: Kysely<DB>): Counters {
  return {
    async hit(key, windowMs) {
      const { rows } = await upsert(db, [key], [1], [Math.round(windowMs)]);
      const row = rows[0]!;
      return { count: row.hits, ttlMs: row.ttl_ms };
    },
    async peek(key) {
      const { rows } =
        await sql<Row>`select key, hits, greatest(0, extract(epoch from (window_ends_at - now())) * 1000)::int as ttl_ms
        from rate_limits where key = ${key} and window_ends_at > now()`.execute(db);
      const row = rows[0];
      return row ? { count: row.hits, ttlMs: row.ttl_ms } : { count: 0, ttlMs: 0 };
    },
    async reset(key) {
      await db.deleteFrom('rate_limits').where('key', '=', key).execute();
    },
    async purge() {
      const res = await db
        .deleteFrom('rate_limits')
        .where('window_ends_at', '<', sql<Date>`now()`)
        .executeTakeFirst();
      return Number(res.numDeletedRows);
    },
  };
}

/** Limits at or under this many hits per window are counted exactly. */
export const EXACT_COUNTING_MAX = 200;

interface Local {
  /** Shared count at the last flush, pending hits not sent yet, hits being sent now. */
  shared: number;
  pending: number;
  inflight: number;
  windowMs: number;
  endsAt: number;
}

type StoreCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;

interface RouteOptions {
  max?: unknown;
  groupId?: string;
  routeInfo?: { method?: string | string[]; url?: string };
}

/**
 * A store class for @fastify/rate-limit backed by the shared counters. `prefix` keeps the
 * counters of each route (or group) apart, as the library's own stores do.
 */
export function createRateLimitStore(db: Kysely<DB>, options: { flushMs?: number; maxLocalKeys?: number } = {}) {
  const counters = createCounters(db);
  const flushMs = options.flushMs ?? 1000;
  const maxLocalKeys = options.maxLocalKeys ?? 100_000;
  const local = new Map<string, Local>();
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> = Promise.resolve();

  async function flush(): Promise<void> {
    timer = null;
    const now = Date.now();
    const batch: Array<[string, Local, number]> = [];
    for (const [key, entry] of local) {
      if (entry.endsAt <= now && entry.pending === 0 && entry.inflight === 0) local.delete(key);
      else if (entry.pending > 0) {
        batch.push([key, entry, entry.pending]);
        entry.inflight += entry.pending;
        entry.pending = 0;
      }
    }
    if (!batch.length) return;
    try {
      const { rows } = await upsert(
        db,
        batch.map(([key]) => key),
        batch.map(([, , delta]) => delta),
        batch.map(([, entry]) => entry.windowMs),
      );
      const byKey = new Map(rows.map((r) => [r.key, r]));
      for (const [key, entry, delta] of batch) {
        entry.inflight -= delta;
        const row = byKey.get(key);
        if (row) {
          entry.shared = row.hits;
          entry.endsAt = Date.now() + row.ttl_ms;
        }
      }
    } catch {
      // Database down: keep counting here; the hits are sent with the next flush.
      for (const [, entry, delta] of batch) {
        entry.inflight -= delta;
        entry.pending += delta;
      }
      schedule();
    }
  }

  function schedule() {
    if (timer) return;
    timer = setTimeout(() => {
      flushing = flushing.then(flush);
    }, flushMs);
    timer.unref();
  }

  function batchedHit(key: string, windowMs: number): Count {
    const now = Date.now();
    let entry = local.get(key);
    if (!entry || (entry.endsAt <= now && entry.inflight === 0)) {
      if (!entry && local.size >= maxLocalKeys) {
        // Memory bound under an address-spraying flood: forget the oldest keys.
        for (const k of [...local.keys()].slice(0, Math.ceil(maxLocalKeys / 10))) local.delete(k);
      }
      entry = { shared: 0, pending: 0, inflight: 0, windowMs, endsAt: now + windowMs };
      local.set(key, entry);
    }
    entry.pending += 1;
    schedule();
    return { count: entry.shared + entry.inflight + entry.pending, ttlMs: Math.max(0, entry.endsAt - now) };
  }

  class SharedStore {
    private readonly prefix: string;
    private readonly exact: boolean;

    // The library passes its merged route options (typed loosely by its declarations).
    constructor(options?: unknown, prefix = 'global|') {
      const route = (options ?? {}) as RouteOptions;
      this.prefix = prefix;
      this.exact = typeof route.max === 'number' && route.max <= EXACT_COUNTING_MAX;
    }

    incr(key: string, callback: StoreCallback, timeWindow: number): void {
      const full = `${this.prefix}${key}`;
      if (!this.exact) {
        const { count, ttlMs } = batchedHit(full, timeWindow);
        callback(null, { current: count, ttl: ttlMs });
        return;
      }
      counters.hit(full, timeWindow).then(
        ({ count, ttlMs }) => callback(null, { current: count, ttl: ttlMs }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    read(key: string, callback: StoreCallback): void {
      counters.peek(`${this.prefix}${key}`).then(
        ({ count, ttlMs }) => callback(null, { current: count, ttl: ttlMs }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    child(options: unknown): SharedStore {
      const route = options as RouteOptions;
      const method = [route.routeInfo?.method ?? ''].flat().join(',');
      const scope = route.groupId ?? `${method}${route.routeInfo?.url ?? ''}`;
      return new SharedStore(route, `${scope}|`);
    }
  }

  return {
    Store: SharedStore,
    counters,
    /** Sends the hits counted here (shutdown, tests). */
    async flush(): Promise<void> {
      if (timer) clearTimeout(timer);
      timer = null;
      flushing = flushing.then(flush);
      await flushing;
    },
  };
}
