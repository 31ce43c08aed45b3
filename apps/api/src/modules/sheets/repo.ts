import type { DB } from '@malle/schema/db';
import { sql, type Transaction } from 'kysely';
import type { Executor } from '../../lib/db.ts';
import { sheetEditableBy, sheetFindableBy } from '../access/sql.ts';

const adaptationCount = sql<number>`(select count(*)::int from sheets a where a.adapted_from_sheet_id = sheets.id and a.deleted_at is null)`;

function sheetQuery(db: Executor) {
  return db
    .selectFrom('sheets')
    .leftJoin('bases', 'bases.id', 'sheets.owner_base_id')
    .leftJoin('users as owner', 'owner.id', 'sheets.owner_user_id')
    .leftJoin('sheets as origin', 'origin.id', 'sheets.adapted_from_sheet_id')
    .selectAll('sheets')
    .select([
      'bases.slug as base_slug',
      'bases.name as base_name',
      'bases.is_public as base_is_public',
      'bases.deleted_at as base_deleted_at',
      'owner.display_name as owner_name',
      'origin.slug as origin_slug',
      // The title of the version that was adapted (the attribution), never the origin's draft.
      sql<string | null>`(select ov.title from sheet_versions ov
        where ov.sheet_id = origin.id and ov.number = sheets.adapted_from_version)`.as('origin_title'),
      // Lists shown to readers carry the published title and summary, not the draft's.
      sql<string | null>`(select pv.title from sheet_versions pv
        where pv.sheet_id = sheets.id and pv.number = sheets.latest_version)`.as('published_title'),
      sql<string | null>`(select pv.summary from sheet_versions pv
        where pv.sheet_id = sheets.id and pv.number = sheets.latest_version)`.as('published_summary'),
      adaptationCount.as('adaptation_count'),
      sql<Date | null>`(select max(v.created_at) from sheet_versions v where v.sheet_id = sheets.id)`.as('published_at'),
    ])
    .where('sheets.deleted_at', 'is', null);
}

export type SheetRow = NonNullable<Awaited<ReturnType<typeof findSheetBySlug>>>;

export function findSheetBySlug(db: Executor, slug: string) {
  return sheetQuery(db).where('sheets.slug', '=', slug).executeTakeFirst();
}

export async function lockSheet(db: Transaction<DB>, id: string) {
  await db.selectFrom('sheets').select('id').where('id', '=', id).forUpdate().execute();
}

export async function slugExists(db: Executor, slug: string): Promise<boolean> {
  return Boolean(await db.selectFrom('sheets').select('id').where('slug', '=', slug).executeTakeFirst());
}

export function insertSheet(
  db: Executor,
  values: {
    slug: string;
    ownerBaseId: string | null;
    ownerUserId: string | null;
    createdBy: string;
    title: string;
    summary: string;
    body: unknown;
    indexing: unknown;
    licence: string;
    adaptedFromSheetId?: string;
    adaptedFromVersion?: number;
  },
) {
  return (
    db
      .insertInto('sheets')
      .values({
        slug: values.slug,
        owner_base_id: values.ownerBaseId,
        owner_user_id: values.ownerUserId,
        created_by: values.createdBy,
        title: values.title,
        summary: values.summary,
        body: JSON.stringify(values.body),
        indexing: JSON.stringify(values.indexing),
        licence: values.licence,
        draft_updated_by: values.createdBy,
        adapted_from_sheet_id: values.adaptedFromSheetId ?? null,
        adapted_from_version: values.adaptedFromVersion ?? null,
      })
      // Two sheets created at once with the same title both found the slug free: the second gets
      // nothing back and tries the next one (no error, so a surrounding transaction stays usable).
      .onConflict((oc) => oc.column('slug').doNothing())
      .returning(['id', 'slug'])
      .executeTakeFirst()
  );
}

export async function setDraftBody(db: Executor, sheetId: string, body: unknown) {
  await db
    .updateTable('sheets')
    .set({ body: JSON.stringify(body) })
    .where('id', '=', sheetId)
    .execute();
}

export function findSheetById(db: Executor, id: string) {
  return sheetQuery(db).where('sheets.id', '=', id).executeTakeFirst();
}

export async function softDeleteSheet(db: Executor, id: string) {
  await db
    .updateTable('sheets')
    .set({ deleted_at: new Date(), secret_token: null, visibility: 'private' })
    .where('id', '=', id)
    .execute();
}

/** Saves the draft only if nobody saved since `revision`; returns the new revision, or null on conflict. */
export async function saveDraftIfRevision(
  db: Executor,
  sheetId: string,
  revision: number,
  values: { title: string; summary: string; body: unknown; indexing: unknown; licence: string; userId: string },
): Promise<number | null> {
  const row = await db
    .updateTable('sheets')
    .set({
      title: values.title,
      summary: values.summary,
      body: JSON.stringify(values.body),
      indexing: JSON.stringify(values.indexing),
      licence: values.licence,
      draft_revision: sql`draft_revision + 1`,
      draft_updated_at: new Date(),
      draft_updated_by: values.userId,
    })
    .where('id', '=', sheetId)
    .where('draft_revision', '=', revision)
    .returning('draft_revision')
    .executeTakeFirst();
  return row?.draft_revision ?? null;
}

export function findUserName(db: Executor, userId: string) {
  return db.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst();
}

export function findVersion(db: Executor, sheetId: string, number: number) {
  return db
    .selectFrom('sheet_versions')
    .selectAll()
    .where('sheet_id', '=', sheetId)
    .where('number', '=', number)
    .executeTakeFirst();
}

export type VersionRow = NonNullable<Awaited<ReturnType<typeof findVersion>>>;

export function listVersions(db: Executor, sheetId: string) {
  return db
    .selectFrom('sheet_versions')
    .select(['number', 'title', 'change_note', 'author_name', 'created_at'])
    .where('sheet_id', '=', sheetId)
    .orderBy('number', 'desc')
    .execute();
}

export async function insertVersion(
  db: Executor,
  values: {
    sheetId: string;
    number: number;
    title: string;
    summary: string;
    body: unknown;
    bodyHtml: string;
    bodyText: string;
    indexing: unknown;
    licence: string;
    changeNote: string;
    authorId: string;
    authorName: string;
  },
) {
  await db
    .insertInto('sheet_versions')
    .values({
      sheet_id: values.sheetId,
      number: values.number,
      title: values.title,
      summary: values.summary,
      body: JSON.stringify(values.body),
      body_html: values.bodyHtml,
      body_text: values.bodyText,
      indexing: JSON.stringify(values.indexing),
      licence: values.licence,
      change_note: values.changeNote,
      author_id: values.authorId,
      author_name: values.authorName,
    })
    .execute();
  await db.updateTable('sheets').set({ latest_version: values.number }).where('id', '=', values.sheetId).execute();
}

export async function setVisibility(
  db: Executor,
  sheetId: string,
  visibility: 'public' | 'private' | 'secret_link',
  secretToken: string | null,
) {
  await db.updateTable('sheets').set({ visibility, secret_token: secretToken }).where('id', '=', sheetId).execute();
}

/** How `sheetQuery` names the sheet and its base, for the access rules in SQL. */
const ALIASES = { row: 'sheets', base: 'bases' };

/** Sheets a person can edit: personal ones, those of their bases, those they contribute to. */
export function listEditableSheets(db: Executor, userId: string) {
  return sheetQuery(db).where(sheetEditableBy(userId, ALIASES)).orderBy('sheets.draft_updated_at', 'desc').limit(500).execute();
}

/** Published sheets of a base the viewer may find (all of them for its members). */
export function listPublishedOfBase(db: Executor, baseId: string, viewerId: string | null) {
  return sheetQuery(db)
    .where('sheets.owner_base_id', '=', baseId)
    .where(sheetFindableBy(viewerId, ALIASES))
    .orderBy('published_at', 'desc')
    .limit(200)
    .execute();
}

/** Published sheets of a person's personal space the viewer may find (all of them for the person). */
export function listPublishedOfPerson(db: Executor, userId: string, viewerId: string | null) {
  return sheetQuery(db)
    .where('sheets.owner_user_id', '=', userId)
    .where(sheetFindableBy(viewerId, ALIASES))
    .orderBy('published_at', 'desc')
    .limit(200)
    .execute();
}

export function findUserIdByEmail(db: Executor, email: string) {
  return db.selectFrom('users').select(['id', 'display_name']).where('email', '=', email).executeTakeFirst();
}

export function listContributors(db: Executor, sheetId: string) {
  return db
    .selectFrom('sheet_contributors')
    .innerJoin('users', 'users.id', 'sheet_contributors.user_id')
    .select(['users.id', 'users.display_name'])
    .where('sheet_contributors.sheet_id', '=', sheetId)
    .orderBy('users.display_name')
    .execute();
}

export async function addContributor(db: Executor, sheetId: string, userId: string) {
  await db
    .insertInto('sheet_contributors')
    .values({ sheet_id: sheetId, user_id: userId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function removeContributor(db: Executor, sheetId: string, userId: string): Promise<boolean> {
  const res = await db
    .deleteFrom('sheet_contributors')
    .where('sheet_id', '=', sheetId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
