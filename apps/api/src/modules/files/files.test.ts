import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { sql } from 'kysely';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXECUTABLE,
  SVG_WITH_SCRIPT,
  makeEncryptedPdf,
  makePdf,
  makePdfWithEscapedJavaScript,
  makePdfWithJavaScript,
  makePixelFloodPng,
  makePng,
  makePptx,
  makeZipBombDocx,
} from '../../test/fixtures.ts';
import { signUp, type Agent } from '../../test/session-client.ts';
import { INDEXING, doc, fixtures, paragraph as p } from '../../test/api-fixtures.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { createStorage } from '../../lib/storage.ts';
import * as filesRepo from './repo.ts';

let t: TestApp;
const s = fixtures(() => t.app);
beforeAll(async () => {
  t = await createTestApp({ IMAGE_MAX_BYTES: String(2 * 1024 * 1024), FILE_MAX_BYTES: String(8 * 1024 * 1024) });
});
afterAll(() => t.close());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function upload(
  agent: Agent,
  slug: string,
  name: string,
  bytes: Buffer,
  purpose: 'image' | 'attachment' = 'attachment',
  declared = bytes.length,
) {
  const announced = await s.call(agent, 'POST', `/api/v1/sheets/${slug}/uploads`, {
    name,
    size: declared,
    mediaType: '',
    purpose,
  });
  if (announced.statusCode !== 201) return announced;
  return send(agent, announced.json<{ uploadUrl: string }>().uploadUrl, bytes);
}

function send(agent: Agent | null, url: string, bytes: Buffer) {
  return t.app.inject({
    method: 'PUT',
    url,
    headers: { ...s.headers(agent), 'content-type': 'application/octet-stream' },
    payload: bytes,
  });
}

const attachment = (fileId: string, label: string, role = 'guide_animation') => ({
  type: 'attachment',
  attrs: { fileId, role, label },
});
const image = (fileId: string, alt: string) => ({ type: 'image', attrs: { fileId, alt, caption: null } });

async function publishedWith(agent: Agent, slug: string, blocks: unknown[], visibility: 'public' | 'private' = 'public') {
  const saved = await s.trySave(agent, slug, { summary: 'Atelier.', body: doc(p('Déroulé.'), ...blocks), indexing: INDEXING });
  expect(saved.statusCode, saved.body).toBe(200);
  await s.publish(agent, slug, visibility);
}

/** Follows the authorization redirect, then opens the signed link, as `agent`. */
async function download(agent: Agent | null, fileId: string, query = '') {
  const authorized = await s.call(agent, 'GET', `/api/v1/files/${fileId}${query}`);
  if (authorized.statusCode !== 302) return { authorized, content: null };
  const content = await s.call(agent, 'GET', authorized.headers.location as string);
  return { authorized, content };
}

async function counts() {
  const [files, blobs, uploadsCompleted] = await Promise.all([
    t.db
      .selectFrom('files')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow(),
    t.db
      .selectFrom('blobs')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow(),
    t.db
      .selectFrom('uploads')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('status', '=', 'completed')
      .executeTakeFirstOrThrow(),
  ]);
  return { files: files.n, blobs: blobs.n, completed: uploadsCompleted.n, objects: (await objectKeys()).length };
}

/** What the bucket holds, listed with a plain S3 client (the storage port has no listing). */
async function objectKeys(): Promise<string[]> {
  const s3 = t.config.s3;
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  try {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
    return (listed.Contents ?? []).map((o) => o.Key!).sort();
  } finally {
    client.destroy();
  }
}

function zipEntries(bytes: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('not a zip'));
      const names: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.readEntry();
    });
  });
}

describe('uploading and reading files', () => {
  it('verifies, stores, processes a PDF and serves it through a signed link to readers of the sheet only', async () => {
    const author = await signUp(t.app);
    const slug = await s.draftSheet(author, null, 'Reconnaître un mail d’hameçonnage');
    const pdf = await makePdf(3, 'Guide animation');
    const res = await upload(author, slug, 'Guide d’animation.pdf', pdf);
    expect(res.statusCode, res.body).toBe(201);
    const file = res.json<{ file: Json }>().file;
    expect(file).toMatchObject({
      name: 'Guide d’animation.pdf',
      kind: 'pdf',
      mediaType: 'application/pdf',
      size: pdf.length,
      status: 'processing',
    });

    await t.app.jobs.runPending();
    const processed = await t.app.files.fileInfoFor(file.id, { id: author.userId, email: author.email });
    expect(processed).toMatchObject({ status: 'ready', pageCount: 3, typeLabel: 'PDF' });
    expect(processed.thumbnailUrl).toMatch(/^\/api\/v1\/files\/[\w-]+\/thumbnail\?exp=/);
    const blob = await t.db.selectFrom('blobs').select(['text']).executeTakeFirstOrThrow();
    expect(blob.text).toContain('Guide animation - page 2');

    await publishedWith(author, slug, [attachment(file.id, 'Guide d’animation')], 'private');
    const sheet = (await s.call(author, 'GET', `/api/v1/sheets/${slug}`)).json<Json>();
    expect(sheet.version.attachments).toEqual([
      expect.objectContaining({
        role: 'guide_animation',
        roleLabel: "Guide d'animation",
        label: 'Guide d’animation',
        file: expect.objectContaining({ id: file.id, pageCount: 3 }),
      }),
    ]);
    expect(sheet.version.html).toContain(`href="/api/v1/files/${file.id}"`);

    const mine = await download(author, file.id);
    expect(mine.authorized.statusCode).toBe(302);
    expect(mine.content?.statusCode).toBe(200);
    expect(mine.content?.headers['content-type']).toBe('application/pdf');
    expect(mine.content?.headers['content-disposition']).toMatch(
      /^inline; filename="Guide danimation.pdf"; filename\*=UTF-8''Guide%20d%E2%80%99animation\.pdf$/,
    );
    expect(Buffer.compare(mine.content!.rawPayload, pdf)).toBe(0);

    // Private: nobody else gets the file, not even with the owner's link.
    const outsider = await signUp(t.app);
    expect((await download(outsider, file.id)).authorized.statusCode).toBe(404);
    expect((await download(null, file.id)).authorized.statusCode).toBe(404);
    const ownersLink = mine.authorized.headers.location as string;
    expect((await s.call(outsider, 'GET', ownersLink)).statusCode).toBe(404);
    expect((await s.call(null, 'GET', ownersLink)).statusCode).toBe(404);
    // Links expire, and a tampered link is refused.
    const old = t.app.files.signer.sign(file.id, 'original', author.userId, Date.now() - 3_600_000);
    const expired = await s.call(author, 'GET', old);
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error.code).toBe('link_expired');
    expect(
      (
        await s.call(
          author,
          'GET',
          ownersLink.replace(/sig=(.)/, (_m, c: string) => `sig=${c === 'A' ? 'B' : 'A'}`),
        )
      ).statusCode,
    ).toBe(404);
    expect((await s.call(author, 'GET', ownersLink.replace('/original?', '/thumbnail?'))).statusCode).toBe(404);
  });

  it('reads slides: slide count, text and the embedded preview', async () => {
    const author = await signUp(t.app);
    const slug = await s.draftSheet(author, null, 'Reconnaître un mail d’hameçonnage');
    const res = await upload(
      author,
      slug,
      'diaporama.pptx',
      await makePptx(['Repérer un hameçonnage', 'Signaler', 'Quiz final']),
    );
    expect(res.statusCode, res.body).toBe(201);
    await t.app.jobs.runPending();
    const info = await t.app.files.fileInfoFor(res.json<{ file: Json }>().file.id, { id: author.userId, email: author.email });
    expect(info).toMatchObject({ kind: 'slides', typeLabel: 'Diaporama PowerPoint', status: 'ready', pageCount: 3 });
    expect(info.thumbnailUrl).not.toBeNull();
    const thumb = await s.call(author, 'GET', info.thumbnailUrl!);
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
  });

  it('makes image variants and shows images through signed links; readers of a public sheet may load them without an account', async () => {
    const author = await signUp(t.app);
    const slug = await s.draftSheet(author, null, 'Reconnaître un mail d’hameçonnage');
    const res = await upload(author, slug, 'capture.png', await makePng(2000, 1000), 'image');
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json<{ file: Json }>().file.id as string;
    await t.app.jobs.runPending();
    const variants = await t.db
      .selectFrom('blobs')
      .innerJoin('files', 'files.blob_sha256', 'blobs.sha256')
      .select('variants')
      .where('files.id', '=', id)
      .executeTakeFirstOrThrow();
    expect((variants.variants as Array<{ width: number }>).map((v) => v.width)).toEqual([480, 960, 1600]);

    await publishedWith(author, slug, [image(id, 'Capture d’un faux site')]);
    const sheet = (await s.call(null, 'GET', `/api/v1/sheets/${slug}`)).json<Json>();
    const src = /<img[^>]*src="([^"]+)"/.exec(sheet.version.html)?.[1]?.replaceAll('&amp;', '&');
    expect(src).toMatch(new RegExp(`^/api/v1/files/${id}/w960\\?exp=\\d+&aud=public&sig=`));
    const loaded = await s.call(null, 'GET', src!);
    expect(loaded.statusCode).toBe(200);
    expect(loaded.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
    const again = await t.app.inject({ method: 'GET', url: src!, headers: { 'if-none-match': loaded.headers.etag as string } });
    expect(again.statusCode).toBe(304);
  });

  it('stores the same bytes once, answers a repeated upload with the same file, and refuses a concurrent or expired one', async () => {
    const author = await signUp(t.app);
    const first = await s.draftSheet(author, null, 'Reconnaître un mail d’hameçonnage');
    const second = await s.draftSheet(author, null, 'Reconnaître un mail d’hameçonnage');
    const pdf = await makePdf(1, 'Doublon');
    const before = await counts();
    const announced = await s.call(author, 'POST', `/api/v1/sheets/${first}/uploads`, {
      name: 'a.pdf',
      size: pdf.length,
      purpose: 'attachment',
    });
    const url = announced.json<{ uploadUrl: string }>().uploadUrl;
    const once = await send(author, url, pdf);
    const twice = await send(author, url, pdf);
    expect(once.statusCode).toBe(201);
    expect(twice.statusCode).toBe(200);
    expect(twice.json().file.id).toBe(once.json().file.id);
    // Someone else cannot complete (or even see) my upload.
    const other = await signUp(t.app);
    expect((await send(other, url, pdf)).statusCode).toBe(404);

    expect((await upload(author, second, 'copie.pdf', pdf)).statusCode).toBe(201);
    const after = await counts();
    expect(after.files - before.files).toBe(2);
    expect(after.blobs - before.blobs).toBe(1);
    expect(after.objects - before.objects).toBe(1);

    const stale = await s.call(author, 'POST', `/api/v1/sheets/${first}/uploads`, {
      name: 'b.pdf',
      size: pdf.length,
      purpose: 'attachment',
    });
    await t.db
      .updateTable('uploads')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', stale.json().id)
      .execute();
    const late = await send(author, stale.json().uploadUrl, pdf);
    expect(late.statusCode).toBe(410);
    expect(late.json().error.code).toBe('upload_expired');
    await t.app.files.cleanup();
    expect(await t.db.selectFrom('uploads').select('id').where('id', '=', stale.json().id).executeTakeFirst()).toBeUndefined();
  });

  it('cleans a file name of paths and control characters, and refuses a NUL character clearly', async () => {
    const author = await signUp(t.app);
    const slug = await s.draftSheet(author, null, 'Reconnaître un mail d’hameçonnage');
    const res = await upload(author, slug, '../../etc/\u0007pass\u202Ewd\n.pdf', await makePdf(1));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().file.name).toBe('passwd.pdf');
    const nul = await upload(author, slug, 'pass\u0000wd.pdf', await makePdf(1));
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error).toMatchObject({ code: 'validation_failed', details: { fields: [{ path: 'name' }] } });
  });
});

describe('refusing bad files', () => {
  const cases: Array<{
    what: string;
    name: string;
    bytes: () => Promise<Buffer> | Buffer;
    purpose?: 'image' | 'attachment';
    status: number;
    code: string;
  }> = [
    { what: 'a PDF renamed .png', name: 'photo.png', bytes: () => makePdf(1), status: 415, code: 'unsupported_media_type' },
    {
      what: 'a PDF sent as an image',
      name: 'photo.pdf',
      bytes: () => makePdf(1),
      purpose: 'image',
      status: 415,
      code: 'unsupported_media_type',
    },
    { what: 'a PNG renamed .pdf', name: 'guide.pdf', bytes: () => makePng(20, 20), status: 415, code: 'unsupported_media_type' },
    {
      what: 'an executable renamed .pdf',
      name: 'guide.pdf',
      bytes: () => EXECUTABLE,
      status: 415,
      code: 'unsupported_media_type',
    },
    { what: 'a PDF with JavaScript', name: 'guide.pdf', bytes: () => makePdfWithJavaScript(), status: 422, code: 'unsafe_file' },
    {
      what: 'a PDF with JavaScript whose names are #-escaped',
      name: 'guide.pdf',
      bytes: () => makePdfWithEscapedJavaScript(),
      status: 422,
      code: 'unsafe_file',
    },
    {
      what: 'a pixel flood',
      name: 'image.png',
      bytes: () => makePixelFloodPng(50_000, 50_000),
      purpose: 'image',
      status: 415,
      code: 'unsupported_media_type',
    },
    {
      what: 'a zip bomb disguised as .docx',
      name: 'compte-rendu.docx',
      bytes: () => makeZipBombDocx(600),
      status: 415,
      code: 'unsupported_media_type',
    },
    {
      what: 'an unknown type',
      name: 'notes.txt',
      bytes: () => Buffer.from('bonjour'),
      status: 415,
      code: 'unsupported_media_type',
    },
  ];

  it.each(cases)('refuses $what with $code, leaving nothing behind', async ({ name, bytes, purpose, status, code }) => {
    const author = await signUp(t.app);
    const slug = await s.draftSheet(author, null, 'Reconnaître un mail d’hameçonnage');
    const before = await counts();
    const res = await upload(author, slug, name, await bytes(), purpose ?? 'attachment');
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(res.json().error.message).toMatch(/[a-zé]/);
    expect(await counts()).toEqual(before);
  });

  it('refuses empty files and files over the limit when announced, and bytes beyond the announced size', async () => {
    const author = await signUp(t.app);
    const slug = await s.draftSheet(author, null, 'Reconnaître un mail d’hameçonnage');
    const empty = await s.call(author, 'POST', `/api/v1/sheets/${slug}/uploads`, {
      name: 'vide.pdf',
      size: 0,
      purpose: 'attachment',
    });
    expect(empty.statusCode).toBe(400);
    const big = await s.call(author, 'POST', `/api/v1/sheets/${slug}/uploads`, {
      name: 'gros.pdf',
      size: 9 * 1024 * 1024,
      purpose: 'attachment',
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.message).toContain('bloc « Vidéo »');
    const bigImage = await s.call(author, 'POST', `/api/v1/sheets/${slug}/uploads`, {
      name: 'photo.jpg',
      size: 3 * 1024 * 1024,
      purpose: 'image',
    });
    expect(bigImage.statusCode).toBe(413);
    const pdf = await makePdf(1);
    const lying = await upload(author, slug, 'menteur.pdf', pdf, 'attachment', 100);
    expect(lying.statusCode).toBe(400);
    const truncatedSend = await upload(author, slug, 'coupé.pdf', pdf.subarray(0, 100), 'attachment', pdf.length);
    expect(truncatedSend.statusCode).toBe(400);
    expect(truncatedSend.json().error.message).toContain('incomplet');
    // The refused upload can be retried with the right bytes.
    const outsider = await signUp(t.app);
    expect(
      (await s.call(outsider, 'POST', `/api/v1/sheets/${slug}/uploads`, { name: 'x.pdf', size: 10, purpose: 'attachment' }))
        .statusCode,
    ).toBe(404);
  });

  it('converts an SVG to PNG, scripts and all', async () => {
    const author = await signUp(t.app);
    const slug = await s.draftSheet(author, null, 'Reconnaître un mail d’hameçonnage');
    const res = await upload(author, slug, 'schema.svg', SVG_WITH_SCRIPT, 'image');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().file).toMatchObject({ name: 'schema.png', mediaType: 'image/png', kind: 'image' });
    const { content } = await download(author, res.json().file.id);
    expect(content?.headers['content-type']).toBe('image/png');
    expect(content!.rawPayload.subarray(1, 4).toString()).toBe('PNG');
  });

  it('marks a truncated or encrypted PDF "illisible" without failing the worker', async () => {
    const author = await signUp(t.app);
    const slug = await s.draftSheet(author, null, 'Reconnaître un mail d’hameçonnage');
    const pdf = await makePdf(4);
    const truncated = await upload(author, slug, 'tronqué.pdf', pdf.subarray(0, Math.floor(pdf.length / 3)));
    const encrypted = await upload(author, slug, 'secret.pdf', await makeEncryptedPdf());
    const fine = await upload(author, slug, 'bon.pdf', await makePdf(2, 'Bon fichier'));
    for (const r of [truncated, encrypted, fine]) expect(r.statusCode, r.body).toBe(201);
    await t.app.jobs.runPending();
    const info = (r: typeof fine) => t.app.files.fileInfoFor(r.json().file.id, { id: author.userId, email: author.email });
    expect(await info(truncated)).toMatchObject({ status: 'unreadable', unreadableReason: 'PDF endommagé ou incomplet.' });
    expect(await info(encrypted)).toMatchObject({ status: 'unreadable', unreadableReason: 'PDF protégé par un mot de passe.' });
    expect(await info(fine)).toMatchObject({ status: 'ready', pageCount: 2 });

    // Readers see it as illisible and cannot download it.
    await publishedWith(author, slug, [attachment(truncated.json().file.id, 'Tronqué')]);
    const reader = await signUp(t.app);
    const shown = (await s.call(reader, 'GET', `/api/v1/sheets/${slug}`)).json<Json>();
    expect(shown.version.attachments[0].file).toMatchObject({
      status: 'unreadable',
      unreadableReason: 'Fichier illisible.',
      downloadUrl: null,
    });
    expect((await download(reader, truncated.json().file.id)).authorized.statusCode).toBe(404);
  });
});

describe('links and processing across changes (ADR 014)', () => {
  it('checks the right to read again when a signed link is opened: a removed member’s link stops at once', async () => {
    const admin = await signUp(t.app);
    const member = await signUp(t.app);
    const base = await s.createBase(admin, 'Base privée des liens', false);
    await s.addMember(admin, base, member);
    const slug = await s.draftSheet(admin, base, 'Fiche interne');
    const fileId = (await upload(admin, slug, 'interne.pdf', await makePdf(1))).json().file.id as string;
    await publishedWith(admin, slug, [attachment(fileId, 'Interne')], 'private');
    const { authorized, content } = await download(member, fileId);
    expect(authorized.statusCode).toBe(302);
    expect(content!.statusCode).toBe(200);
    const link = authorized.headers.location as string;

    expect((await s.call(admin, 'DELETE', `/api/v1/bases/${base}/members/${member.userId}`)).statusCode).toBe(204);
    expect((await s.call(member, 'GET', link)).statusCode).toBe(404);
  });

  it('stops a link for anyone as soon as the sheet stops being shared', async () => {
    const author = await signUp(t.app);
    const slug = await s.draftSheet(author, null, 'Fiche publique puis privée');
    const fileId = (await upload(author, slug, 'public.pdf', await makePdf(1))).json().file.id as string;
    await publishedWith(author, slug, [attachment(fileId, 'Public')]);
    const { authorized, content } = await download(null, fileId);
    expect(content!.statusCode).toBe(200);
    expect((await s.call(author, 'PUT', `/api/v1/sheets/${slug}/visibility`, { visibility: 'private' })).statusCode).toBe(204);
    expect((await s.call(null, 'GET', authorized.headers.location as string)).statusCode).toBe(404);
    // Its author still opens it, with the same link.
    expect((await s.call(author, 'GET', authorized.headers.location as string)).statusCode).toBe(200);
  });

  it('serves a PDF inline only once processing has read it; before, even its editors download it in a sandbox', async () => {
    const author = await signUp(t.app);
    const slug = await s.draftSheet(author, null, 'Fiche au PDF pas encore lu');
    const fileId = (await upload(author, slug, 'pas-lu.pdf', await makePdf(1))).json().file.id as string;
    const before = (await download(author, fileId)).content!;
    expect(before.headers['content-disposition']).toMatch(/^attachment;/);
    expect(before.headers['content-security-policy']).toContain('sandbox');
    await t.app.jobs.runPending();
    const after = (await download(author, fileId)).content!;
    expect(after.headers['content-disposition']).toMatch(/^inline;/);
  });

  it('lets an upload take over bytes the cleanup is deleting, without losing them to the deletion', async () => {
    const author = await signUp(t.app);
    const slug = await s.draftSheet(author, null, 'Fiche au fichier repris');
    const pdf = await makePdf(1, 'Repris');
    const first = (await upload(author, slug, 'repris.pdf', pdf)).json().file.id as string;
    const sha = (await t.db.selectFrom('files').select('blob_sha256').where('id', '=', first).executeTakeFirstOrThrow())
      .blob_sha256;
    await t.db.deleteFrom('uploads').where('file_id', '=', first).execute();
    await t.db.deleteFrom('files').where('id', '=', first).execute();
    // The cleanup marks the orphan blob and is about to delete its object…
    const marked = await t.db.transaction().execute((trx) => filesRepo.markBlobDeleting(trx, sha));
    expect(marked).not.toBeNull();
    // …when someone uploads the same bytes: they get a fresh object.
    const again = await upload(author, slug, 'repris.pdf', pdf);
    expect(again.statusCode).toBe(201);
    const storage = createStorage(t.config.s3);
    try {
      await storage.delete(marked!.keys);
      expect(await filesRepo.finishBlobDeletion(t.db, sha, marked!.storageKey)).toBe(false);
      const blob = await t.db
        .selectFrom('blobs')
        .select(['storage_key', 'deleting_since'])
        .where('sha256', '=', sha)
        .executeTakeFirstOrThrow();
      expect(blob.deleting_since).toBeNull();
      expect(blob.storage_key).not.toBe(marked!.storageKey);
      expect(await storage.exists(blob.storage_key)).toBe(true);
    } finally {
      storage.destroy();
    }
    await t.app.jobs.runPending();
    expect((await download(author, again.json().file.id as string)).content!.statusCode).toBe(200);
  });

  it('queues processing again when the same bytes are uploaded after their job gave up', async () => {
    const author = await signUp(t.app);
    const slug = await s.draftSheet(author, null, 'Fiche au traitement abandonné');
    const pdf = await makePdf(2, 'Abandonné');
    const first = (await upload(author, slug, 'abandon.pdf', pdf)).json().file.id as string;
    const sha = (await t.db.selectFrom('files').select('blob_sha256').where('id', '=', first).executeTakeFirstOrThrow())
      .blob_sha256;
    // The job failed for good (every attempt used), the file stays "en cours de traitement".
    await sql`update graphile_worker._private_jobs set attempts = max_attempts, last_error = 'simulated'
      where key = ${`process_blob:${sha}`}`.execute(t.db);
    await t.app.jobs.runPending();
    expect((await t.db.selectFrom('blobs').select('status').where('sha256', '=', sha).executeTakeFirstOrThrow()).status).toBe(
      'processing',
    );
    expect((await upload(author, slug, 'abandon-bis.pdf', pdf)).statusCode).toBe(201);
    await t.app.jobs.runPending();
    expect((await t.db.selectFrom('blobs').select('status').where('sha256', '=', sha).executeTakeFirstOrThrow()).status).toBe(
      'ready',
    );
  });
});

describe('files and sheet life', () => {
  it('refuses a draft that refers to another sheet’s file, and keeps draft-only files from readers', async () => {
    const author = await signUp(t.app);
    const victim = await signUp(t.app);
    const theirs = await s.draftSheet(victim, null, 'Reconnaître un mail d’hameçonnage');
    const theirFile = (await upload(victim, theirs, 'privé.pdf', await makePdf(1))).json().file.id as string;
    const mine = await s.draftSheet(author, null, 'Reconnaître un mail d’hameçonnage');
    const saved = await s.trySave(author, mine, { body: doc(attachment(theirFile, 'Volé')) });
    expect(saved.statusCode).toBe(400);
    expect(saved.json().error.details.fields[0].message).toContain('n’appartient pas à cette fiche');

    // Published sheet, then a new file only in the draft: readers cannot open it.
    await publishedWith(author, mine, []);
    const draftOnly = (await upload(author, mine, 'brouillon.pdf', await makePdf(1))).json().file.id as string;
    expect((await s.trySave(author, mine, { body: doc(attachment(draftOnly, 'Brouillon')) })).statusCode).toBe(200);
    const reader = await signUp(t.app);
    expect((await download(reader, draftOnly)).authorized.statusCode).toBe(404);
    expect((await download(author, draftOnly)).content?.statusCode).toBe(200);
  });

  it('keeps files used by a version, removes the ones nothing refers to, and the objects with them', async () => {
    const author = await signUp(t.app);
    const slug = await s.draftSheet(author, null, 'Reconnaître un mail d’hameçonnage');
    const kept = (await upload(author, slug, 'v1.pdf', await makePdf(1, 'Version un'))).json().file.id as string;
    await publishedWith(author, slug, [attachment(kept, 'Première')]);
    const dropped = (await upload(author, slug, 'essai.pdf', await makePdf(1, 'Essai'))).json().file.id as string;
    expect((await s.trySave(author, slug, { body: doc(attachment(dropped, 'Essai')) })).statusCode).toBe(200);
    // v2 without the first file; then the draft drops the trial file too.
    await s.publish(author, slug);
    expect((await s.trySave(author, slug, { body: doc(p('Plus de fichier.')) })).statusCode).toBe(200);
    await t.app.jobs.runPending();
    await t.app.files.cleanup(0);
    const remaining = await t.db.selectFrom('files').select('id').where('id', 'in', [kept, dropped]).execute();
    expect(remaining.map((r) => r.id).sort()).toEqual([kept, dropped].sort()); // both are in published versions
    const v1 = await s.call(author, 'GET', `/api/v1/sheets/${slug}/versions/1`);
    expect(v1.json().version.attachments[0].file.id).toBe(kept);

    // A file uploaded, never used: removed with its objects.
    const unused = (await upload(author, slug, 'jamais.pdf', await makePdf(1, 'Jamais utilisé'))).json().file.id as string;
    await t.app.jobs.runPending();
    const sha = (await t.db.selectFrom('files').select('blob_sha256').where('id', '=', unused).executeTakeFirstOrThrow())
      .blob_sha256;
    expect((await objectKeys()).filter((k) => k.includes(sha)).length).toBe(2); // original + thumbnail
    await t.app.files.cleanup(60);
    expect(await t.db.selectFrom('files').select('id').where('id', '=', unused).executeTakeFirst()).toBeDefined(); // grace period
    await t.app.files.cleanup(0);
    expect(await t.db.selectFrom('files').select('id').where('id', '=', unused).executeTakeFirst()).toBeUndefined();
    expect((await objectKeys()).filter((k) => k.includes(sha))).toEqual([]);

    // Deleting the sheet removes its files, but not bytes another sheet still uses.
    const other = await s.draftSheet(author, null, 'Reconnaître un mail d’hameçonnage');
    const shared = await makePdf(1, 'Partagé');
    const sharedThere = (await upload(author, other, 'partagé.pdf', shared)).json().file.id as string;
    expect((await s.trySave(author, other, { body: doc(attachment(sharedThere, 'Partagé')) })).statusCode).toBe(200);
    const sharedHere = (await upload(author, slug, 'partagé.pdf', shared)).json().file.id as string;
    expect((await s.trySave(author, slug, { body: doc(attachment(sharedHere, 'Partagé')) })).statusCode).toBe(200);
    await s.publish(author, slug);
    expect((await s.call(author, 'DELETE', `/api/v1/sheets/${slug}`)).statusCode).toBe(204);
    expect((await s.call(author, 'GET', `/api/v1/sheets/${slug}`)).statusCode).toBe(404);
    await t.app.files.cleanup(0);
    const leftHere = await t.db
      .selectFrom('files')
      .innerJoin('sheets', 'sheets.id', 'files.sheet_id')
      .select('files.id')
      .where('sheets.slug', '=', slug)
      .execute();
    expect(leftHere).toEqual([]);
    const sharedSha = (
      await t.db
        .selectFrom('files')
        .innerJoin('sheets', 'sheets.id', 'files.sheet_id')
        .select('blob_sha256')
        .where('sheets.slug', '=', other)
        .executeTakeFirstOrThrow()
    ).blob_sha256;
    expect((await objectKeys()).some((k) => k.startsWith(`blobs/${sharedSha}/`))).toBe(true);
  });

  it('gives an adapted sheet its own references to the same bytes', async () => {
    const author = await signUp(t.app);
    const slug = await s.draftSheet(author, null, 'Reconnaître un mail d’hameçonnage');
    const file = (await upload(author, slug, 'guide.pdf', await makePdf(2))).json().file.id as string;
    await publishedWith(author, slug, [attachment(file, 'Guide')]);
    const adapter = await signUp(t.app);
    const adapted = await s.call(adapter, 'POST', `/api/v1/sheets/${slug}/adapt`, { baseSlug: null });
    expect(adapted.statusCode, adapted.body).toBe(201);
    const copy = adapted.json<{ slug: string }>().slug;
    const draft = await s.draftOf(adapter, copy);
    const copiedId = (draft.body as Json).content.find((n: Json) => n.type === 'attachment').attrs.fileId;
    expect(copiedId).not.toBe(file);
    expect((await s.trySave(adapter, copy, { indexing: INDEXING, summary: 'Adaptée.' })).statusCode).toBe(200);
    await s.publish(adapter, copy, 'private');
    expect((await download(adapter, copiedId)).content?.statusCode).toBe(200);
    // The original author cannot read the adapter's private copy's file.
    expect((await download(author, copiedId)).authorized.statusCode).toBe(404);
  });

  it('downloads the sheet as a ZIP: printable page and files; private sheets stay private', async () => {
    const author = await signUp(t.app);
    const slug = await s.draftSheet(author, null, 'Reconnaître un mail d’hameçonnage');
    const pdf = (await upload(author, slug, 'guide.pdf', await makePdf(1))).json().file.id as string;
    const png = (await upload(author, slug, 'capture.png', await makePng(300, 200), 'image')).json().file.id as string;
    await t.app.jobs.runPending();
    await publishedWith(author, slug, [attachment(pdf, 'Guide'), image(png, 'Capture')], 'private');
    const res = await s.call(author, 'GET', `/api/v1/sheets/${slug}/archive`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toContain(`${slug}-v1.zip`);
    expect((await zipEntries(res.rawPayload)).sort()).toEqual(['documents/guide.pdf', 'fiche.html', 'images/capture.webp']);
    const outsider = await signUp(t.app);
    expect((await s.call(outsider, 'GET', `/api/v1/sheets/${slug}/archive`)).statusCode).toBe(404);
  });

  it('downloads a collection as a ZIP of the sheets its viewer may read, with their files', async () => {
    const author = await signUp(t.app);
    const open = await s.draftSheet(author, null, 'Atelier ouvert');
    const guide = (await upload(author, open, 'guide.pdf', await makePdf(1))).json().file.id as string;
    await publishedWith(author, open, [attachment(guide, 'Guide')]);
    const hidden = await s.draftSheet(author, null, 'Atelier réservé');
    await publishedWith(author, hidden, [], 'public');
    const created = await s.call(author, 'POST', '/api/v1/collections', {
      title: 'Parcours cybersécurité',
      visibility: 'public',
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    for (const [slug, note] of [
      [open, 'Première séance'],
      [hidden, ''],
    ])
      expect((await s.call(author, 'POST', `/api/v1/collections/${id}/items`, { sheetSlug: slug, note })).statusCode).toBe(204);
    // The second sheet turns private: a visitor's archive leaves it out.
    expect((await s.call(author, 'PUT', `/api/v1/sheets/${hidden}/visibility`, { visibility: 'private' })).statusCode).toBe(204);

    const mine = await s.call(author, 'GET', `/api/v1/collections/${id}/archive`);
    expect(mine.statusCode, mine.body).toBe(200);
    expect((await zipEntries(mine.rawPayload)).sort()).toEqual(
      [`01-${open}/documents/guide.pdf`, `01-${open}/fiche.html`, `02-${hidden}/fiche.html`, 'index.html'].sort(),
    );
    const visitor = await s.call(null, 'GET', `/api/v1/collections/${id}/archive`);
    expect(visitor.statusCode).toBe(200);
    expect((await zipEntries(visitor.rawPayload)).sort()).toEqual(
      [`01-${open}/documents/guide.pdf`, `01-${open}/fiche.html`, 'index.html'].sort(),
    );
  });
});
