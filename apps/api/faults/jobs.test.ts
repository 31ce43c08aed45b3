/**
 * A process killed in the middle of background work (ADR 014): the job it held is unlocked once
 * its heartbeat stops and runs again in another process, within a minute (the job queue's own
 * expiry is four hours). A mail requested while no worker runs is sent once one starts.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePdf } from '../src/test/fixtures.ts';
import { call, publishSheet, signUp, startStack, until, type Person, type Stack } from './harness.ts';

let stack: Stack;
let camille: Person;

beforeAll(async () => {
  // API 0 processes files; API 1 never runs jobs (the surviving site).
  stack = await startStack({ apis: 1 });
  await stack.startApi(1, { JOBS_ENABLED: 'false' });
  camille = await signUp(stack.apis[1]!.url);
});
afterAll(async () => stack?.stop());

describe('background work across a crash', () => {
  it('runs a file-processing job again within a minute when the process holding it is killed', async () => {
    const api = stack.apis[1]!.url;
    const slug = await publishSheet(api, camille, 'pangolin');
    const pdf = await makePdf(400, 'Guide complet');
    const announced = await call(api, 'POST', `/api/v1/sheets/${slug}/uploads`, {
      person: camille,
      json: { name: 'guide-complet.pdf', size: pdf.length, mediaType: 'application/pdf', purpose: 'attachment' },
    });
    const uploaded = await call(api, 'PUT', (announced.body as { uploadUrl: string }).uploadUrl, { person: camille, body: pdf });
    expect(uploaded.status).toBe(201);
    const sha = (
      await stack.sql.query<{ blob_sha256: string }>('select blob_sha256 from files where id = $1', [
        (uploaded.body as { file: { id: string } }).file.id,
      ])
    ).rows[0]!.blob_sha256;

    await until(
      async () =>
        (
          await stack.sql.query(
            `select 1 from graphile_worker.jobs where task_identifier = 'process_blob' and locked_at is not null`,
          )
        ).rowCount === 1,
      { timeoutMs: 15_000, what: 'the job is taken by API 0' },
    );
    stack.apis[0]!.child.kill('SIGKILL');
    await stack.apis[0]!.exited;
    const killedAt = performance.now();
    expect((await stack.sql.query<{ status: string }>('select status from blobs where sha256 = $1', [sha])).rows[0]!.status).toBe(
      'processing',
    );

    await stack.startWorker();
    await until(
      async () =>
        (await stack.sql.query<{ status: string }>('select status from blobs where sha256 = $1', [sha])).rows[0]!.status ===
        'ready',
      { timeoutMs: 90_000, everyMs: 500, what: 'the file is processed by the new worker' },
    );
    const seconds = (performance.now() - killedAt) / 1000;
    expect(seconds).toBeLessThan(60);
    const pages = (await stack.sql.query<{ page_count: number }>('select page_count from blobs where sha256 = $1', [sha]))
      .rows[0]!;
    expect(pages.page_count).toBe(400);
  });

  it('sends a mail requested while no worker ran, once one starts', async () => {
    const api = stack.apis[1]!.url;
    const worker = stack.worker!;
    worker.child.kill('SIGTERM');
    await worker.exited;
    const mailDir = stack.env.MAIL_DIR!;
    const before = await readdir(mailDir).catch(() => [] as string[]);
    expect((await call(api, 'POST', '/api/v1/auth/password-reset', { json: { email: camille.email } })).status).toBe(202);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await readdir(mailDir).catch(() => [] as string[])).toEqual(before);

    await stack.startWorker();
    await until(async () => (await readdir(mailDir).catch(() => [] as string[])).length === before.length + 1, {
      timeoutMs: 20_000,
      what: 'the reset mail is written',
    });
    const file = (await readdir(mailDir)).find((f) => !before.includes(f))!;
    expect(path.extname(file)).toBe('.eml');
  });
});
