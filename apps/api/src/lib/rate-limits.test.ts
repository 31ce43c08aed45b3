/**
 * Shared rate-limit counters (ADR 014) with two API instances on one database, as two processes
 * would be: exact counting holds under concurrent attempts, batched counting holds once the
 * instances have flushed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.ts';
import { createSiblingApp, createTestApp, type TestApp } from '../test/test-app.ts';

let t: TestApp;
let sibling: Awaited<ReturnType<typeof createSiblingApp>>;
let second: App;

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_AUTH_MAX: '10', RATE_LIMIT_GLOBAL_MAX: '300' });
  sibling = await createSiblingApp(t, { RATE_LIMIT_AUTH_MAX: '10', RATE_LIMIT_GLOBAL_MAX: '300' });
  second = sibling.app;
});
afterAll(async () => {
  await sibling?.close();
  await t?.close();
});

describe('rate limits shared by processes', () => {
  it('counts small limits exactly, even for attempts sent at the same moment to both processes', async () => {
    const attempts = Array.from({ length: 24 }, (_, i) =>
      (i % 2 ? second : t.app).inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: '192.0.2.10',
        payload: { email: `inconnu.${i}@exemple.fr`, password: 'pas-le-bon-mot-de-passe' },
      }),
    );
    const statuses = (await Promise.all(attempts)).map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(14);
  });

  it('counts large limits in batches: both processes together stop near the limit, off by at most one flush', async () => {
    const allowed = { a: 0, b: 0 };
    const lastRounds: number[] = [];
    for (let round = 0; round < 8; round++) {
      for (const [name, app] of [
        ['a', t.app],
        ['b', second],
      ] as const) {
        for (let i = 0; i < 25; i++) {
          const res = await app.inject({ method: 'GET', url: '/api/v1/taxonomies', remoteAddress: '192.0.2.20' });
          if (res.statusCode === 200) allowed[name]++;
          else expect(res.statusCode).toBe(429);
          if (round === 7) lastRounds.push(res.statusCode);
        }
      }
      // Each process sends what it counted (every second in production).
      await new Promise((r) => setTimeout(r, 1100));
    }
    // Each process learns the other's hits at its own flush: the overshoot is bounded by what
    // one process lets through between two flushes (25 here).
    expect(allowed.a + allowed.b).toBeGreaterThanOrEqual(300);
    expect(allowed.a + allowed.b).toBeLessThanOrEqual(325);
    expect(lastRounds.every((s) => s === 429)).toBe(true);
    expect(allowed.a).toBeGreaterThan(100);
    expect(allowed.b).toBeGreaterThan(100);
  });
});
