import type { DB } from '@malle/schema/db';
import { sql, type Transaction } from 'kysely';
import type { Executor } from '../../lib/db.ts';

const columns = ['id', 'user_id', 'name', 'prefix', 'rate_limit_per_minute', 'created_at', 'last_used_at', 'revoked_at'] as const;

export type ApiKeyRow = NonNullable<Awaited<ReturnType<typeof findByHash>>>;

/** A live key by the hash of its secret (revoked keys and keys of deleted accounts are not found). */
export function findByHash(db: Executor, hash: Buffer) {
  return db
    .selectFrom('api_keys')
    .select(columns)
    .where('token_hash', '=', hash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export function listLive(db: Executor, userId: string) {
  return db
    .selectFrom('api_keys')
    .select(columns)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

export async function countLive(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom('api_keys')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function insertKey(db: Executor, values: { userId: string; name: string; prefix: string; hash: Buffer }) {
  return db
    .insertInto('api_keys')
    .values({ user_id: values.userId, name: values.name, prefix: values.prefix, token_hash: values.hash })
    .returning(columns)
    .executeTakeFirstOrThrow();
}

/** Revokes one of the person's live keys; false when there is none with this id. */
export async function revoke(db: Executor, userId: string, id: string): Promise<boolean> {
  const res = await db
    .updateTable('api_keys')
    .set({ revoked_at: sql`now()` })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function touch(db: Executor, id: string) {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** Serialises creations of one person (the per-person key limit). */
export async function lockUser(db: Transaction<DB>, userId: string) {
  await db.selectFrom('users').select('id').where('id', '=', userId).forUpdate().execute();
}
