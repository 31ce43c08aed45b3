import type { DB } from '@malle/schema/db';
import { sql, type Transaction } from 'kysely';
import type { Database, Executor } from '../../lib/db.ts';

export interface VariantRef {
  width: number;
  height: number;
  key: string;
  size: number;
}

function fileQuery(db: Executor) {
  return db
    .selectFrom('files')
    .innerJoin('blobs', 'blobs.sha256', 'files.blob_sha256')
    .select([
      'files.id',
      'files.sheet_id',
      'files.name',
      'files.purpose',
      'files.created_at',
      'blobs.sha256',
      'blobs.size',
      'blobs.media_type',
      'blobs.kind',
      'blobs.storage_key',
      'blobs.status',
      'blobs.unreadable_reason',
      'blobs.page_count',
      'blobs.width',
      'blobs.height',
      'blobs.thumbnail_key',
      'blobs.variants',
    ]);
}

export type FileRow = NonNullable<Awaited<ReturnType<typeof findFile>>>;

export function findFile(db: Executor, id: string) {
  return fileQuery(db).where('files.id', '=', id).executeTakeFirst();
}

export function findFiles(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return fileQuery(db)
    .where('files.id', 'in', [...ids])
    .execute();
}

export function filesOfSheet(db: Executor, sheetId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('files')
    .select(['id', 'purpose'])
    .where('sheet_id', '=', sheetId)
    .where('id', 'in', [...ids])
    .execute();
}

/** True when a published version of the file's sheet refers to it (what non-editors may read). */
export async function isPublished(db: Executor, fileId: string): Promise<boolean> {
  return Boolean(await db.selectFrom('sheet_version_files').select('file_id').where('file_id', '=', fileId).executeTakeFirst());
}

export function versionFileIds(db: Executor, sheetId: string, version: number) {
  return db
    .selectFrom('sheet_version_files')
    .select('file_id')
    .where('sheet_id', '=', sheetId)
    .where('version', '=', version)
    .orderBy('position')
    .execute();
}

export async function recordVersionFiles(db: Executor, sheetId: string, version: number, fileIds: readonly string[]) {
  const unique = [...new Set(fileIds)];
  if (unique.length === 0) return;
  await db
    .insertInto('sheet_version_files')
    .values(unique.map((fileId, position) => ({ sheet_id: sheetId, version, file_id: fileId, position })))
    .execute();
}

// Uploads -------------------------------------------------------------------------------------------

export function insertUpload(
  db: Executor,
  values: { sheetId: string; userId: string; purpose: string; name: string; size: number; type: string; ttlMinutes: number },
) {
  return db
    .insertInto('uploads')
    .values({
      sheet_id: values.sheetId,
      user_id: values.userId,
      purpose: values.purpose,
      declared_name: values.name,
      declared_size: values.size,
      declared_type: values.type,
      expires_at: sql<Date>`now() + make_interval(mins => ${values.ttlMinutes})`,
    })
    .returning(['id', 'expires_at'])
    .executeTakeFirstOrThrow();
}

export function findUpload(db: Executor, id: string) {
  return db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Takes the upload for receiving its bytes: only a pending, unexpired upload that nobody else is
 * sending right now. The lease expires by itself if the process dies mid-upload.
 */
export function claimUpload(db: Executor, id: string, userId: string) {
  return db
    .updateTable('uploads')
    .set({ receiving_until: sql<Date>`now() + interval '15 minutes'` })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('status', '=', 'pending')
    .where('expires_at', '>', sql<Date>`now()`)
    .where((eb) => eb.or([eb('receiving_until', 'is', null), eb('receiving_until', '<', sql<Date>`now()`)]))
    .returningAll()
    .executeTakeFirst();
}

export async function releaseUpload(db: Executor, id: string) {
  await db.updateTable('uploads').set({ receiving_until: null }).where('id', '=', id).where('status', '=', 'pending').execute();
}

export async function completeUpload(db: Executor, id: string, fileId: string) {
  await db
    .updateTable('uploads')
    .set({ status: 'completed', file_id: fileId, receiving_until: null })
    .where('id', '=', id)
    .execute();
}

// Blobs ---------------------------------------------------------------------------------------------

/**
 * Records the blob for an upload of these bytes and says where its object lives (step one of
 * storing, ADR 014; the caller then pins it with a file row in the same transaction). A blob the
 * cleanup is deleting is taken over: it gets `freshKey` (a new object, never one being deleted)
 * and starts again unprocessed. `stored: false` means the object must be written.
 */
export async function claimBlob(
  db: Transaction<DB>,
  values: {
    sha256: string;
    size: number;
    mediaType: string;
    kind: string;
    freshKey: string;
    width: number | null;
    height: number | null;
  },
): Promise<{ storageKey: string; stored: boolean; status: string }> {
  const takeOver = sql<boolean>`blobs.deleting_since is not null`;
  const row = await db
    .insertInto('blobs')
    .values({
      sha256: values.sha256,
      size: values.size,
      media_type: values.mediaType,
      kind: values.kind,
      storage_key: values.freshKey,
      width: values.width,
      height: values.height,
    })
    .onConflict((oc) =>
      oc.column('sha256').doUpdateSet({
        storage_key: sql`case when ${takeOver} then excluded.storage_key else blobs.storage_key end`,
        stored_at: sql`case when ${takeOver} then null else blobs.stored_at end`,
        status: sql`case when ${takeOver} then 'processing' else blobs.status end`,
        thumbnail_key: sql`case when ${takeOver} then null else blobs.thumbnail_key end`,
        variants: sql`case when ${takeOver} then '[]'::jsonb else blobs.variants end`,
        text: sql`case when ${takeOver} then null else blobs.text end`,
        page_count: sql`case when ${takeOver} then null else blobs.page_count end`,
        unreadable_reason: sql`case when ${takeOver} then null else blobs.unreadable_reason end`,
        processed_at: sql`case when ${takeOver} then null else blobs.processed_at end`,
        deleting_since: null,
      }),
    )
    .returning(['storage_key', 'stored_at', 'status'])
    .executeTakeFirstOrThrow();
  return { storageKey: row.storage_key, stored: row.stored_at !== null, status: row.status };
}

/** The object at `storageKey` is in storage (step two). False when the blob moved on meanwhile. */
export async function markStored(db: Executor, sha256: string, storageKey: string): Promise<boolean> {
  const res = await db
    .updateTable('blobs')
    .set({ stored_at: sql<Date>`coalesce(stored_at, now())` })
    .where('sha256', '=', sha256)
    .where('storage_key', '=', storageKey)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function deleteFile(db: Executor, id: string) {
  await db.deleteFrom('files').where('id', '=', id).execute();
}

export function insertFile(
  db: Executor,
  values: { sheetId: string; sha256: string; name: string; purpose: string; userId: string | null },
) {
  return db
    .insertInto('files')
    .values({
      sheet_id: values.sheetId,
      blob_sha256: values.sha256,
      name: values.name,
      purpose: values.purpose,
      uploaded_by: values.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function findBlob(db: Executor, sha256: string) {
  return db.selectFrom('blobs').selectAll().where('sha256', '=', sha256).executeTakeFirst();
}

/** Saves what processing found, for the object it read (a blob taken over since is left alone). */
export async function saveProcessing(
  db: Executor,
  sha256: string,
  storageKey: string,
  values:
    | {
        status: 'ready';
        pageCount: number | null;
        text: string | null;
        width: number | null;
        height: number | null;
        thumbnailKey: string | null;
        variants: VariantRef[];
      }
    | { status: 'unreadable'; reason: string },
) {
  await db
    .updateTable('blobs')
    .set(
      values.status === 'ready'
        ? {
            status: 'ready',
            page_count: values.pageCount,
            text: values.text,
            width: values.width,
            height: values.height,
            thumbnail_key: values.thumbnailKey,
            variants: JSON.stringify(values.variants),
            unreadable_reason: null,
            processed_at: sql<Date>`now()`,
          }
        : { status: 'unreadable', unreadable_reason: values.reason, processed_at: sql<Date>`now()` },
    )
    .where('sha256', '=', sha256)
    .where('storage_key', '=', storageKey)
    .execute();
}

// Cleanup -------------------------------------------------------------------------------------------

export async function deleteExpiredUploads(db: Executor): Promise<number> {
  const result = await db
    .deleteFrom('uploads')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('expires_at', '<', sql<Date>`now()`)]),
        // Completed uploads only serve retries of the same request.
        eb.and([eb('status', '=', 'completed'), eb('created_at', '<', sql<Date>`now() - interval '7 days'`)]),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Files nobody refers to any more: not in any published version, not in their sheet's draft (or
 * the sheet is deleted), older than the grace period (an upload is inserted in the draft a few
 * seconds after it completes). Their version links go too when the sheet is deleted.
 */
export async function deleteUnreferencedFiles(db: Database, graceMinutes: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('sheet_version_files')
      .where('sheet_id', 'in', trx.selectFrom('sheets').select('id').where('deleted_at', 'is not', null))
      .execute();
    await trx
      .updateTable('uploads')
      .set({ file_id: null })
      .where(
        'file_id',
        'in',
        trx
          .selectFrom('files')
          .innerJoin('sheets', 'sheets.id', 'files.sheet_id')
          .select('files.id')
          .where('sheets.deleted_at', 'is not', null),
      )
      .execute();
    const result = await trx
      .deleteFrom('files')
      .where('files.created_at', '<', sql<Date>`now() - make_interval(mins => ${graceMinutes})`)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb.selectFrom('sheet_version_files').select('file_id').whereRef('sheet_version_files.file_id', '=', 'files.id'),
          ),
        ),
      )
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('sheets')
              .select('sheets.id')
              .whereRef('sheets.id', '=', 'files.sheet_id')
              .where('sheets.deleted_at', 'is', null)
              // The draft is jsonb; its text holds the id when a block refers to the file.
              .where(sql<boolean>`strpos(sheets.body::text, files.id::text) > 0`),
          ),
        ),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  });
}

/**
 * Blobs no file refers to. Those already being deleted come back after a while: a cleanup that
 * died between marking and finishing is finished by the next one.
 */
export function orphanBlobs(db: Executor, limit: number) {
  return db
    .selectFrom('blobs')
    .select('sha256')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('files').select('id').whereRef('files.blob_sha256', '=', 'blobs.sha256'))))
    .where((eb) => eb.or([eb('deleting_since', 'is', null), eb('deleting_since', '<', sql<Date>`now() - interval '10 minutes'`)]))
    .limit(limit)
    .execute();
}

/**
 * Marks a blob for deletion if no file refers to it (under its row lock, so that an upload
 * pinning it is seen), and returns the object keys to delete and the key that identifies this
 * deletion. The objects are deleted outside the transaction, then `finishBlobDeletion`.
 */
export async function markBlobDeleting(
  db: Transaction<DB>,
  sha256: string,
): Promise<{ storageKey: string; keys: string[] } | null> {
  const blob = await db.selectFrom('blobs').selectAll().where('sha256', '=', sha256).forUpdate().executeTakeFirst();
  if (!blob) return null;
  const used = await db.selectFrom('files').select('id').where('blob_sha256', '=', sha256).executeTakeFirst();
  if (used) return null;
  await db
    .updateTable('blobs')
    .set({ deleting_since: sql<Date>`now()` })
    .where('sha256', '=', sha256)
    .execute();
  const variants = (blob.variants as VariantRef[] | null) ?? [];
  return {
    storageKey: blob.storage_key,
    keys: [blob.storage_key, ...(blob.thumbnail_key ? [blob.thumbnail_key] : []), ...variants.map((v) => v.key)],
  };
}

/** Deletes the blob row, unless an upload took it over meanwhile (it then has another key). */
export async function finishBlobDeletion(db: Executor, sha256: string, storageKey: string): Promise<boolean> {
  const res = await db
    .deleteFrom('blobs')
    .where('sha256', '=', sha256)
    .where('storage_key', '=', storageKey)
    .where('deleting_since', 'is not', null)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
