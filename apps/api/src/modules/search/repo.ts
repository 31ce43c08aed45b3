import type { Executor } from '../../lib/db.ts';

/** Ids of the (non-deleted) bases a person belongs to: what private content they may find. */
export async function baseIdsOf(db: Executor, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('base_members')
    .innerJoin('bases', 'bases.id', 'base_members.base_id')
    .select('bases.id')
    .where('base_members.user_id', '=', userId)
    .where('bases.deleted_at', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

/** Documents with events the relay has not applied yet (their index entry may be stale). */
export function pendingDocuments(db: Executor, kinds: readonly string[], limit: number) {
  if (!kinds.length) return Promise.resolve([]);
  return db
    .selectFrom('search_outbox')
    .select(['index_name', 'doc_id'])
    .where('index_name', 'in', [...kinds])
    .groupBy(['index_name', 'doc_id'])
    .limit(limit)
    .execute();
}

export function baseNamesBySlug(db: Executor, slugs: string[]) {
  return db.selectFrom('bases').select(['slug', 'name']).where('slug', 'in', slugs).where('deleted_at', 'is', null).execute();
}

export async function logQuery(
  db: Executor,
  entry: {
    userId: string | null;
    q: string;
    type: string;
    filters: Record<string, string[]>;
    sort: string;
    page: number;
    total: number;
    durationMs: number;
  },
): Promise<void> {
  await db
    .insertInto('search_queries')
    .values({
      user_id: entry.userId,
      q: entry.q,
      type: entry.type,
      filters: JSON.stringify(entry.filters),
      sort: entry.sort,
      page: entry.page,
      total: entry.total,
      duration_ms: entry.durationMs,
    })
    .execute();
}

/** Recent queries that found nothing, most frequent first (for the editorial team). */
export function zeroResultQueries(db: Executor, since: Date, limit: number) {
  return db
    .selectFrom('search_queries')
    .select((eb) => ['q', eb.fn.countAll<number>().as('count'), eb.fn.max('created_at').as('last_at')])
    .where('total', '=', 0)
    .where('created_at', '>=', since)
    .groupBy('q')
    .orderBy('count', 'desc')
    .limit(limit)
    .execute();
}
