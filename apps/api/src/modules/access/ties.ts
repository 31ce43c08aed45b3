/**
 * The viewer's ties to a thing (their role in its base, whether they contribute to it), read in
 * one query: what the rules of `rules.ts` need beyond the thing's own facts.
 */
import type { BaseRole } from '@malle/schema/bases';
import { sql } from 'kysely';
import type { Executor } from '../../lib/db.ts';
import { ANONYMOUS, type Ties } from './rules.ts';

export async function tiesOf(
  db: Executor,
  viewerId: string | null,
  target: { baseId: string | null; sheetId?: string | null },
): Promise<Ties> {
  if (!viewerId) return ANONYMOUS;
  if (!target.baseId && !target.sheetId) return { viewerId, baseRole: null, contributor: false };
  const { rows } = await sql<{ role: BaseRole | null; contributor: boolean }>`select
      (select m.role from base_members m where m.base_id = ${target.baseId} and m.user_id = ${viewerId}) as role,
      exists (select 1 from sheet_contributors c where c.sheet_id = ${target.sheetId ?? null} and c.user_id = ${viewerId}) as contributor`.execute(
    db,
  );
  const row = rows[0]!;
  return { viewerId, baseRole: row.role, contributor: row.contributor };
}
