import { describe, expect, it } from 'vitest';
import { createPublicCache } from './public-cache.ts';

const log = { warn: () => undefined, info: () => undefined };

/** A cache without the change feed (invalidations are called by hand), storing as if it listened. */
function cache(options: { disabled?: boolean; ttlMs?: number } = {}) {
  return createPublicCache({
    databaseUrl: 'postgres://unused',
    log,
    maxEntries: 100,
    ttlMs: options.ttlMs ?? 60_000,
    listen: false,
    ...options,
  });
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('public cache', () => {
  it('builds once for concurrent misses, then answers from memory', async () => {
    const c = cache();
    let builds = 0;
    const gate = deferred<void>();
    const build = async () => {
      builds += 1;
      await gate.promise;
      return { value: `page ${builds}`, tags: ['collections:a'] };
    };
    const answers = Promise.all([c.get('k', build), c.get('k', build), c.get('k', build)]);
    gate.resolve();
    expect(await answers).toEqual(['page 1', 'page 1', 'page 1']);
    expect(await c.get('k', build)).toBe('page 1');
    expect(builds).toBe(1);
    expect(c.stats()).toMatchObject({ hits: 1, misses: 3, entries: 1 });
  });

  it('drops the entries built from a changed document, and lists of its kind', async () => {
    const c = cache();
    let n = 0;
    const make = (tags: string[]) => async () => ({ value: ++n, tags });
    await c.get('embed-a', make(['collections:a', 'sheets:1']));
    await c.get('embed-b', make(['collections:b', 'sheets:2']));
    await c.get('list', make(['sheets:*']));
    c.invalidate('sheets:1');
    expect(c.stats().entries).toBe(1);
    expect(await c.get('embed-b', make([]))).toBe(2);
    expect(await c.get('embed-a', make(['collections:a', 'sheets:1']))).toBe(4);
    expect(await c.get('list', make(['sheets:*']))).toBe(5);
  });

  it('never stores a value whose build started before a change to one of its documents', async () => {
    const c = cache();
    const gate = deferred<void>();
    let version = 1;
    const first = c.get('k', async () => {
      const seen = version;
      await gate.promise;
      return { value: seen, tags: ['sheets:1'] };
    });
    // The sheet changes while the first build is still reading it.
    version = 2;
    c.invalidate('sheets:1');
    gate.resolve();
    expect(await first).toBe(1);
    expect(await c.get('k', async () => ({ value: version, tags: ['sheets:1'] }))).toBe(2);
    expect(await c.get('k', async () => ({ value: 99, tags: ['sheets:1'] }))).toBe(2);
  });

  it('does not let a request join a build that started before a change', async () => {
    const c = cache();
    const gate = deferred<void>();
    const stale = c.get('k', async () => {
      await gate.promise;
      return { value: 'old', tags: ['sheets:1'] };
    });
    c.invalidate('sheets:1');
    const fresh = c.get('k', async () => ({ value: 'new', tags: ['sheets:1'] }));
    gate.resolve();
    expect(await stale).toBe('old');
    expect(await fresh).toBe('new');
  });

  it('expires entries after their time limit, and stores nothing when disabled', async () => {
    const short = cache({ ttlMs: 20 });
    let n = 0;
    const make = async () => ({ value: ++n, tags: [] });
    await short.get('k', make);
    await new Promise((r) => setTimeout(r, 40));
    expect(await short.get('k', make)).toBe(2);

    const off = cache({ disabled: true });
    expect(await off.get('k', make)).toBe(3);
    expect(await off.get('k', make)).toBe(4);
    expect(off.stats().entries).toBe(0);
  });

  it('does not cache failures', async () => {
    const c = cache();
    await expect(c.get('k', () => Promise.reject(new Error('not found')))).rejects.toThrow('not found');
    expect(await c.get('k', async () => ({ value: 'ok', tags: [] }))).toBe('ok');
  });
});
