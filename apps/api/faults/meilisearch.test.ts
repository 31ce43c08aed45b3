/**
 * Meilisearch stopped and frozen under a running API (ADR 014): search answers 503
 * `search_unavailable` quickly, the rest of the site works, and privacy does not wait for the
 * index: a sheet made private or deleted during the outage is not findable once search answers
 * again, even before the relay has caught up, which it does within seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousSearch, call, publishSheet, signUp, startStack, until, type Person, type Stack } from './harness.ts';

let stack: Stack;
let api: string;
let camille: Person;

beforeAll(async () => {
  // The relay runs in the worker process, so that the test can hold it back.
  stack = await startStack({ apis: 1, env: { SEARCH_RELAY: 'false', JOBS_ENABLED: 'false' } });
  api = stack.apis[0]!.url;
  camille = await signUp(api);
});
afterAll(async () => stack?.stop());

async function stopWorker() {
  const worker = stack.worker;
  if (!worker || worker.child.exitCode !== null) return;
  worker.child.kill('SIGTERM');
  await worker.exited;
}

const pending = async () => (await stack.sql.query<{ n: number }>('select count(*)::int as n from search_outbox')).rows[0]!.n;

describe('Meilisearch outages', () => {
  it('keeps private and deleted sheets out of search after an outage, before the index catches up', async () => {
    await stack.startWorker({ SEARCH_RELAY: 'true' });
    const [kept, hidden, deleted] = await Promise.all([
      publishSheet(api, camille, 'quetzalcoatl'),
      publishSheet(api, camille, 'quetzalcoatl'),
      publishSheet(api, camille, 'quetzalcoatl'),
    ]);
    await until(async () => (await anonymousSearch(api, 'quetzalcoatl')).slugs.length === 3, {
      timeoutMs: 15_000,
      what: 'the three sheets are searchable',
    });

    // The relay is held back for the whole outage: privacy must not depend on it.
    await stopWorker();
    await stack.stopService('meilisearch');
    const during = await anonymousSearch(api, 'quetzalcoatl');
    expect({ status: during.status, code: during.code }).toEqual({ status: 503, code: 'search_unavailable' });
    expect(during.ms).toBeLessThan(4000);
    // The rest of the site works meanwhile, and the narrowing changes are accepted.
    expect(
      (await call(api, 'PUT', `/api/v1/sheets/${hidden}/visibility`, { person: camille, json: { visibility: 'private' } }))
        .status,
    ).toBe(204);
    expect((await call(api, 'DELETE', `/api/v1/sheets/${deleted}`, { person: camille })).status).toBe(204);
    expect((await call(api, 'GET', `/api/v1/sheets/${kept}`)).status).toBe(200);
    const health = await call(api, 'GET', '/api/v1/health');
    expect(health.status).toBe(503);
    expect((health.body as { checks: { search: { status: string } } }).checks.search.status).toBe('down');
    await new Promise((r) => setTimeout(r, 2500));
    expect(await pending()).toBeGreaterThan(0);

    await stack.startService('meilisearch');
    // From the first search that answers, the private and deleted sheets are gone from hits and counts.
    let first: Awaited<ReturnType<typeof anonymousSearch>> | null = null;
    await until(
      async () => {
        const res = await anonymousSearch(api, 'quetzalcoatl');
        if (res.status !== 200) return false;
        first ??= res;
        return true;
      },
      { timeoutMs: 10_000, everyMs: 50, what: 'search answers again' },
    );
    expect(first!.slugs).toEqual([kept]);
    const counted = await call(api, 'GET', '/api/v1/search?q=quetzalcoatl&type=sheets');
    expect((counted.body as { total: number }).total).toBe(1);
    expect(await pending()).toBeGreaterThan(0);
    // And the relay, once running, catches up by itself within seconds.
    await stack.startWorker({ SEARCH_RELAY: 'true' });
    const caughtUp = await until(async () => (await pending()) === 0, { timeoutMs: 5000, what: 'the outbox drains' });
    expect(caughtUp).toBeLessThan(5000);
    expect((await anonymousSearch(api, 'quetzalcoatl')).slugs).toEqual([kept]);
    expect(stack.apis[0]!.child.exitCode).toBeNull();
  });

  it('answers 503 within seconds while Meilisearch is frozen, and searches again when it thaws', async () => {
    if (stack.worker?.child.exitCode !== null) await stack.startWorker({ SEARCH_RELAY: 'true' });
    const slug = await publishSheet(api, camille, 'ornithorynque');
    await until(async () => (await anonymousSearch(api, 'ornithorynque')).slugs.includes(slug), {
      timeoutMs: 15_000,
      what: 'searchable',
    });
    stack.freeze('meilisearch');
    try {
      const answers = await Promise.all(Array.from({ length: 6 }, () => anonymousSearch(api, 'ornithorynque')));
      for (const a of answers) {
        expect({ status: a.status, code: a.code }).toEqual({ status: 503, code: 'search_unavailable' });
        expect(a.ms).toBeLessThan(4500);
      }
      // A sheet page does not need the search engine.
      expect((await call(api, 'GET', `/api/v1/sheets/${slug}`, { timeoutMs: 5000 })).status).toBe(200);
    } finally {
      stack.thaw('meilisearch');
    }
    const recovery = await until(async () => (await anonymousSearch(api, 'ornithorynque')).status === 200, {
      timeoutMs: 5000,
      what: 'search answers after the thaw',
    });
    expect(recovery).toBeLessThan(5000);
  });
});
