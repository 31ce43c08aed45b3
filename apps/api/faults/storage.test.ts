/**
 * A stalled S3 under a running API (ADR 014): uploads and downloads end with 503
 * `storage_unavailable` after the storage timeout instead of hanging, and they hold no database
 * connection meanwhile, so the rest of the site keeps working; everything works again when the
 * server thaws.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePdf } from '../src/test/fixtures.ts';
import { call, publishSheet, signUp, startStack, until, type Person, type Stack } from './harness.ts';

let stack: Stack;
let api: string;
let camille: Person;

beforeAll(async () => {
  // Pool of 10 connections as in production; storage gives up after 3 s of silence.
  stack = await startStack({ apis: 1, env: { DATABASE_POOL_MAX: '10', S3_TIMEOUT_MS: '3000', JOBS_ENABLED: 'false' } });
  api = stack.apis[0]!.url;
  camille = await signUp(api);
});
afterAll(async () => stack?.stop());

async function upload(slug: string, name: string, bytes: Buffer) {
  const announced = await call(api, 'POST', `/api/v1/sheets/${slug}/uploads`, {
    person: camille,
    json: { name, size: bytes.length, mediaType: 'application/pdf', purpose: 'attachment' },
  });
  if (announced.status !== 201) throw new Error(`announce: ${announced.status} ${JSON.stringify(announced.body)}`);
  const { uploadUrl } = announced.body as { uploadUrl: string };
  return call(api, 'PUT', uploadUrl, { person: camille, body: bytes, timeoutMs: 60_000 });
}

describe('S3 stalled', () => {
  it('ends stuck uploads and downloads with 503 while the database keeps serving everyone else', async () => {
    const slug = await publishSheet(api, camille, 'tamanoir');
    const stored = await upload(slug, 'avant.pdf', await makePdf(1, 'Avant'));
    expect(stored.status).toBe(201);
    const fileId = (stored.body as { file: { id: string } }).file.id;

    stack.freeze('s3');
    try {
      const pdfs = await Promise.all(Array.from({ length: 12 }, (_, i) => makePdf(1, `Bloqué ${i}`)));
      const started = performance.now();
      const uploads = Promise.all(pdfs.map((bytes, i) => upload(slug, `bloque-${i}.pdf`, bytes)));
      // While twelve uploads wait on storage (more than the pool's ten connections), database
      // requests are served at once.
      await new Promise((r) => setTimeout(r, 500));
      for (let i = 0; i < 5; i++) {
        const res = await call(api, 'GET', '/api/v1/me/sheets', { person: camille, timeoutMs: 5000 });
        expect(res.status).toBe(200);
        expect(res.ms).toBeLessThan(1500);
      }
      const download = await call(api, 'GET', `/api/v1/files/${fileId}`, { person: camille });
      expect(download.status).toBe(302);
      const signed = download.headers!.get('location')!;
      const content = await call(api, 'GET', signed, { person: camille, timeoutMs: 30_000 });
      expect({ status: content.status, code: content.code }).toEqual({ status: 503, code: 'storage_unavailable' });
      for (const res of await uploads)
        expect({ status: res.status, code: res.code }).toEqual({ status: 503, code: 'storage_unavailable' });
      // Two attempts of the 3 s timeout, plus the machine's share.
      expect(performance.now() - started).toBeLessThan(15_000);
      const health = await call(api, 'GET', '/api/v1/health', { timeoutMs: 10_000 });
      expect((health.body as { checks: { storage: { status: string } } }).checks.storage.status).toBe('down');
    } finally {
      stack.thaw('s3');
    }
    const recovery = await until(async () => (await upload(slug, 'apres.pdf', await makePdf(1, 'Après'))).status === 201, {
      timeoutMs: 10_000,
      what: 'uploads work again',
    });
    expect(recovery).toBeLessThan(5000);
    // The failed attempts left no file pinned to the sheet.
    const { rows } = await stack.sql.query<{ name: string }>(
      'select f.name from files f join sheets s on s.id = f.sheet_id where s.slug = $1 order by f.name',
      [slug],
    );
    expect(rows.map((r) => r.name)).toEqual(['apres.pdf', 'avant.pdf']);
  });
});
