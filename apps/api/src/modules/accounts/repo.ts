import type { Executor } from '../../lib/db.ts';

const USER_COLUMNS = ['id', 'email', 'display_name', 'bio', 'departement', 'profile_public', 'created_at'] as const;

export type UserRow = Awaited<ReturnType<typeof findUserById>> & {};

export function findUserById(db: Executor, id: string) {
  return db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export function findUserWithHashByEmail(db: Executor, email: string) {
  return db
    .selectFrom('users')
    .select([...USER_COLUMNS, 'password_hash'])
    .where('email', '=', email)
    .executeTakeFirst();
}

export function insertUser(db: Executor, values: { email: string; passwordHash: string; displayName: string }) {
  return db
    .insertInto('users')
    .values({ email: values.email, password_hash: values.passwordHash, display_name: values.displayName })
    .returning(USER_COLUMNS)
    .executeTakeFirstOrThrow();
}

export function updateProfile(
  db: Executor,
  id: string,
  values: { displayName: string; bio: string; departement: string | null; profilePublic: boolean },
) {
  return db
    .updateTable('users')
    .set({
      display_name: values.displayName,
      bio: values.bio,
      departement: values.departement,
      profile_public: values.profilePublic,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returning(USER_COLUMNS)
    .executeTakeFirst();
}

export async function updatePasswordHash(db: Executor, userId: string, passwordHash: string) {
  await db.updateTable('users').set({ password_hash: passwordHash, updated_at: new Date() }).where('id', '=', userId).execute();
}

export function insertSession(db: Executor, values: { tokenHash: Buffer; userId: string; expiresAt: Date }) {
  return db
    .insertInto('sessions')
    .values({ token_hash: values.tokenHash, user_id: values.userId, expires_at: values.expiresAt })
    .returning(['id', 'expires_at'])
    .executeTakeFirstOrThrow();
}

/** A live (unexpired) session with its user, or undefined. */
export function findLiveSession(db: Executor, tokenHash: Buffer) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as session_id',
      'sessions.last_seen_at',
      'sessions.expires_at',
      ...USER_COLUMNS.map((c) => `users.${c}` as const),
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', new Date())
    .executeTakeFirst();
}

export async function touchSession(db: Executor, sessionId: string, expiresAt: Date) {
  await db.updateTable('sessions').set({ last_seen_at: new Date(), expires_at: expiresAt }).where('id', '=', sessionId).execute();
}

export async function deleteSessionByTokenHash(db: Executor, tokenHash: Buffer) {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteSessionsOfUser(db: Executor, userId: string) {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Expired sessions, and reset links that expired or were used more than a day ago. */
export async function deleteExpired(db: Executor): Promise<{ sessions: number; resetTokens: number }> {
  const dayAgo = new Date(Date.now() - 86_400_000);
  const sessions = await db.deleteFrom('sessions').where('expires_at', '<=', new Date()).executeTakeFirst();
  const tokens = await db
    .deleteFrom('password_reset_tokens')
    .where((eb) => eb.or([eb('expires_at', '<=', dayAgo), eb('used_at', '<=', dayAgo)]))
    .executeTakeFirst();
  return { sessions: Number(sessions.numDeletedRows), resetTokens: Number(tokens.numDeletedRows) };
}

export async function insertResetToken(db: Executor, values: { tokenHash: Buffer; userId: string; expiresAt: Date }) {
  await db
    .insertInto('password_reset_tokens')
    .values({ token_hash: values.tokenHash, user_id: values.userId, expires_at: values.expiresAt })
    .execute();
}

/** Locks the token row so that two concurrent uses cannot both succeed. */
export function findResetTokenForUpdate(db: Executor, tokenHash: Buffer) {
  return db
    .selectFrom('password_reset_tokens')
    .select(['id', 'user_id', 'expires_at', 'used_at'])
    .where('token_hash', '=', tokenHash)
    .forUpdate()
    .executeTakeFirst();
}

/** Using one link spends every outstanding link of that person. */
export async function spendResetTokensOfUser(db: Executor, userId: string) {
  await db
    .updateTable('password_reset_tokens')
    .set({ used_at: new Date() })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute();
}
