/**
 * Garbage in, a clear 4xx out (ADR 014): every write route of the OpenAPI document receives at
 * least 500 generated bodies (wrong types, huge strings, NUL characters, any Unicode, `__proto__`
 * keys, deep nesting, broken JSON), as a signed-in person who owns what the route names. No
 * answer may be a 5xx. Generated with fast-check from a fixed seed, so a failure replays.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from './test/api-fixtures.ts';
import { signUp, type Agent } from './test/session-client.ts';
import { createTestApp, type TestApp } from './test/test-app.ts';

let t: TestApp;
const s = fixtures(() => t.app);
const BODIES_PER_ROUTE = Number(process.env.GARBAGE_BODIES ?? 500);
const SEED = Number(process.env.GARBAGE_SEED ?? 20261203);

interface Operation {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  properties: string[];
}

let owner: Agent;
let params: Record<string, string>;

beforeAll(async () => {
  // No search relay: the thousands of writes here must not queue indexing work for the other files.
  t = await createTestApp({ RATE_LIMIT_RATING_MAX: '1000000', RATE_LIMIT_GLOBAL_MAX: '10000000', SEARCH_RELAY: 'false' });
  owner = await signUp(t.app);
  const other = await signUp(t.app);
  const base = await s.createBase(owner, 'Base du chaos');
  const sheet = await s.publishedSheet(owner, base, 'Fiche du chaos');
  const theirs = await s.publishedSheet(other, null, 'Fiche des autres');
  const collection = await s.createCollection(owner, 'Collection du chaos', 'public');
  await s.addToCollection(owner, collection.id, sheet.slug);
  const rated = await s.call(owner, 'PUT', `/api/v1/sheets/${theirs.slug}/ratings/mine`, {
    useful: 4,
    clear: 4,
    reliable: 4,
    usedInWorkshop: true,
    comment: 'Très bien.',
  });
  const key = await s.call(owner, 'POST', '/api/v1/me/api-keys', { name: 'Clé du chaos' });
  const upload = await s.call(owner, 'POST', `/api/v1/sheets/${sheet.slug}/uploads`, {
    name: 'guide.pdf',
    size: 1000,
    mediaType: 'application/pdf',
    purpose: 'attachment',
  });
  params = {
    bases: base,
    sheets: sheet.slug,
    collections: collection.id,
    ratings: rated.json<{ id?: string }>().id ?? crypto.randomUUID(),
    'api-keys': key.json<{ id?: string }>().id ?? crypto.randomUUID(),
    uploads: upload.json<{ id: string }>().id,
    userId: other.userId,
    number: '1',
  };
});
afterAll(async () => t?.close());

/** The write operations of the OpenAPI document, with the top-level names of their JSON body. */
async function writeOperations(): Promise<Operation[]> {
  const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{
    paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: { properties?: object } }> } }>>;
  }>();
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const upper = method.toUpperCase();
      if (upper !== 'POST' && upper !== 'PUT' && upper !== 'PATCH' && upper !== 'DELETE') continue;
      const schema = op.requestBody?.content?.['application/json']?.schema;
      ops.push({ method: upper, path, properties: Object.keys(schema?.properties ?? {}) });
    }
  }
  // Routes that end the session or delete the fixtures go last.
  const late = (op: Operation) => op.method === 'DELETE' || op.path.endsWith('/logout') || op.path.includes('/leave');
  return [...ops.filter((op) => !late(op)), ...ops.filter(late)];
}

/** `{slug}`, `{id}`… filled with what the owner has, picked by the path segment before them. */
function concrete(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string, offset: number) => {
    const before = path.slice(0, offset).split('/').filter(Boolean).at(-1) ?? '';
    return encodeURIComponent(params[name] ?? params[before] ?? crypto.randomUUID());
  });
}

const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 20 }).map((x) => `${x}\u0000${x}`),
  fc.constantFrom('\u202e', '\ud800', '<script>alert(1)</script>', "'; drop table sheets; --", '../../etc/passwd', '%00', ''),
  fc.integer().map((n) => 'x'.repeat(Math.abs(n % 5) * 50_000)),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 1e308),
);
const value = fc.oneof({ weight: 3, arbitrary: nasty }, { weight: 2, arbitrary: fc.anything({ maxDepth: 3, maxKeys: 6 }) });

/** Raw request bodies: parsed or not by Fastify, never a reason for a 5xx. */
function bodies(op: Operation, count: number): Array<{ payload: string; contentType: string }> {
  const shaped = op.properties.length
    ? fc.dictionary(fc.constantFrom(...op.properties), value, { maxKeys: op.properties.length })
    : fc.dictionary(fc.string({ maxLength: 8 }), value, { maxKeys: 4 });
  const json = fc.oneof(
    { weight: 5, arbitrary: shaped.map((o) => JSON.stringify(o)) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    {
      weight: 1,
      arbitrary: shaped.map((o) =>
        JSON.stringify(o).replace(/^\{/, '{"__proto__":{"admin":true},"constructor":{"prototype":{}},'),
      ),
    },
    { weight: 1, arbitrary: fc.integer({ min: 50, max: 400 }).map((depth) => `${'['.repeat(depth)}1${']'.repeat(depth)}`) },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map((x) => `{"${x}": `) },
  );
  const sample = fc.sample(json, { seed: SEED + op.path.length + op.method.length, numRuns: count - 2 });
  return [
    ...sample.map((payload) => ({ payload, contentType: 'application/json' })),
    { payload: 'x'.repeat(2 * 1024 * 1024), contentType: 'application/json' },
    { payload: 'pas du json', contentType: 'text/plain' },
  ];
}

describe('generated garbage on every write route', () => {
  it(`answers at most 4xx to ${BODIES_PER_ROUTE} bodies per route`, { timeout: 600_000 }, async () => {
    const ops = await writeOperations();
    expect(ops.length).toBeGreaterThan(30);
    const failures: string[] = [];
    let sent = 0;
    for (const op of ops) {
      const url = concrete(op.path);
      for (const body of bodies(op, BODIES_PER_ROUTE)) {
        const res = await t.app.inject({
          method: op.method,
          url,
          headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrf, 'content-type': body.contentType },
          payload: body.payload,
        });
        sent++;
        if (res.statusCode >= 500 && failures.length < 20)
          failures.push(
            `${op.method} ${op.path} → ${res.statusCode} ${res.body.slice(0, 200)} for ${body.payload.slice(0, 200)}`,
          );
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(ops.length * BODIES_PER_ROUTE);
  });

  it('refuses a NUL character anywhere with a clear 400, signed out too', async () => {
    for (const url of ['/api/v1/sheets/a%00b', '/api/v1/public/sheets/a%00b', '/api/v1/bases/a%00b', '/api/v1/search?q=a%00b']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      expect(res.json().error.message).toMatch(/caractère/);
    }
  });
});
