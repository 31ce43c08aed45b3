/**
 * The rules of `rules.ts` as SQL conditions, for queries that filter many rows at once (lists,
 * collection items, counts). Each takes the aliases under which the query joined the tables: the
 * thing itself and its base (left-joined, null for personal things). `access.test.ts` checks
 * that each agrees with its TypeScript form on every combination.
 */
import { sql, type RawBuilder } from 'kysely';

export interface Aliases {
  /** The sheet or collection (e.g. `s`, `sheets`, `c`). */
  row: string;
  /** Its base, left-joined on `<row>.owner_base_id` (e.g. `sb`, `bases`). */
  base: string;
}

const col = (alias: string, column: string) => sql.ref(`${alias}.${column}`);
// Every rule is a true boolean, never SQL's null (a null owner compared to a viewer is unknown):
// selected as a value, it must read like the TypeScript rule.
const DEFAULT_SHEET: Aliases = { row: 's', base: 'sb' };

/** Not deleted, and neither is its base (personal sheets have none). */
function exists(a: Aliases): RawBuilder<boolean> {
  return sql<boolean>`(${col(a.row, 'deleted_at')} is null and (${col(a.base, 'id')} is null or ${col(a.base, 'deleted_at')} is null))`;
}

/** The viewer is a member (any role) of the row's base. */
function memberOfBase(viewerId: string, a: Aliases): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from base_members m where m.base_id = ${col(a.row, 'owner_base_id')} and m.user_id = ${viewerId})`;
}

/** `canEditSheet`: owner, member of its base, contributor. */
export function sheetEditableBy(viewerId: string | null, a: Aliases = DEFAULT_SHEET): RawBuilder<boolean> {
  if (!viewerId) return sql<boolean>`false`;
  return sql<boolean>`coalesce((${exists(a)} and (${col(a.row, 'owner_user_id')} = ${viewerId}
    or ${memberOfBase(viewerId, a)}
    or exists (select 1 from sheet_contributors sc where sc.sheet_id = ${col(a.row, 'id')} and sc.user_id = ${viewerId}))), false)`;
}

/** Public in a public space (personal sheets count as public space). */
function publicInPublicSpace(a: Aliases): RawBuilder<boolean> {
  return sql<boolean>`(${col(a.row, 'visibility')} = 'public' and (${col(a.base, 'id')} is null or ${col(a.base, 'is_public')}))`;
}

/** `canFindSheet`: published, and public in a public space or edited by the viewer. */
export function sheetFindableBy(viewerId: string | null, a: Aliases = DEFAULT_SHEET): RawBuilder<boolean> {
  return sql<boolean>`coalesce((${exists(a)} and ${col(a.row, 'latest_version')} > 0
    and (${publicInPublicSpace(a)} or ${sheetEditableBy(viewerId, a)})), false)`;
}

/** `canEditCollection`: its owner, or a member of its base. */
export function collectionEditableBy(viewerId: string | null, a: Aliases): RawBuilder<boolean> {
  if (!viewerId) return sql<boolean>`false`;
  return sql<boolean>`coalesce(((${col(a.base, 'id')} is null or ${col(a.base, 'deleted_at')} is null)
    and (${col(a.row, 'owner_user_id')} = ${viewerId} or ${memberOfBase(viewerId, a)})), false)`;
}

/** `canFindCollection`. */
export function collectionFindableBy(viewerId: string | null, a: Aliases): RawBuilder<boolean> {
  return sql<boolean>`coalesce(((${col(a.base, 'id')} is null or ${col(a.base, 'deleted_at')} is null)
    and not ${col(a.row, 'is_favorites')} and (${publicInPublicSpace(a)} or ${collectionEditableBy(viewerId, a)})), false)`;
}

/** `canReadBase` (without a viewer: public bases only). */
export function baseReadableBy(viewerId: string | null, alias = 'b'): RawBuilder<boolean> {
  const member = viewerId
    ? sql`exists (select 1 from base_members m where m.base_id = ${col(alias, 'id')} and m.user_id = ${viewerId})`
    : sql`false`;
  return sql<boolean>`coalesce((${col(alias, 'deleted_at')} is null and (${col(alias, 'is_public')} or ${member})), false)`;
}
