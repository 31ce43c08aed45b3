/**
 * List queries of the public read API. What anonymous visitors may find is the access module's
 * rule in SQL (`sheetFindableBy(null)`, access/sql.ts); lists show the latest published version,
 * never the draft.
 */
import { sql } from 'kysely';
import type { Executor } from '../../lib/db.ts';
import { sheetFindableBy } from '../access/sql.ts';

function publicSheets(db: Executor) {
  return db
    .selectFrom('sheets as s')
    .leftJoin('bases as sb', 'sb.id', 's.owner_base_id')
    .innerJoin('sheet_versions as v', (join) => join.onRef('v.sheet_id', '=', 's.id').onRef('v.number', '=', 's.latest_version'))
    .where(sheetFindableBy(null));
}

/** A page of public sheets (of one base when `baseId` is given), most recently published first. */
export function listPublicSheets(db: Executor, options: { limit: number; offset: number; baseId?: string }) {
  let query = publicSheets(db)
    .leftJoin('users as su', 'su.id', 's.owner_user_id')
    .select([
      's.id',
      's.slug',
      's.latest_version',
      's.owner_base_id',
      's.owner_user_id',
      'sb.slug as base_slug',
      'sb.name as base_name',
      'su.display_name as owner_name',
      'su.profile_public as owner_profile_public',
      'v.title',
      'v.summary',
      'v.indexing',
      'v.licence',
      'v.created_at as published_at',
    ]);
  if (options.baseId) query = query.where('s.owner_base_id', '=', options.baseId);
  return query.orderBy('v.created_at', 'desc').orderBy('s.id').limit(options.limit).offset(options.offset).execute();
}

export type PublicSheetRow = Awaited<ReturnType<typeof listPublicSheets>>[number];

export async function countPublicSheets(db: Executor): Promise<number> {
  const row = await publicSheets(db)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function publicBases(db: Executor) {
  return db.selectFrom('bases').where('bases.deleted_at', 'is', null).where('bases.is_public', '=', true);
}

/** A page of public bases, by name (then id, so that pages never overlap). */
export function listPublicBases(db: Executor, limit: number, offset: number) {
  return publicBases(db)
    .select([
      'bases.id',
      'bases.slug',
      'bases.name',
      'bases.description',
      'bases.departement',
      sql<number>`(select count(*)::int from base_members m where m.base_id = bases.id)`.as('member_count'),
    ])
    .orderBy('bases.name')
    .orderBy('bases.id')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countPublicBases(db: Executor): Promise<number> {
  const row = await publicBases(db)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Which of these people have a public profile (their name links to it). */
export async function publicProfileIds(db: Executor, userIds: readonly string[]): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('id', 'in', [...new Set(userIds)])
    .where('profile_public', '=', true)
    .execute();
  return new Set(rows.map((r) => r.id));
}
