import { sql } from 'kysely';
import type { Executor } from '../../lib/db.ts';

/** A rating's overall mark: the mean of its three criteria. */
const overall = sql<number>`((useful + clear + reliable) / 3.0)`;

export function ratingQuery(db: Executor) {
  return db
    .selectFrom('ratings')
    .innerJoin('users', 'users.id', 'ratings.user_id')
    .selectAll('ratings')
    .select(['users.display_name as rater_name', 'users.profile_public as rater_profile_public']);
}

export type RatingRow = NonNullable<Awaited<ReturnType<typeof findRatingOf>>>;

export function findRatingOf(db: Executor, sheetId: string, userId: string) {
  return ratingQuery(db).where('ratings.sheet_id', '=', sheetId).where('ratings.user_id', '=', userId).executeTakeFirst();
}

export function findRating(db: Executor, sheetId: string, ratingId: string) {
  return ratingQuery(db).where('ratings.sheet_id', '=', sheetId).where('ratings.id', '=', ratingId).executeTakeFirst();
}

export function listRatings(db: Executor, sheetId: string) {
  return ratingQuery(db).where('ratings.sheet_id', '=', sheetId).orderBy('ratings.updated_at', 'desc').limit(500).execute();
}

/** Inserts or replaces the person's rating (one per person per sheet). */
export async function upsertRating(
  db: Executor,
  values: {
    sheetId: string;
    userId: string;
    version: number;
    useful: number;
    clear: number;
    reliable: number;
    usedInWorkshop: boolean;
    comment: string;
  },
) {
  const row = {
    version: values.version,
    useful: values.useful,
    clear: values.clear,
    reliable: values.reliable,
    used_in_workshop: values.usedInWorkshop,
    comment: values.comment,
  };
  await db
    .insertInto('ratings')
    .values({ sheet_id: values.sheetId, user_id: values.userId, ...row })
    .onConflict((oc) => oc.constraint('ratings_sheet_user_key').doUpdateSet({ ...row, updated_at: new Date() }))
    .execute();
}

/** Sets the reply only if there is none yet; false when someone already replied. */
export async function setReplyIfNone(
  db: Executor,
  ratingId: string,
  values: { text: string; authorId: string; authorName: string },
): Promise<boolean> {
  const res = await db
    .updateTable('ratings')
    .set({ reply: values.text, reply_author_id: values.authorId, reply_author_name: values.authorName, replied_at: new Date() })
    .where('id', '=', ratingId)
    .where('reply', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** False when this person already reported this rating. */
export async function insertReport(
  db: Executor,
  values: { ratingId: string; reporterId: string; reason: string; text: string },
): Promise<boolean> {
  const res = await db
    .insertInto('rating_reports')
    .values({ rating_id: values.ratingId, reporter_id: values.reporterId, reason: values.reason, text: values.text })
    .onConflict((oc) => oc.constraint('rating_reports_rating_reporter_key').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function hasAuthoredVersion(db: Executor, sheetId: string, userId: string): Promise<boolean> {
  return Boolean(
    await db
      .selectFrom('sheet_versions')
      .select('number')
      .where('sheet_id', '=', sheetId)
      .where('author_id', '=', userId)
      .executeTakeFirst(),
  );
}

const criterionColumns = ['useful', 'clear', 'reliable'] as const;

/** Count, sums and distributions per sheet, in one grouped query. */
export function aggregates(db: Executor, sheetIds: readonly string[]) {
  return db
    .selectFrom('ratings')
    .select((eb) => [
      'sheet_id',
      eb.fn.countAll<number>().as('count'),
      sql<number>`sum(${overall})::float8`.as('overall_sum'),
      sql<number>`count(*) filter (where used_in_workshop)::int`.as('used_count'),
      ...criterionColumns.map((c) => sql<number>`avg(${sql.ref(c)})::float8`.as(`${c}_avg`)),
      ...criterionColumns.map((c) =>
        sql<
          number[]
        >`array[${sql.join([1, 2, 3, 4, 5].map((v) => sql`count(*) filter (where ${sql.ref(c)} = ${sql.lit(v)})::int`))}]`.as(
          `${c}_dist`,
        ),
      ),
    ])
    .where('sheet_id', 'in', sheetIds)
    .groupBy('sheet_id')
    .execute();
}

/**
 * The platform mean of overall marks, toward which scores shrink. Ratings of deleted sheets do not
 * count; each rating weighs the same.
 */
export async function platformMean(db: Executor): Promise<number | null> {
  const row = await db
    .selectFrom('ratings')
    .innerJoin('sheets', 'sheets.id', 'ratings.sheet_id')
    .select(sql<number | null>`avg(${overall})::float8`.as('mean'))
    .where('sheets.deleted_at', 'is', null)
    .executeTakeFirst();
  return row?.mean ?? null;
}

/** Count and averages per version the ratings were (last) given on. */
export function perVersion(db: Executor, sheetId: string) {
  return db
    .selectFrom('ratings')
    .select((eb) => [
      'version',
      eb.fn.countAll<number>().as('count'),
      sql<number>`avg(useful)::float8`.as('useful'),
      sql<number>`avg(clear)::float8`.as('clear'),
      sql<number>`avg(reliable)::float8`.as('reliable'),
    ])
    .where('sheet_id', '=', sheetId)
    .groupBy('version')
    .orderBy('version', 'desc')
    .execute();
}
