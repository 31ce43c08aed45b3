import { Indexing } from '@malle/schema/sheets';
import { ATTACHMENT_KIND_OF_FILE_KIND, ATTACHMENT_KINDS } from '@malle/schema/search';
import { termLabel } from '@malle/schema/taxonomies';
import { sql } from 'kysely';
import type { Database } from '../../lib/db.ts';

export interface VersionFacts {
  themes: string[];
  kinds: { id: string; label: string }[];
}

/**
 * What a card shows beyond the collection's own data, for given versions of given sheets: the
 * version's themes (as labels) and its attachments' kinds, in one query. The caller has already
 * checked that each sheet is readable.
 */
export async function versionFacts(
  db: Database,
  versions: readonly { sheetId: string; version: number }[],
): Promise<Map<string, VersionFacts>> {
  if (!versions.length) return new Map();
  const rows = await db
    .selectFrom('sheet_versions as v')
    .select([
      'v.sheet_id',
      'v.number',
      'v.indexing',
      sql<string[]>`coalesce((select array_agg(distinct bl.kind) from sheet_version_files svf
        join files f on f.id = svf.file_id join blobs bl on bl.sha256 = f.blob_sha256
        where svf.sheet_id = v.sheet_id and svf.version = v.number and f.purpose = 'attachment'), '{}')`.as('kinds'),
    ])
    .where((eb) => eb.or(versions.map((v) => eb.and([eb('v.sheet_id', '=', v.sheetId), eb('v.number', '=', v.version)]))))
    .execute();
  const facts = new Map<string, VersionFacts>();
  for (const row of rows) {
    const indexing = Indexing.safeParse(row.indexing);
    const kindIds = new Set(row.kinds.map((k) => ATTACHMENT_KIND_OF_FILE_KIND[k]).filter(Boolean));
    facts.set(`${row.sheet_id}:${row.number}`, {
      themes: indexing.success
        ? indexing.data.themes.map((id) => termLabel('themes', id)).filter((l): l is string => Boolean(l))
        : [],
      // In the filter's order, so that cards read the same way everywhere.
      kinds: ATTACHMENT_KINDS.filter((k) => kindIds.has(k.id)).map((k) => ({ id: k.id, label: k.label })),
    });
  }
  return facts;
}

/** Adds counted displays to the daily counters (one statement for a whole batch). */
export async function addEmbedViews(
  db: Database,
  rows: readonly { collectionId: string; day: string; domain: string; views: number }[],
) {
  if (!rows.length) return;
  await sql`
    insert into embed_views (collection_id, day, domain, views)
    select t.collection_id, t.day, t.domain, t.views
      from unnest(${rows.map((r) => r.collectionId)}::uuid[], ${rows.map((r) => r.day)}::date[],
                  ${rows.map((r) => r.domain)}::text[], ${rows.map((r) => r.views)}::bigint[])
           as t(collection_id, day, domain, views)
      -- A collection deleted since the display was counted: its counts go with it.
      where exists (select 1 from collections c where c.id = t.collection_id)
    on conflict (collection_id, day, domain) do update set views = embed_views.views + excluded.views
  `.execute(db);
}

export async function embedViews(db: Database, collectionId: string, since: string) {
  return (
    db
      .selectFrom('embed_views')
      // As text: node-postgres would turn a date into a local-midnight Date.
      .select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'domain', 'views'])
      .where('collection_id', '=', collectionId)
      .where(sql<boolean>`day >= ${since}::date`)
      .orderBy('day', 'desc')
      .orderBy('views', 'desc')
      .execute()
  );
}
