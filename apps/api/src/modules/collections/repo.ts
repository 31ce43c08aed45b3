import type { DB } from '@malle/schema/db';
import { FAVORITES_TITLE } from '@malle/schema/collections';
import { sql, type Transaction } from 'kysely';
import type { Executor } from '../../lib/db.ts';
import { collectionEditableBy, collectionFindableBy, sheetFindableBy } from '../access/sql.ts';

function collectionQuery(db: Executor, viewerId: string | null) {
  return db
    .selectFrom('collections')
    .leftJoin('bases', 'bases.id', 'collections.owner_base_id')
    .leftJoin('users as owner', 'owner.id', 'collections.owner_user_id')
    .selectAll('collections')
    .select([
      'bases.slug as base_slug',
      'bases.name as base_name',
      'bases.is_public as base_is_public',
      'bases.deleted_at as base_deleted_at',
      'owner.display_name as owner_name',
      sql<number>`(select count(*)::int from collection_items i join sheets s on s.id = i.sheet_id
        left join bases sb on sb.id = s.owner_base_id
        where i.collection_id = collections.id and ${sheetFindableBy(viewerId)})`.as('visible_count'),
    ])
    .where((eb) => eb.or([eb('collections.owner_base_id', 'is', null), eb('bases.deleted_at', 'is', null)]));
}

export type CollectionRow = NonNullable<Awaited<ReturnType<typeof findCollection>>>;

export function findCollection(db: Executor, id: string, viewerId: string | null) {
  return collectionQuery(db, viewerId).where('collections.id', '=', id).executeTakeFirst();
}

export async function lockCollection(db: Transaction<DB>, id: string) {
  await db.selectFrom('collections').select('id').where('id', '=', id).forUpdate().execute();
}

export function insertCollection(
  db: Executor,
  values: {
    ownerBaseId: string | null;
    ownerUserId: string | null;
    createdBy: string;
    title: string;
    description: string;
    visibility: string;
    secretToken: string | null;
    isFavorites?: boolean;
  },
) {
  return db
    .insertInto('collections')
    .values({
      owner_base_id: values.ownerBaseId,
      owner_user_id: values.ownerUserId,
      created_by: values.createdBy,
      title: values.title,
      description: values.description,
      visibility: values.visibility,
      secret_token: values.secretToken,
      is_favorites: values.isFavorites ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Creates the person's "Mes favoris" unless it exists (safe under concurrent calls). */
export async function ensureFavorites(db: Executor, userId: string) {
  await db
    .insertInto('collections')
    .values({ owner_user_id: userId, created_by: userId, title: FAVORITES_TITLE, visibility: 'private', is_favorites: true })
    .onConflict((oc) => oc.column('owner_user_id').where('is_favorites', '=', true).doNothing())
    .execute();
}

export async function updateCollection(
  db: Executor,
  id: string,
  values: { title: string; description: string; visibility: string; secretToken: string | null },
) {
  await db
    .updateTable('collections')
    .set({
      title: values.title,
      description: values.description,
      visibility: values.visibility,
      secret_token: values.secretToken,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

/** Marks the collection changed, for its page and for search (its trigger records the change, ADR 015). */
export async function touchCollection(db: Executor, id: string) {
  await db.updateTable('collections').set({ updated_at: new Date() }).where('id', '=', id).execute();
}

export async function deleteCollection(db: Executor, id: string) {
  await db.deleteFrom('collections').where('id', '=', id).execute();
}

/** How `collectionQuery` names the collection and its base, for the access rules in SQL. */
const ALIASES = { row: 'collections', base: 'bases' };

/** Collections a person may edit: their own and those of their (non-deleted) bases. */
export function listEditableBy(db: Executor, userId: string) {
  return collectionQuery(db, userId)
    .where(collectionEditableBy(userId, ALIASES))
    .orderBy('collections.is_favorites', 'desc')
    .orderBy('collections.updated_at', 'desc')
    .limit(500)
    .execute();
}

/** A base's collections the viewer may find: all but favorites for members, the public ones otherwise. */
export function listOfBase(db: Executor, baseId: string, viewerId: string | null) {
  return collectionQuery(db, viewerId)
    .where('collections.owner_base_id', '=', baseId)
    .where(collectionFindableBy(viewerId, ALIASES))
    .orderBy('collections.updated_at', 'desc')
    .limit(200)
    .execute();
}

/** A person's collections: what the viewer may find, and for the person themself, all of them. */
export function listOfPerson(db: Executor, userId: string, viewerId: string | null) {
  return collectionQuery(db, viewerId)
    .where('collections.owner_user_id', '=', userId)
    .where((eb) => eb.or([collectionFindableBy(viewerId, ALIASES), collectionEditableBy(viewerId, ALIASES)]))
    .orderBy('collections.is_favorites', 'desc')
    .orderBy('collections.updated_at', 'desc')
    .limit(200)
    .execute();
}

/** Collections anyone may read (with their base joined as `bases`). */
const isPublicCollection = collectionFindableBy(null, ALIASES);

function publicCollections(db: Executor) {
  return db.selectFrom('collections').leftJoin('bases', 'bases.id', 'collections.owner_base_id').where(isPublicCollection);
}

/** Ids of collections anyone may read: for search. */
export async function listPublicCollectionIds(db: Executor): Promise<string[]> {
  const rows = await publicCollections(db).select('collections.id').execute();
  return rows.map((r) => r.id);
}

/** A page of the collections anyone may read, as anonymous visitors see them (public API). */
export function listPublicCollections(db: Executor, limit: number, offset: number) {
  return collectionQuery(db, null)
    .where(isPublicCollection)
    .orderBy('collections.updated_at', 'desc')
    .orderBy('collections.id')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countPublicCollections(db: Executor): Promise<number> {
  const row = await publicCollections(db)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Every item of a collection in order, with whether the viewer may read its sheet and what to
 * show of it (the pinned version, or the latest).
 */
export function listItems(db: Executor, collectionId: string, viewerId: string | null) {
  return db
    .selectFrom('collection_items as i')
    .innerJoin('sheets as s', 's.id', 'i.sheet_id')
    .leftJoin('bases as sb', 'sb.id', 's.owner_base_id')
    .leftJoin('users as su', 'su.id', 's.owner_user_id')
    .leftJoin('sheet_versions as v', (join) =>
      join.onRef('v.sheet_id', '=', 's.id').on(sql<boolean>`v.number = coalesce(i.pinned_version, s.latest_version)`),
    )
    .leftJoin('sheet_versions as latest', (join) =>
      join.onRef('latest.sheet_id', '=', 's.id').onRef('latest.number', '=', 's.latest_version'),
    )
    .select([
      'i.sheet_id',
      'i.note',
      'i.pinned_version',
      'i.added_at',
      'i.position',
      's.slug',
      's.latest_version',
      's.owner_base_id',
      's.owner_user_id',
      'sb.slug as base_slug',
      'sb.name as base_name',
      'su.display_name as owner_name',
      'v.title as version_title',
      'v.summary as version_summary',
      'v.body_html as version_html',
      'v.number as version_number',
      'latest.created_at as latest_published_at',
      sheetFindableBy(viewerId).as('readable'),
    ])
    .where('i.collection_id', '=', collectionId)
    .orderBy('i.position')
    .orderBy('i.added_at')
    .execute();
}

export type ItemRow = Awaited<ReturnType<typeof listItems>>[number];

export async function addItem(
  db: Executor,
  values: { collectionId: string; sheetId: string; note: string; pinnedVersion: number | null },
): Promise<void> {
  await db
    .insertInto('collection_items')
    .values({
      collection_id: values.collectionId,
      sheet_id: values.sheetId,
      note: values.note,
      pinned_version: values.pinnedVersion,
      position: sql<number>`(select coalesce(max(position), 0) + 1 from collection_items where collection_id = ${values.collectionId})`,
    })
    // Adding twice is a no-op: a retried request must not fail.
    .onConflict((oc) => oc.columns(['collection_id', 'sheet_id']).doNothing())
    .execute();
}

export async function updateItem(
  db: Executor,
  collectionId: string,
  sheetId: string,
  values: { note: string; pinnedVersion: number | null },
): Promise<boolean> {
  const res = await db
    .updateTable('collection_items')
    .set({ note: values.note, pinned_version: values.pinnedVersion })
    .where('collection_id', '=', collectionId)
    .where('sheet_id', '=', sheetId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function removeItem(db: Executor, collectionId: string, sheetId: string): Promise<boolean> {
  const res = await db
    .deleteFrom('collection_items')
    .where('collection_id', '=', collectionId)
    .where('sheet_id', '=', sheetId)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

export async function setPositions(db: Executor, collectionId: string, sheetIds: readonly string[]) {
  for (const [index, sheetId] of sheetIds.entries()) {
    await db
      .updateTable('collection_items')
      .set({ position: index + 1 })
      .where('collection_id', '=', collectionId)
      .where('sheet_id', '=', sheetId)
      .execute();
  }
}

/** Which of these collections hold the sheet. */
export async function collectionsHolding(db: Executor, collectionIds: readonly string[], sheetId: string): Promise<Set<string>> {
  if (!collectionIds.length) return new Set();
  const rows = await db
    .selectFrom('collection_items')
    .select('collection_id')
    .where('sheet_id', '=', sheetId)
    .where('collection_id', 'in', collectionIds)
    .execute();
  return new Set(rows.map((r) => r.collection_id));
}
