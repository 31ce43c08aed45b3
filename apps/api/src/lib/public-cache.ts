/**
 * The server-side cache of public, viewer-independent answers: embed pages and the public API
 * (ADR 012). Entries are tagged with the documents they were built from (`sheets:<id>`,
 * `collections:<id>`, `bases:<id>`, `profiles:<id>`, or `<index>:*` for lists); the search
 * outbox's change feed (NOTIFY `public_changes`, one payload per changed document, sent when the
 * writing transaction commits) drops every entry tagged with a changed document, in every API
 * process. A time limit is the safety net for anything the feed does not carry.
 *
 *   const page = await cache.get(`embed:${id}`, async () => ({ value: await render(id), tags: [`collections:${id}`] }));
 *
 * Correctness first:
 * - concurrent misses for one key share one build (a burst after a change costs one build);
 * - a build that started before a change to one of its documents is returned but never stored;
 * - while the feed is down (no LISTEN connection) nothing is stored, so nothing can go stale; the
 *   cache empties and fills again once the connection is back.
 */
import { LRUCache } from 'lru-cache';
import pg from 'pg';

export interface Built<T> {
  value: T;
  /** Documents this value was built from. An empty list means "only the time limit". */
  tags: readonly string[];
}

export interface PublicCacheStats {
  hits: number;
  misses: number;
  entries: number;
  /** False while the change feed is down: every call builds, nothing is stored. */
  listening: boolean;
}

export interface PublicCache {
  get<T>(key: string, build: () => Promise<Built<T>>): Promise<T>;
  /** Drops every entry built from this document (and lists of its kind). */
  invalidate(change: string): void;
  clear(): void;
  stats(): PublicCacheStats;
  /** Resolves once the change feed listens (or failed to; then the cache stays bypassed). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

interface Entry {
  value: unknown;
  tags: readonly string[];
}

interface Logger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export function createPublicCache(options: {
  databaseUrl: string;
  log: Logger;
  maxEntries: number;
  ttlMs: number;
  /** Tests and benchmarks: run without the change feed, storing anyway (time limit only). */
  listen?: boolean;
  /** Every call builds, nothing is stored or shared (PUBLIC_CACHE_MAX_ENTRIES=0). */
  disabled?: boolean;
}): PublicCache {
  const { log } = options;
  const byTag = new Map<string, Set<string>>();
  const entries = new LRUCache<string, Entry>({
    max: options.maxEntries,
    ttl: options.ttlMs,
    // Keep the tag index in step with evictions and expiries.
    dispose: (entry, key) => untag(key, entry.tags),
  });
  const building = new Map<string, { epoch: number; promise: Promise<unknown> }>();
  // Every invalidation moves the epoch on; a build remembers the epoch it started at.
  let epoch = 0;
  let clearedAt = 0;
  const invalidatedAt = new Map<string, number>();
  let listening = options.listen === false;
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  let hits = 0;
  let misses = 0;

  function untag(key: string, tags: readonly string[]) {
    for (const tag of tags) {
      const keys = byTag.get(tag);
      keys?.delete(key);
      if (keys && !keys.size) byTag.delete(tag);
    }
  }

  function tagsOf(change: string): string[] {
    const kind = change.slice(0, change.indexOf(':'));
    return kind ? [change, `${kind}:*`] : [change];
  }

  function invalidate(change: string) {
    epoch += 1;
    for (const tag of tagsOf(change)) {
      invalidatedAt.set(tag, epoch);
      for (const key of [...(byTag.get(tag) ?? [])]) entries.delete(key);
    }
    // Only builds still running can need these marks; forget them once none is.
    if (!building.size) invalidatedAt.clear();
  }

  function clear() {
    epoch += 1;
    clearedAt = epoch;
    entries.clear();
    byTag.clear();
    invalidatedAt.clear();
    building.clear();
  }

  async function build<T>(key: string, make: () => Promise<Built<T>>): Promise<T> {
    const startedAt = epoch;
    const run = { epoch: startedAt, promise: Promise.resolve() as Promise<unknown> };
    building.set(key, run);
    run.promise = (async () => {
      try {
        const { value, tags } = await make();
        const stale = clearedAt > startedAt || tags.some((t) => (invalidatedAt.get(t) ?? 0) > startedAt);
        if (listening && !stale) {
          entries.set(key, { value, tags });
          for (const tag of tags) {
            let keys = byTag.get(tag);
            if (!keys) byTag.set(tag, (keys = new Set()));
            keys.add(key);
          }
        }
        return value;
      } finally {
        if (building.get(key) === run) building.delete(key);
      }
    })();
    return run.promise as Promise<T>;
  }

  async function connect(): Promise<void> {
    if (stopped) return;
    const next = new pg.Client({ connectionString: options.databaseUrl });
    next.on('notification', (message) => {
      if (message.channel === 'public_changes' && message.payload) invalidate(message.payload);
    });
    next.on('error', (error) => {
      log.warn({ err: error }, 'public cache: change feed lost, cache bypassed until it is back');
      listening = false;
      clear();
      client = null;
      next.end().catch(() => undefined);
      scheduleRetry();
    });
    try {
      await next.connect();
      await next.query('listen public_changes');
      client = next;
      // Whatever changed while nobody listened is unknown: start empty.
      clear();
      listening = true;
    } catch (error) {
      log.warn({ err: error }, 'public cache: change feed unavailable, cache bypassed');
      await next.end().catch(() => undefined);
      scheduleRetry();
    }
  }

  function scheduleRetry() {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, 2000);
    retry.unref();
  }

  return {
    async get<T>(key: string, make: () => Promise<Built<T>>): Promise<T> {
      if (options.disabled) {
        misses += 1;
        return (await make()).value;
      }
      const entry = entries.get(key);
      if (entry) {
        hits += 1;
        return entry.value as T;
      }
      misses += 1;
      const running = building.get(key);
      if (running && running.epoch === epoch) return running.promise as Promise<T>;
      return build(key, make);
    },
    invalidate,
    clear,
    stats: () => ({ hits, misses, entries: entries.size, listening }),
    async start() {
      stopped = false;
      if (options.listen === false || options.disabled) return;
      await connect();
    },
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      retry = null;
      const current = client;
      client = null;
      listening = options.listen === false;
      clear();
      await current?.end().catch(() => undefined);
    },
  };
}
