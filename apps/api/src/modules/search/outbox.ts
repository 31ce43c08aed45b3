/**
 * The outbox API (ADR 007). Every write that changes what search shows calls one of these in the
 * SAME transaction as the write: the event commits or rolls back with it, so search can never miss
 * a change nor show one that did not happen. Events name a document only; the relay indexes the
 * document's state at the time it runs (which is why an older state never overwrites a newer one).
 *
 *   await recordSearchChange(trx, { index: 'sheets', id: sheet.id });
 *
 * Indexes: 'sheets', 'bases', 'collections', 'profiles'. Files call
 * `recordSheetChange(trx, sheetId)` once an attachment's text is extracted; ratings and
 * collections call it when a score or membership changes.
 */
import type { DB } from '@malle/schema/db';
import { sql, type Kysely, type Transaction } from 'kysely';

type Executor = Kysely<DB> | Transaction<DB>;

/** Index names known to the outbox. Each must have a definition in documents.ts. */
export type IndexKey = 'sheets' | 'bases' | 'collections' | 'profiles';

export async function recordSearchChange(db: Executor, change: { index: IndexKey; id: string }): Promise<void> {
  await recordSearchChanges(db, change.index, [change.id]);
}

export async function recordSearchChanges(db: Executor, index: IndexKey, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  await db
    .insertInto('search_outbox')
    .values(ids.map((id) => ({ index_name: index, doc_id: id })))
    .execute();
}

/**
 * A sheet changed: its document, the document of its owner (base or person), whose public sheet
 * count may have changed with it, and the collections that hold it (their public item count).
 */
export async function recordSheetChange(db: Executor, sheetId: string): Promise<void> {
  await sql`
    insert into search_outbox (index_name, doc_id)
    select 'sheets', s.id::text from sheets s where s.id = ${sheetId}
    union all
    select case when s.owner_base_id is not null then 'bases' else 'profiles' end,
           coalesce(s.owner_base_id, s.owner_user_id)::text
      from sheets s where s.id = ${sheetId}
    union all
    select 'collections', ci.collection_id::text from collection_items ci where ci.sheet_id = ${sheetId}
  `.execute(db);
}

/**
 * A base changed in a way its sheets' and collections' documents carry (name, visibility,
 * deletion: a private base makes its collections private).
 */
export async function recordBaseAndItsSheets(db: Executor, baseId: string): Promise<void> {
  await sql`
    insert into search_outbox (index_name, doc_id)
    select 'bases', ${baseId}::text
    union all
    select 'sheets', s.id::text from sheets s where s.owner_base_id = ${baseId} and s.latest_version > 0
    union all
    select 'collections', c.id::text from collections c where c.owner_base_id = ${baseId}
  `.execute(db);
}

/** A person's profile changed: their profile, personal sheets and collections (which show their name). */
export async function recordProfileAndItsSheets(db: Executor, userId: string): Promise<void> {
  await sql`
    insert into search_outbox (index_name, doc_id)
    select 'profiles', ${userId}::text
    union all
    select 'sheets', s.id::text from sheets s where s.owner_user_id = ${userId} and s.latest_version > 0
    union all
    select 'collections', c.id::text from collections c where c.owner_user_id = ${userId}
  `.execute(db);
}
