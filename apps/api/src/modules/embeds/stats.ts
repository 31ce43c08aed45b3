/**
 * Embed statistics: how many times each collection was displayed, per day and per partner site.
 * Only the host name of the embedding page is kept (from the Referer the browser sends with the
 * frame request, by default just the origin), never an address, a path or a visitor id. Counts add
 * up in memory and reach the database in one statement every few seconds, so that displays cost
 * nothing on the request path.
 */
import type { Database } from '../../lib/db.ts';
import { addEmbedViews, embedViews } from './repo.ts';

/** Displays from pages that send no Referer (strict referrer policies, direct visits). */
export const UNKNOWN_DOMAIN = '';

const parisDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function domainOf(referer: string | undefined): string {
  if (!referer) return UNKNOWN_DOMAIN;
  try {
    const url = new URL(referer);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return UNKNOWN_DOMAIN;
    return url.hostname.toLowerCase().slice(0, 253);
  } catch {
    return UNKNOWN_DOMAIN;
  }
}

export type EmbedStats = ReturnType<typeof createEmbedStats>;

export function createEmbedStats(deps: {
  db: Database;
  log: { warn(obj: object, msg: string): void };
  /** Malle's own host: its previews ("Intégrer sur votre site") are not partner displays. */
  ownHost: string;
  flushMs?: number;
  /** Beyond this many distinct counters, flush at once. */
  maxKeys?: number;
}) {
  const counts = new Map<string, number>();
  const maxKeys = deps.maxKeys ?? 10_000;
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> = Promise.resolve();
  // Today in Paris, worked out at most once a minute rather than on every display.
  let today = { day: '', until: 0 };
  function currentDay(): string {
    const now = Date.now();
    if (now >= today.until) today = { day: parisDay.format(now), until: now + 60_000 - (now % 60_000) };
    return today.day;
  }

  async function write(batch: [string, number][]) {
    const rows = batch.map(([key, views]) => {
      const [collectionId, day, domain] = key.split('|') as [string, string, string];
      return { collectionId, day, domain, views };
    });
    try {
      await addEmbedViews(deps.db, rows);
    } catch (error) {
      deps.log.warn({ err: error, counters: rows.length }, 'embed statistics: write failed, kept for the next attempt');
      if (counts.size < maxKeys) for (const [key, views] of batch) counts.set(key, (counts.get(key) ?? 0) + views);
    }
  }

  function flush(): Promise<void> {
    const batch = [...counts];
    counts.clear();
    flushing = flushing.then(() => (batch.length ? write(batch) : undefined));
    return flushing;
  }

  return {
    count(collectionId: string, referer: string | undefined) {
      const domain = domainOf(referer);
      if (domain === deps.ownHost) return;
      const key = `${collectionId}|${currentDay()}|${domain}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (counts.size >= maxKeys) void flush();
    },
    flush,
    /** The last `days` days of a collection, per day and site and per site (most displays first). */
    async report(collectionId: string, days: number) {
      await flush();
      const since = new Date(Date.now() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
      const rows = (await embedViews(deps.db, collectionId, since)).map((d) => ({ ...d, views: Number(d.views) }));
      const byDomain = new Map<string, number>();
      for (const d of rows) byDomain.set(d.domain, (byDomain.get(d.domain) ?? 0) + d.views);
      return {
        since,
        total: rows.reduce((sum, d) => sum + d.views, 0),
        domains: [...byDomain]
          .map(([domain, views]) => ({ domain, views }))
          .sort(
            // Sites that send no referrer last among equals.
            (a, b) => b.views - a.views || Number(a.domain === '') - Number(b.domain === '') || a.domain.localeCompare(b.domain),
          ),
        days: rows,
      };
    },
    start() {
      timer ??= setInterval(() => void flush(), deps.flushMs ?? 15_000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await flush();
    },
  };
}
