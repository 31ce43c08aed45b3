/**
 * PostgreSQL restarted, stopped and frozen under a running API (ADR 014): the API never crashes,
 * answers 503 `database_unavailable` within seconds instead of hanging, says so in its health
 * report, recovers by itself within 5 s of PostgreSQL coming back, and loses no acknowledged write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, publishSheet, signUp, startStack, until, type Person, type Stack } from './harness.ts';

let stack: Stack;
let api: string;
let camille: Person;

beforeAll(async () => {
  stack = await startStack({ apis: 1 });
  api = stack.apis[0]!.url;
  camille = await signUp(api);
});
afterAll(async () => stack?.stop());

async function health(): Promise<{ status: number; database?: string }> {
  const res = await call(api, 'GET', '/api/v1/health', { timeoutMs: 10_000 });
  const body = res.body as { checks?: { database?: { status: string } } } | null;
  return { status: res.status, database: body?.checks?.database?.status };
}

describe('PostgreSQL outages', () => {
  it('survives a restart in the middle of writes: no crash, 503s, recovery without restart, no acknowledged write lost', async () => {
    const slug = await publishSheet(api, camille, 'redemarrage');
    const acknowledged: string[] = [];
    const outageAnswers: Array<{ status: number; code?: string; ms: number }> = [];
    let writing = true;
    // Visibility changes and new drafts keep coming while PostgreSQL goes away and comes back.
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        const visibility = i % 2 ? 'private' : 'public';
        await call(api, 'PUT', `/api/v1/sheets/${slug}/visibility`, { person: camille, json: { visibility }, timeoutMs: 15_000 });
        const created = await call(api, 'POST', '/api/v1/sheets', {
          person: camille,
          json: { title: `Brouillon ${i}`, baseSlug: null },
          timeoutMs: 15_000,
        });
        if (created.status === 201) acknowledged.push((created.body as { slug: string }).slug);
        else outageAnswers.push({ status: created.status, ms: created.ms, ...(created.code ? { code: created.code } : {}) });
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await new Promise((r) => setTimeout(r, 1500));
    await stack.stopService('postgres');
    await until(async () => (await health()).database === 'down', {
      timeoutMs: 10_000,
      what: 'health reports the database down',
    });
    expect((await health()).status).toBe(503);
    await new Promise((r) => setTimeout(r, 3000));
    await stack.startService('postgres');
    const back = performance.now();
    const recovery = await until(
      async () => (await call(api, 'GET', '/api/v1/me', { person: camille, timeoutMs: 5000 })).status === 200,
      { timeoutMs: 5000, everyMs: 100, what: 'the API answers a signed-in request again' },
    );
    expect(recovery).toBeLessThan(5000);
    await until(async () => (await health()).status === 200, { timeoutMs: 5000, what: 'health is up again' });
    expect(performance.now() - back).toBeLessThan(5000);
    await new Promise((r) => setTimeout(r, 1000));
    writing = false;
    await writer;

    // The process never died, and what it said during the outage was an outage.
    expect(stack.apis[0]!.child.exitCode).toBeNull();
    expect(outageAnswers.length).toBeGreaterThan(0);
    for (const answer of outageAnswers) {
      expect(answer.status).toBe(503);
      expect(answer.code).toBe('database_unavailable');
      expect(answer.ms).toBeLessThan(7000);
    }
    // Every draft whose creation was acknowledged is there.
    const { rows } = await stack.sql.query<{ slug: string }>('select slug from sheets where slug = any($1)', [acknowledged]);
    expect(rows.map((r) => r.slug).sort()).toEqual([...acknowledged].sort());
    expect(acknowledged.length).toBeGreaterThan(3);
  });

  it('answers 503 within seconds while PostgreSQL is frozen, and recovers when it thaws', async () => {
    stack.freeze('postgres');
    try {
      const started = performance.now();
      const answers = await Promise.all(
        Array.from({ length: 12 }, () => call(api, 'GET', '/api/v1/me/sheets', { person: camille, timeoutMs: 20_000 })),
      );
      const elapsed = performance.now() - started;
      for (const answer of answers)
        expect({ status: answer.status, code: answer.code }).toEqual({ status: 503, code: 'database_unavailable' });
      expect(elapsed).toBeLessThan(8000);
      const report = await health();
      expect(report).toEqual({ status: 503, database: 'down' });
    } finally {
      stack.thaw('postgres');
    }
    const recovery = await until(
      async () => (await call(api, 'GET', '/api/v1/me/sheets', { person: camille, timeoutMs: 5000 })).status === 200,
      { timeoutMs: 5000, what: 'reads work again after the thaw' },
    );
    expect(recovery).toBeLessThan(5000);
    expect(stack.apis[0]!.child.exitCode).toBeNull();
  });

  it('shuts down cleanly when PostgreSQL stops at the same moment (Ctrl-C in a terminal)', async () => {
    const second = await stack.startApi(1);
    await call(second.url, 'GET', '/api/v1/health');
    second.child.kill('SIGINT');
    await stack.stopService('postgres');
    const code = await second.exited;
    await stack.startService('postgres');
    expect(code).toBe(0);
    expect(second.logs.join('\n')).not.toMatch(/uncaught|unhandled/i);
  });
});
