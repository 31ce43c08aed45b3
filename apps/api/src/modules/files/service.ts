/**
 * Files of sheets: announced uploads received by the API itself (streamed to a temporary file
 * while hashed and counted), verified, stored once per content (SHA-256) in the private bucket,
 * processed in the background, served through short-lived signed links issued after an
 * authorization check, and removed when nothing refers to them any more (ADR 011).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ATTACHMENT_ROLE_LABELS, type AttachmentRole } from '@malle/editor/nodes/attachment';
import { documentFiles, renderHtml } from '@malle/editor/render';
import type { Attachment, FileInfo, Upload, UploadRequest } from '@malle/schema/files';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.ts';
import type { Database } from '../../lib/db.ts';
import { AppError, fieldError } from '../../lib/errors.ts';
import { enqueueJob } from '../../lib/jobs.ts';
import type { Storage } from '../../lib/storage.ts';
import type { SheetAccess as SheetReadAccess, SheetRecord } from '../sheets/service.ts';
import { inspectUpload, sizeLimitFor, tooLargeError } from './inspect.ts';
import { processIsolated } from './isolate.ts';
import {
  acceptedType,
  cleanFileName,
  extensionOf,
  formatSize,
  ACCEPTED_TYPES,
  ACCEPTED_LIST,
  type FileKind,
  type Purpose,
} from './media.ts';
import { VARIANT_WIDTHS } from './process.ts';
import * as repo from './repo.ts';
import type { FileRow, VariantRef } from './repo.ts';
import { ANYONE, type UrlSigner, type VariantName } from './signing.ts';
import type { Viewer } from '../../lib/viewer.ts';

type JSONContent = Parameters<typeof documentFiles>[0];

/** What the files service needs from sheets (authorization), without depending on its internals. */
export interface SheetAccess {
  readableById(id: string, viewer: Viewer | null, key?: string): Promise<SheetReadAccess>;
  editableById(id: string, viewer: Viewer): Promise<SheetRecord>;
  editable(slug: string, viewer: Viewer): Promise<SheetRecord>;
  /** Who may use links to the files of this sheet: anyone (public), or the viewer only. */
  isPublic(sheet: SheetRecord): boolean;
  /** Still shared beyond its editors (public or secret link, published, not deleted). */
  isShared(sheetId: string): Promise<boolean>;
}

/** Minutes an uploaded file may stay outside any draft or version before cleanup removes it. */
export const UNREFERENCED_GRACE_MINUTES = 24 * 60;

const OBJECT_PREFIX = 'blobs/';
const DERIVED_PREFIX = 'derived/';

const SVG_EXTENSION = 'svg';
const KNOWN_EXTENSIONS = new Set([...ACCEPTED_TYPES.flatMap((t) => t.extensions), SVG_EXTENSION]);

/** Refusals name the `file` field, so forms show them next to the file input. */
const fieldFailure = (code: 'validation_failed' | 'unsupported_media_type', message: string) => fieldError(code, 'file', message);

/** Counts and hashes bytes on their way to disk, failing as soon as the limit is passed. */
function meter(limit: number, onTooLarge: () => Error) {
  const hash = createHash('sha256');
  let bytes = 0;
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > limit) return callback(onTooLarge());
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  return { transform, result: () => ({ bytes, sha256: hash.digest('hex') }) };
}

async function sha256Of(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return { sha256: hash.digest('hex'), bytes: (await stat(file)).size };
}

/** The access-checking download address (with the secret-link key when the sheet is read through one). */
function downloadPath(fileId: string, key?: string): string {
  return `/api/v1/files/${fileId}${key ? `?cle=${encodeURIComponent(key)}` : ''}`;
}

/** The access-checking address as an absolute link to one variant (it redirects to a signed link). */
function stableLink(base: string, fileId: string, variant: VariantName, key?: string): string {
  const path = downloadPath(fileId, key);
  return variant === 'original' ? `${base}${path}` : `${base}${path}${key ? '&' : '?'}variant=${variant}`;
}

/**
 * Derived images live under their original's key: `blobs/<sha>` (older blobs) gives
 * `derived/<sha>/…`; a stored copy `blobs/<sha>/<copy>` gives `derived/<sha>/<copy>/…`. A blob
 * stored anew while an old copy is being deleted never shares a key with it (ADR 014).
 */
function variantKey(storageKey: string, name: string): string {
  return `${DERIVED_PREFIX}${storageKey.slice(OBJECT_PREFIX.length)}/${name}.webp`;
}

/** A new object key for these bytes. */
const freshObjectKey = (sha256: string) => `${OBJECT_PREFIX}${sha256}/${randomBytes(6).toString('hex')}`;

export type FileService = ReturnType<typeof createFileService>;

export function createFileService(deps: {
  db: Database;
  storage: Storage;
  config: Config['files'];
  signer: UrlSigner;
  sheets: SheetAccess;
  log: FastifyBaseLogger;
}) {
  const { db, storage, config, signer } = deps;
  const limits = { maxBytes: config.maxBytes, imageMaxBytes: config.imageMaxBytes };

  // Signed links ------------------------------------------------------------------------------------

  function variantOf(file: FileRow, name: VariantName): string | null {
    if (name === 'original') return file.storage_key;
    if (name === 'thumbnail') return file.thumbnail_key;
    const width = Number(name.slice(1));
    return (
      ((file.variants as VariantRef[] | null) ?? []).find((v) => v.key === variantKey(file.storage_key, `w${width}`))?.key ?? null
    );
  }

  /** The variant shown in pages: 960 px wide when it exists, otherwise the largest, otherwise the original. */
  function displayVariant(file: FileRow): VariantName {
    const variants = (file.variants as VariantRef[] | null) ?? [];
    if (variants.length === 0) return 'original';
    const names = VARIANT_WIDTHS.map((w) => `w${w}` as VariantName).filter((n) => variantOf(file, n));
    return names.includes('w960') ? 'w960' : (names.at(-1) ?? 'original');
  }

  /**
   * `stableBase` (public API, embeds): absolute, access-checked addresses that never expire instead
   * of signed links, so that an answer cached for minutes never holds a dead link.
   */
  function variantLink(fileId: string, variant: VariantName, audience: string, key?: string, stableBase?: string): string {
    return stableBase === undefined ? signer.sign(fileId, variant, audience) : stableLink(stableBase, fileId, variant, key);
  }

  function info(file: FileRow, audience: string, editor: boolean, key?: string, stableBase?: string): FileInfo {
    const type = acceptedType(file.media_type);
    const readable = file.status !== 'unreadable' || editor;
    const link = (variant: VariantName) => variantLink(file.id, variant, audience, key, stableBase);
    return {
      id: file.id,
      name: file.name,
      purpose: file.purpose as Purpose,
      kind: file.kind as FileKind,
      typeLabel: type?.label ?? file.media_type,
      mediaType: file.media_type,
      size: file.size,
      sizeLabel: formatSize(file.size),
      status: file.status as FileInfo['status'],
      unreadableReason: editor ? file.unreadable_reason : file.status === 'unreadable' ? 'Fichier illisible.' : null,
      pageCount: file.page_count,
      width: file.width,
      height: file.height,
      thumbnailUrl: file.thumbnail_key && file.status === 'ready' ? link('thumbnail') : null,
      downloadUrl: readable ? `${stableBase ?? ''}${downloadPath(file.id, key)}` : null,
      previewUrl: file.kind === 'pdf' && file.status === 'ready' ? link('original') : null,
    };
  }

  function audienceFor(sheet: SheetRecord, viewer: Viewer | null): string {
    return deps.sheets.isPublic(sheet) || !viewer ? ANYONE : viewer.id;
  }

  // Uploads ----------------------------------------------------------------------------------------

  async function announce(slug: string, viewer: Viewer, input: UploadRequest): Promise<Upload> {
    const sheet = await deps.sheets.editable(slug, viewer);
    const name = cleanFileName(input.name);
    const ext = extensionOf(name);
    // Early refusals save sending megabytes for nothing; the bytes are verified again on arrival.
    if (ext && !KNOWN_EXTENSIONS.has(ext))
      throw fieldFailure(
        'unsupported_media_type',
        `Les fichiers .${ext} ne sont pas acceptés. Formats acceptés : ${ACCEPTED_LIST}.`,
      );
    if (
      input.purpose === 'image' &&
      ext &&
      acceptedType(`image/${ext === 'jpg' ? 'jpeg' : ext}`) === undefined &&
      ext !== SVG_EXTENSION
    )
      throw fieldFailure('unsupported_media_type', 'Ce fichier n’est pas une image (PNG, JPEG, WebP, GIF ou SVG).');
    if (input.size === 0) throw fieldFailure('validation_failed', 'Ce fichier est vide.');
    const max = sizeLimitFor(input.purpose, limits);
    if (input.size > max) throw tooLargeError(input.purpose, limits);
    const created = await repo.insertUpload(db, {
      sheetId: sheet.id,
      userId: viewer.id,
      purpose: input.purpose,
      name,
      size: input.size,
      type: input.mediaType,
      ttlMinutes: config.uploadTtlMinutes,
    });
    return {
      id: created.id,
      uploadUrl: `/api/v1/uploads/${created.id}`,
      expiresAt: created.expires_at.toISOString(),
      maxBytes: max,
    };
  }

  async function fileInfoFor(fileId: string, viewer: Viewer): Promise<FileInfo> {
    const file = await repo.findFile(db, fileId);
    if (!file) throw new AppError('not_found');
    const { sheet, editor } = await deps.sheets.readableById(file.sheet_id, viewer);
    return info(file, audienceFor(sheet, viewer), editor);
  }

  /**
   * Receives the bytes of an announced upload. Safe to retry: a completed upload answers its file
   * again; a concurrent second send is refused; nothing is stored unless every check passed.
   */
  async function receive(uploadId: string, viewer: Viewer, body: Readable): Promise<{ file: FileInfo; created: boolean }> {
    const upload = await repo.claimUpload(db, uploadId, viewer.id);
    if (!upload) {
      body.resume();
      const existing = await repo.findUpload(db, uploadId);
      if (!existing || existing.user_id !== viewer.id) throw new AppError('not_found');
      if (existing.status === 'completed' && existing.file_id)
        return { file: await fileInfoFor(existing.file_id, viewer), created: false };
      if (existing.expires_at <= new Date()) throw new AppError('upload_expired');
      throw new AppError('upload_in_progress');
    }
    const dir = await mkdtemp(path.join(os.tmpdir(), 'malle-upload-'));
    try {
      // Rights may have changed since the announcement.
      await deps.sheets.editableById(upload.sheet_id, viewer);
      const purpose = upload.purpose as Purpose;
      const declared = upload.declared_size;
      const spooled = path.join(dir, 'upload');
      const counted = meter(Math.min(declared, sizeLimitFor(purpose, limits)), () =>
        declared > sizeLimitFor(purpose, limits)
          ? tooLargeError(purpose, limits)
          : fieldFailure(
              'validation_failed',
              `Le fichier envoyé est plus gros que la taille annoncée (${formatSize(declared)}).`,
            ),
      );
      await pipeline(body, counted.transform, createWriteStream(spooled));
      const received = counted.result();
      if (received.bytes !== declared)
        throw fieldFailure(
          'validation_failed',
          `Le fichier est arrivé incomplet (${formatSize(received.bytes)} sur ${formatSize(declared)}). Réessayez l’envoi.`,
        );

      const inspected = await inspectUpload({ path: spooled, size: received.bytes, name: upload.declared_name, purpose, limits });
      const stored = inspected.convertedPath
        ? await sha256Of(inspected.convertedPath)
        : { sha256: received.sha256, bytes: received.bytes };
      const storedPath = inspected.convertedPath ?? spooled;

      // Storing happens in three short steps, none holding a transaction across the network
      // (ADR 014): the blob is claimed and pinned by its file row; its bytes go to storage unless
      // already there; then the upload completes and processing is queued.
      const pinned = await db.transaction().execute(async (trx) => {
        const blob = await repo.claimBlob(trx, {
          sha256: stored.sha256,
          size: stored.bytes,
          mediaType: inspected.type.mime,
          kind: inspected.type.kind,
          freshKey: freshObjectKey(stored.sha256),
          width: inspected.width ?? null,
          height: inspected.height ?? null,
        });
        const file = await repo.insertFile(trx, {
          sheetId: upload.sheet_id,
          sha256: stored.sha256,
          name: inspected.name,
          purpose,
          userId: viewer.id,
        });
        return { ...blob, fileId: file.id };
      });
      try {
        if (!pinned.stored)
          await storage.put(pinned.storageKey, createReadStream(storedPath), {
            contentLength: stored.bytes,
            contentType: inspected.type.mime,
          });
        await db.transaction().execute(async (trx) => {
          if (!(await repo.markStored(trx, stored.sha256, pinned.storageKey)))
            throw new AppError('conflict', { message: 'Ce fichier a changé pendant l’envoi. Réessayez.' });
          // Also when the bytes were already known: a processing job that died or gave up starts again.
          if (pinned.status === 'processing')
            await enqueueJob(trx, 'process_blob', { sha256: stored.sha256 }, { jobKey: `process_blob:${stored.sha256}` });
          await repo.completeUpload(trx, upload.id, pinned.fileId);
        });
      } catch (error) {
        // The pin goes with the failed attempt; the blob is cleaned up if nothing else holds it.
        await repo.deleteFile(db, pinned.fileId).catch(() => undefined);
        throw error;
      }
      return { file: await fileInfoFor(pinned.fileId, viewer), created: true };
    } catch (error) {
      body.resume();
      await repo.releaseUpload(db, upload.id).catch(() => undefined);
      throw error;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  // Reading ------------------------------------------------------------------------------------------

  /**
   * The one read rule for a file: the viewer may read its sheet, and, unless they edit it, the
   * file belongs to a published version and is readable.
   */
  async function mayRead(file: FileRow, viewer: Viewer | null, variant: VariantName, key?: string) {
    const access = await deps.sheets.readableById(file.sheet_id, viewer, key);
    // Readers only see files of published versions, never a file only present in a draft.
    if (!access.editor && !(await repo.isPublished(db, file.id))) throw new AppError('not_found');
    if (!access.editor && file.status === 'unreadable' && variant === 'original')
      throw new AppError('not_found', { message: 'Ce fichier est illisible : il ne peut pas être téléchargé.' });
    return access;
  }

  /** Checks that the viewer may read the file, then gives a fresh signed link to it. */
  async function authorize(fileId: string, viewer: Viewer | null, variant: VariantName, key?: string): Promise<string> {
    const file = await repo.findFile(db, fileId);
    if (!file) throw new AppError('not_found');
    const { sheet } = await mayRead(file, viewer, variant, key);
    if (!variantOf(file, variant)) throw new AppError('not_found', { message: 'Cet aperçu n’est pas (encore) disponible.' });
    return signer.sign(file.id, variant, audienceFor(sheet, viewer));
  }

  /**
   * Opens a signed link: the signature, its expiry and its audience are checked, and so is the
   * right to read, again (ADR 014): a link given to a member stops working as soon as they leave
   * the base; a link for anyone stops when the sheet stops being shared (made private, deleted).
   */
  async function open(
    fileId: string,
    variant: string,
    query: { exp?: string | undefined; aud?: string | undefined; sig?: string | undefined },
    viewer: Viewer | null,
  ) {
    const checked = signer.verify(fileId, variant, query);
    if (!checked.ok) {
      if (checked.reason === 'expired') throw new AppError('link_expired');
      throw new AppError('not_found');
    }
    if (checked.audience !== ANYONE && checked.audience !== viewer?.id) throw new AppError('not_found');
    const file = await repo.findFile(db, fileId);
    const objectKey = file ? variantOf(file, variant as VariantName) : null;
    if (!file || !objectKey) throw new AppError('not_found');
    if (checked.audience === ANYONE) {
      const shared = (await deps.sheets.isShared(file.sheet_id)) && (await repo.isPublished(db, file.id));
      // Editors get links for anyone too when the sheet is public: their own right still counts.
      if (
        !shared &&
        !(
          viewer &&
          (await mayRead(file, viewer, variant as VariantName).then(
            () => true,
            () => false,
          ))
        )
      )
        throw new AppError('not_found');
    } else {
      await mayRead(file, viewer, variant as VariantName);
    }
    const object = await storage.get(objectKey);
    if (!object) throw new AppError('not_found');
    const derived = variant !== 'original';
    const base = file.name.replace(/\.[^.]+$/, '');
    // A PDF is shown inline only once processing has read it safely (pdf.js); until then, or when
    // it was refused, it is a download in a sandbox, even for its editors.
    const verifiedPdf = !derived && file.kind === 'pdf' && file.status === 'ready';
    return {
      body: object.body,
      size: object.size,
      mediaType: derived ? 'image/webp' : file.media_type,
      fileName: derived ? `${base}-${variant}.webp` : file.name,
      inline: derived || file.kind === 'image' || verifiedPdf,
      isPdf: verifiedPdf,
      etag: `"${file.sha256.slice(0, 32)}-${variant}"`,
      public: checked.audience === ANYONE,
      expires: checked.expires,
    };
  }

  /**
   * A version as shown to a viewer: its HTML with images resolved to signed links, and its
   * attachment blocks with their files. With `stableBase` (cached public answers), every link is
   * an absolute access-checked address instead (see `info`).
   */
  async function presentVersionFiles(
    sheet: SheetRecord,
    body: unknown,
    storedHtml: string,
    viewer: Viewer | null,
    editor: boolean,
    key?: string,
    stableBase?: string,
  ): Promise<{ html: string; attachments: Attachment[] }> {
    const blocks = documentFiles(body as JSONContent);
    if (blocks.length === 0) return { html: storedHtml, attachments: [] };
    const files = new Map(
      (await repo.findFiles(db, [...new Set(blocks.map((b) => b.fileId))]))
        .filter((f) => f.sheet_id === sheet.id)
        .map((f) => [f.id, f]),
    );
    const audience = audienceFor(sheet, viewer);
    const html = renderHtml(body, {
      resolveFileUrl: (fileId, kind) => {
        const file = files.get(fileId);
        if (!file) return null;
        if (kind === 'image') {
          if (file.status === 'unreadable') return null;
          return variantLink(file.id, displayVariant(file), audience, key, stableBase);
        }
        return file.status === 'unreadable' && !editor ? null : `${stableBase ?? ''}${downloadPath(file.id, key)}`;
      },
    });
    return {
      html,
      attachments: blocks
        .filter((b) => b.kind === 'attachment')
        .map((a) => {
          const file = files.get(a.fileId);
          const role = a.role ?? 'autre';
          return {
            role,
            roleLabel: ATTACHMENT_ROLE_LABELS[role as AttachmentRole] ?? ATTACHMENT_ROLE_LABELS.autre,
            label: a.label,
            file: file ? info(file, audience, editor, key, stableBase) : null,
          };
        }),
    };
  }

  return {
    announce,
    receive,
    authorize,
    open,
    presentVersionFiles,
    fileInfoFor,
    signer,
    limits,
    async processBlob(sha256: string): Promise<'ready' | 'unreadable' | 'skipped'> {
      const blob = await repo.findBlob(db, sha256);
      // Not stored yet: the upload that stores it queues this job again once it has.
      if (!blob || blob.status !== 'processing' || !blob.stored_at || blob.deleting_since) return 'skipped';
      const dir = await mkdtemp(path.join(os.tmpdir(), 'malle-process-'));
      try {
        const local = path.join(dir, 'original');
        const object = await storage.get(blob.storage_key);
        if (!object) throw new Error(`object ${blob.storage_key} is missing from storage`);
        await pipeline(object.body, createWriteStream(local));
        const result = await processIsolated(
          { path: local, kind: blob.kind as FileKind, mime: blob.media_type },
          { timeoutMs: config.processingTimeoutMs, memoryMb: config.processingMemoryMb },
        );
        if (result.status === 'unreadable') {
          await repo.saveProcessing(db, sha256, blob.storage_key, result);
          deps.log.warn({ sha256, reason: result.reason }, 'file unreadable');
          return 'unreadable';
        }
        const put = (key: string, data: Uint8Array) =>
          storage.put(key, data, { contentLength: data.byteLength, contentType: 'image/webp' });
        const variants: VariantRef[] = [];
        for (const [i, variant] of result.variants.entries()) {
          const key = variantKey(blob.storage_key, `w${VARIANT_WIDTHS[i]}`);
          await put(key, variant.data);
          variants.push({ width: variant.width, height: variant.height, key, size: variant.data.byteLength });
        }
        let thumbnailKey: string | null = null;
        if (result.thumbnail) {
          thumbnailKey = variantKey(blob.storage_key, 'thumbnail');
          await put(thumbnailKey, result.thumbnail);
        }
        // Sheets whose search text includes this file's are refreshed by the blob's trigger.
        await repo.saveProcessing(db, sha256, blob.storage_key, {
          status: 'ready',
          pageCount: result.pageCount,
          text: result.text,
          width: result.width ?? blob.width,
          height: result.height ?? blob.height,
          thumbnailKey,
          variants,
        });
        return 'ready';
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },

    /** Removes expired uploads, files nothing refers to, and the stored objects nobody uses. */
    async cleanup(graceMinutes = UNREFERENCED_GRACE_MINUTES) {
      const uploads = await repo.deleteExpiredUploads(db);
      const files = await repo.deleteUnreferencedFiles(db, graceMinutes);
      let blobs = 0;
      for (;;) {
        const orphans = await repo.orphanBlobs(db, 100);
        let removed = 0;
        for (const { sha256 } of orphans) {
          // Mark (short transaction), delete the objects (no transaction), then drop the row
          // unless an upload took the blob over meanwhile (ADR 014).
          const marked = await db.transaction().execute((trx) => repo.markBlobDeleting(trx, sha256));
          if (!marked) continue;
          await storage.delete(marked.keys);
          if (await repo.finishBlobDeletion(db, sha256, marked.storageKey)) removed++;
        }
        blobs += removed;
        if (orphans.length < 100 || removed === 0) break;
      }
      return { uploads, files, blobs };
    },
  };
}

/** What the sheets module asks of files (references, versions, adaptation copies). */
export { createSheetFileHooks, type SheetFileHooks } from './hooks.ts';
