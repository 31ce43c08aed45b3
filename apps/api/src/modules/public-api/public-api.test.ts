import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedApiKey, ApiKey } from '@malle/schema/api-keys';
import type { PublicBase, PublicCollection, PublicSheet } from '@malle/schema/public-api';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { INDEXING, doc, eventually, fixtures, paragraph } from '../../test/api-fixtures.ts';
import { makePdf, makePng } from '../../test/fixtures.ts';
import { SearchQuery } from '@malle/schema/search';
import { searchCacheKey } from './service.ts';
import { EXAMPLES } from './examples.ts';
import {
  PublicBase as PublicBaseSchema,
  PublicBaseSummary,
  PublicCollection as PublicCollectionSchema,
  PublicCollectionSummary,
  PublicSearchResult,
  PublicSheet as PublicSheetSchema,
  PublicSheetSummary,
  paginated,
} from '@malle/schema/public-api';
import { signUp, type Agent } from '../../test/session-client.ts';

let t: TestApp;
beforeAll(async () => {
  // Generous anonymous limit here: the limits have their own app below.
  t = await createTestApp({ PUBLIC_API_RATE_LIMIT_ANONYMOUS: '100000' });
});
afterAll(() => t.close());

const f = fixtures(() => t.app);
const { call, createBase, publishedSheet, republish, draftSheet, trySave, publish } = f;

type Page<T> = { items: T[]; page: number; pageSize: number; total: number; totalPages: number };

function get(url: string, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'GET', url, headers });
}
async function getOk<T>(url: string, headers: Record<string, string> = {}): Promise<T> {
  const res = await get(url, headers);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
}

async function newCollection(agent: Agent, visibility: 'public' | 'private' | 'secret_link', title = 'Parcours') {
  return (await f.createCollection(agent, title, visibility, 'Trois séances.')).id;
}
const addItem = (agent: Agent, id: string, sheetSlug: string) => f.addToCollection(agent, id, sheetSlug);

describe('public content only', () => {
  let owner: Agent;
  let base: string;
  let privateBase: string;
  const s: Record<string, { slug: string; id: string }> = {};
  const c: Record<string, string> = {};
  let secretKey: string;

  beforeAll(async () => {
    owner = await signUp(t.app);
    base = await createBase(owner, 'Médiathèque publique');
    privateBase = await createBase(owner, 'Équipe interne', false);
    s.public = await publishedSheet(owner, base, 'Fiche publique visible');
    s.private = await publishedSheet(owner, null, 'Fiche privée cachée', 'private');
    s.secret = await publishedSheet(owner, null, 'Fiche lien secret cachée', 'secret_link');
    s.internal = await publishedSheet(owner, privateBase, 'Fiche de base privée cachée', 'private');
    c.public = await newCollection(owner, 'public', 'Collection publique');
    c.private = await newCollection(owner, 'private', 'Collection privée cachée');
    c.secret = await newCollection(owner, 'secret_link', 'Collection secrète');
    for (const id of Object.values(c)) {
      await addItem(owner, id, s.public.slug);
      await addItem(owner, id, s.private.slug);
      await addItem(owner, id, s.secret.slug);
    }
    secretKey = (await call(owner, 'GET', `/api/v1/collections/${c.secret}`)).json<{ secretLinkToken: string }>().secretLinkToken;
  });

  it('lists and counts only public sheets, whatever cookie comes along', async () => {
    for (const headers of [{}, { cookie: owner.cookie }] as Array<Record<string, string>>) {
      const page = await getOk<Page<{ slug: string; title: string; url: string; apiUrl: string }>>(
        '/api/v1/public/sheets',
        headers,
      );
      expect(page.items.map((i) => i.slug)).toEqual([s.public!.slug]);
      expect(page.total).toBe(1);
      expect(page.items[0]!.url).toBe(`${t.config.publicUrl}/fiches/${s.public!.slug}`);
      expect(page.items[0]!.apiUrl).toBe(`${t.config.publicUrl}/api/v1/public/sheets/${s.public!.slug}`);
    }
  });

  it('answers 404 for private, secret-link and private-base sheets, even to their owner', async () => {
    for (const key of ['private', 'secret', 'internal']) {
      for (const headers of [{}, { cookie: owner.cookie }] as Array<Record<string, string>>) {
        const res = await get(`/api/v1/public/sheets/${s[key]!.slug}`, headers);
        expect(res.statusCode, key).toBe(404);
        expect(res.json().error.code).toBe('not_found');
        expect(res.headers['cache-control']).toBe('no-store');
      }
    }
    expect((await get(`/api/v1/public/sheets/${s.private!.slug}/versions/1`)).statusCode).toBe(404);
  });

  it('reads a public sheet with labelled indexing, sanitized HTML and rating summary', async () => {
    const sheet = await getOk<PublicSheet>(`/api/v1/public/sheets/${s.public!.slug}`);
    expect(sheet.version.title).toBe('Fiche publique visible');
    expect(sheet.version.html).toContain('Objectifs.');
    expect(sheet.version.indexing.themes).toEqual([{ id: 'risques-cyber', label: expect.any(String) }]);
    expect(sheet.rating.count).toBe(0);
    expect(sheet.owner).toMatchObject({ kind: 'base', slug: base, url: `${t.config.publicUrl}/bases/${base}` });
    expect(JSON.stringify(sheet)).not.toMatch(/secretLinkToken|canEdit/);
  });

  it('shows public and secret-link collections with their public sheets only', async () => {
    const list = await getOk<Page<{ id: string; itemCount: number }>>('/api/v1/public/collections');
    expect(list.items.map((i) => i.id)).toEqual([c.public]);
    expect(list.total).toBe(1);
    expect(list.items[0]!.itemCount).toBe(1);

    const pub = await getOk<PublicCollection>(`/api/v1/public/collections/${c.public}`, { cookie: owner.cookie });
    expect(pub.items.map((i) => i.slug)).toEqual([s.public!.slug]);
    expect((await get(`/api/v1/public/collections/${c.private}`, { cookie: owner.cookie })).statusCode).toBe(404);

    expect((await get(`/api/v1/public/collections/${c.secret}`)).statusCode).toBe(404);
    expect((await get(`/api/v1/public/collections/${c.secret}?cle=faux`)).statusCode).toBe(404);
    const secret = await getOk<PublicCollection>(`/api/v1/public/collections/${c.secret}?cle=${secretKey}`);
    expect(secret.visibility).toBe('secret_link');
    expect(secret.items.map((i) => i.slug)).toEqual([s.public!.slug]);
    // Served from the cache now: still refused without the key.
    expect((await get(`/api/v1/public/collections/${c.secret}`)).statusCode).toBe(404);
    const again = await get(`/api/v1/public/collections/${c.secret}?cle=${secretKey}`);
    expect(again.headers['cache-control']).toBe('private, max-age=60');
  });

  it('lists public bases only, with their public sheets and collections', async () => {
    const list = await getOk<Page<{ slug: string }>>('/api/v1/public/bases');
    expect(list.items.map((b) => b.slug)).toEqual([base]);
    expect(list.total).toBe(1);
    expect((await get(`/api/v1/public/bases/${privateBase}`, { cookie: owner.cookie })).statusCode).toBe(404);
    const detail = await getOk<PublicBase>(`/api/v1/public/bases/${base}`);
    expect(detail.sheets.map((x) => x.slug)).toEqual([s.public!.slug]);
    expect(detail.collections).toEqual([]);
  });

  it('searches public content only, hits, facets and totals', async () => {
    await t.app.searchRelay.drain();
    for (const headers of [{}, { cookie: owner.cookie }] as Array<Record<string, string>>) {
      const all = await getOk<{ total: number; hits: Array<{ type: string; title: string }>; totals: Record<string, number> }>(
        '/api/v1/public/search?q=cach%C3%A9e&type=all',
        headers,
      );
      expect(all.total).toBe(0);
      const found = await getOk<{ total: number; hits: Array<{ slug: string }>; totals: Record<string, number> }>(
        '/api/v1/public/search?type=sheets&themes=risques-cyber',
        headers,
      );
      expect(found.hits.map((h) => h.slug)).toEqual([s.public!.slug]);
      expect(found.totals.sheets).toBe(1);
      expect(found.totals.collections).toBe(1);
      expect(found.totals.bases).toBe(1);
    }
    expect((await get('/api/v1/public/search?themes=inconnu&type=sheets')).statusCode).toBe(400);
  });
});

describe('versions, pagination, HTTP caching', () => {
  let owner: Agent;
  let sheet: { slug: string; id: string };

  beforeAll(async () => {
    owner = await signUp(t.app);
    sheet = await publishedSheet(owner, null, 'Fiche versionnée');
    await republish(owner, sheet.slug, 'Deuxième résumé');
  });

  it('reads the latest version and each version, 404 beyond', async () => {
    const latest = await getOk<PublicSheet>(`/api/v1/public/sheets/${sheet.slug}`);
    expect(latest.latestVersion).toBe(2);
    expect(latest.version.number).toBe(2);
    expect(latest.version.summary).toBe('Deuxième résumé');
    expect(latest.versions.map((v) => v.number).sort()).toEqual([1, 2]);
    const first = await getOk<PublicSheet>(`/api/v1/public/sheets/${sheet.slug}/versions/1`);
    expect(first.version.number).toBe(1);
    expect(first.version.summary).toBe('Résumé de Fiche versionnée');
    expect(first.version.url).toBe(`${t.config.publicUrl}/fiches/${sheet.slug}/v/1`);
    expect((await get(`/api/v1/public/sheets/${sheet.slug}/versions/3`)).statusCode).toBe(404);
  });

  it('paginates with a stable order and totals', async () => {
    const person = await signUp(t.app);
    for (const n of [1, 2, 3]) await publishedSheet(person, null, `Pagination ${n}`);
    const all = await getOk<Page<{ slug: string }>>('/api/v1/public/sheets?pageSize=100');
    const first = await getOk<Page<{ slug: string }>>('/api/v1/public/sheets?page=1&pageSize=2');
    const second = await getOk<Page<{ slug: string }>>('/api/v1/public/sheets?page=2&pageSize=2');
    expect(first.total).toBe(all.total);
    expect(first.totalPages).toBe(Math.ceil(all.total / 2));
    expect([...first.items, ...second.items].map((i) => i.slug)).toEqual(all.items.slice(0, 4).map((i) => i.slug));
    expect((await get('/api/v1/public/sheets?pageSize=101')).statusCode).toBe(400);
    expect((await get('/api/v1/public/sheets?page=0')).statusCode).toBe(400);
  });

  it('answers with an ETag and Cache-Control, and 304 when unchanged', async () => {
    const url = `/api/v1/public/sheets/${sheet.slug}`;
    const res = await get(url);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    const etag = res.headers.etag as string;
    expect(etag).toMatch(/^"/);
    const again = await get(url, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const compressed = await get('/api/v1/public/sheets?pageSize=100', { 'accept-encoding': 'gzip, br' });
    expect(['br', undefined]).toContain(compressed.headers['content-encoding']);
  });

  it('shows a new version once the change feed has dropped the cached answer', async () => {
    const url = `/api/v1/public/sheets/${sheet.slug}`;
    const before = await get(url);
    const hits = t.app.publicCache.stats().hits;
    expect((await get(url)).statusCode).toBe(200);
    expect(t.app.publicCache.stats().hits).toBe(hits + 1);
    await republish(owner, sheet.slug, 'Troisième résumé');
    await eventually(async () => {
      const after = await getOk<PublicSheet>(url);
      expect(after.version.number).toBe(3);
      expect(after.version.summary).toBe('Troisième résumé');
    });
    expect((await get(url, { 'if-none-match': before.headers.etag as string })).statusCode).toBe(200);
  });

  // Meilisearch has one task queue for every index, shared with the other test files: be patient.
  it('shows a sheet added to a collection, and search results once the index caught up', { timeout: 90_000 }, async () => {
    const collection = await newCollection(owner, 'public', 'Collection vivante');
    expect((await getOk<PublicCollection>(`/api/v1/public/collections/${collection}`)).items).toEqual([]);
    await addItem(owner, collection, sheet.slug);
    await eventually(async () => {
      const after = await getOk<PublicCollection>(`/api/v1/public/collections/${collection}`);
      expect(after.items.map((i) => i.slug)).toEqual([sheet.slug]);
    });

    const search = '/api/v1/public/search?q=zygomatique&type=sheets';
    expect((await getOk<{ total: number }>(search)).total).toBe(0);
    const fresh = await publishedSheet(owner, null, 'Atelier zygomatique');
    await eventually(async () => {
      const found = await getOk<{ hits: Array<{ slug: string }> }>(search);
      expect(found.hits.map((h) => h.slug)).toEqual([fresh.slug]);
    }, 75_000);
  });
});

describe('files', () => {
  async function upload(agent: Agent, slug: string, name: string, bytes: Buffer, purpose: 'image' | 'attachment') {
    const announced = await call(agent, 'POST', `/api/v1/sheets/${slug}/uploads`, {
      name,
      size: bytes.length,
      mediaType: '',
      purpose,
    });
    expect(announced.statusCode, announced.body).toBe(201);
    const sent = await t.app.inject({
      method: 'PUT',
      url: announced.json<{ uploadUrl: string }>().uploadUrl,
      headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrf, 'content-type': 'application/octet-stream' },
      payload: bytes,
    });
    expect(sent.statusCode, sent.body).toBe(201);
    return sent.json<{ file: { id: string } }>().file.id;
  }

  it('links images and attachments with absolute, stable addresses that partner pages may load', async () => {
    const owner = await signUp(t.app);
    const slug = await draftSheet(owner, null, 'Fiche illustrée');
    const imageId = await upload(owner, slug, 'schema.png', await makePng(1200, 800), 'image');
    const pdfId = await upload(owner, slug, 'support.pdf', await makePdf(2), 'attachment');
    await t.app.jobs.runPending();
    const saved = await trySave(owner, slug, {
      summary: 'Avec des fichiers.',
      body: doc(
        paragraph('Déroulé.'),
        { type: 'image', attrs: { fileId: imageId, alt: 'Schéma', caption: null } },
        { type: 'attachment', attrs: { fileId: pdfId, role: 'guide_animation', label: 'Support' } },
      ),
      indexing: INDEXING,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    await publish(owner, slug, 'public');

    const sheet = await getOk<PublicSheet>(`/api/v1/public/sheets/${slug}`);
    const files = `${t.config.publicUrl}/api/v1/files`;
    expect(sheet.version.html).toContain(`src="${files}/${imageId}?variant=w960"`);
    expect(sheet.version.html).not.toMatch(/sig=|exp=/);
    const [attachment] = sheet.version.attachments;
    expect(attachment!.file).toMatchObject({
      id: pdfId,
      downloadUrl: `${files}/${pdfId}`,
      thumbnailUrl: `${files}/${pdfId}?variant=thumbnail`,
    });
    expect(JSON.stringify(sheet)).not.toMatch(/sig=|exp=/);

    // The stable address redirects to a fresh signed link; both may be loaded by other sites.
    const redirect = await get(`/api/v1/files/${imageId}?variant=w960`);
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const content = await get(redirect.headers.location as string);
    expect(content.statusCode).toBe(200);
    expect(content.headers['cross-origin-resource-policy']).toBe('cross-origin');
  });
});

describe('CORS and headers', () => {
  const origin = 'https://partenaire.example';

  it('answers preflights on public paths (and oEmbed), without credentials', async () => {
    for (const url of ['/api/v1/public/sheets', '/api/v1/oembed?url=x']) {
      const res = await t.app.inject({
        method: 'OPTIONS',
        url,
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization, x-api-key' },
      });
      expect(res.statusCode, url).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-allow-methods']).toBe('GET, HEAD, OPTIONS');
      expect(res.headers['access-control-allow-headers']).toBe('authorization, x-api-key');
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    }
  });

  it('opens simple GETs of the public API, and lets partner pages load them', async () => {
    const res = await get('/api/v1/public/bases', { origin });
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(String(res.headers['access-control-expose-headers'])).toMatch(/etag.*ratelimit-limit.*retry-after/);
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const missing = await get('/api/v1/public/sheets/nulle-part', { origin });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['access-control-allow-origin']).toBe('*');
  });

  it('keeps every other route closed', async () => {
    const res = await get('/api/v1/bases', { origin });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/me/api-keys',
      headers: { origin, 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.statusCode).toBe(404);
  });

  it('documents the public API and its key in the OpenAPI document', async () => {
    const doc = await getOk<{
      paths: Record<string, { get?: { tags: string[]; security: unknown[]; responses: Record<string, unknown> } }>;
      components: { securitySchemes: Record<string, unknown> };
    }>('/api/v1/openapi.json');
    const route = doc.paths['/api/v1/public/sheets/{slug}']!.get!;
    expect(route.tags).toEqual(['API publique']);
    expect(route.security).toContainEqual({ apiKey: [] });
    expect(JSON.stringify(route.responses['200'])).toContain('reperer-un-courriel-frauduleux');
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});

describe('API keys', () => {
  let person: Agent;
  let other: Agent;
  beforeAll(async () => {
    person = await signUp(t.app);
    other = await signUp(t.app);
  });

  it('creates a key shown once, uses it, lists it without its secret, revokes it', async () => {
    const created = await call(person, 'POST', '/api/v1/me/api-keys', { name: 'Site de la médiathèque' });
    expect(created.statusCode, created.body).toBe(201);
    const key = created.json<CreatedApiKey>();
    expect(key.secret).toMatch(/^malle_[\w-]{40,}$/);
    expect(key.secret.startsWith(key.prefix)).toBe(true);
    expect(key.rateLimitPerMinute).toBe(1200);

    const used = await get('/api/v1/public/bases', { authorization: `Bearer ${key.secret}` });
    expect(used.statusCode).toBe(200);
    expect(used.headers['ratelimit-limit']).toBe('1200');
    expect((await get('/api/v1/public/bases', { 'x-api-key': key.secret })).statusCode).toBe(200);

    await eventually(async () => {
      const listed = (await call(person, 'GET', '/api/v1/me/api-keys')).json<ApiKey[]>();
      expect(listed.map((k) => k.id)).toEqual([key.id]);
      expect(listed[0]!.lastUsedAt).not.toBeNull();
      expect(JSON.stringify(listed)).not.toContain(key.secret);
    });
    expect((await call(other, 'GET', '/api/v1/me/api-keys')).json()).toEqual([]);
    expect((await call(other, 'DELETE', `/api/v1/me/api-keys/${key.id}`)).statusCode).toBe(404);
    const noCsrf = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/me/api-keys/${key.id}`,
      headers: { cookie: person.cookie },
    });
    expect(noCsrf.statusCode).toBe(403);

    expect((await call(person, 'DELETE', `/api/v1/me/api-keys/${key.id}`)).statusCode).toBe(204);
    const refused = await get('/api/v1/public/bases', { authorization: `Bearer ${key.secret}` });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('invalid_api_key');
    expect(refused.json().error.message).toMatch(/clé/);
    expect(refused.headers['access-control-allow-origin']).toBe('*');
    expect((await call(person, 'GET', '/api/v1/me/api-keys')).json()).toEqual([]);
  });

  it('refuses unknown keys and anonymous settings calls', async () => {
    const res = await get('/api/v1/public/sheets', { 'x-api-key': 'malle_inconnue' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('invalid_api_key');
    expect((await get('/api/v1/me/api-keys')).statusCode).toBe(401);
    const unnamed = await call(person, 'POST', '/api/v1/me/api-keys', { name: ' ' });
    expect(unnamed.statusCode).toBe(400);
  });

  it('limits the number of live keys per person', async () => {
    const someone = await signUp(t.app);
    for (let i = 0; i < 10; i++)
      expect((await call(someone, 'POST', '/api/v1/me/api-keys', { name: `Clé ${i}` })).statusCode).toBe(201);
    const refused = await call(someone, 'POST', '/api/v1/me/api-keys', { name: 'Une de trop' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('api_key_limit');
  });
});

describe('rate limits', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await createTestApp({ PUBLIC_API_RATE_LIMIT_ANONYMOUS: '3', PUBLIC_API_RATE_LIMIT_KEY: '5' });
  });
  afterAll(() => limited.close());

  const hit = (headers: Record<string, string> = {}, ip = '10.0.0.1') =>
    limited.app.inject({ method: 'GET', url: '/api/v1/public/bases', headers, remoteAddress: ip });

  it('limits anonymous callers per address across the public API, with the standard headers', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await hit();
      expect(res.statusCode).toBe(200);
      expect(res.headers['ratelimit-limit']).toBe('3');
      expect(res.headers['ratelimit-remaining']).toBe(String(2 - i));
    }
    const other = await limited.app.inject({ method: 'GET', url: '/api/v1/public/sheets', remoteAddress: '10.0.0.1' });
    expect(other.statusCode).toBe(429);
    const res = await hit();
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('rate_limited');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.headers['ratelimit-remaining']).toBe('0');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    // Another address has its own counter.
    expect((await hit({}, '10.0.0.2')).statusCode).toBe(200);
  });

  it('gives each key its own, higher limit', async () => {
    const person = await signUp(limited.app);
    const created = await limited.app.inject({
      method: 'POST',
      url: '/api/v1/me/api-keys',
      headers: { cookie: person.cookie, 'x-csrf-token': person.csrf },
      payload: { name: 'Portail' },
    });
    const { secret } = created.json<CreatedApiKey>();
    const auth = { authorization: `Bearer ${secret}` };
    // The address is already over its anonymous limit; the key is counted on its own.
    expect((await hit()).statusCode).toBe(429);
    for (let i = 0; i < 5; i++) {
      const res = await hit(auth);
      expect(res.statusCode).toBe(200);
      expect(res.headers['ratelimit-limit']).toBe('5');
    }
    const over = await hit(auth, '10.0.0.3');
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('rate_limited');
  });
});

describe('search cache keys', () => {
  it('are the same for the same search, whatever the order of parameters and repeated values', () => {
    const a = SearchQuery.parse({ q: 'atelier', type: 'sheets', themes: ['risques-cyber', 'donnees'], audiences: 'seniors' });
    const b = SearchQuery.parse({
      audiences: ['seniors'],
      themes: ['donnees', 'risques-cyber', 'donnees'],
      type: 'sheets',
      q: 'atelier',
    });
    expect(searchCacheKey(a)).toBe(searchCacheKey(b));
    expect(searchCacheKey(a)).not.toBe(searchCacheKey({ ...a, page: 2 }));
    expect(searchCacheKey(a)).not.toBe(searchCacheKey({ ...a, q: 'atelier seniors' }));
  });
});

describe('OpenAPI examples', () => {
  it('match the response schemas', () => {
    expect(() => paginated(PublicSheetSummary).parse(EXAMPLES.sheets)).not.toThrow();
    expect(() => PublicSheetSchema.parse(EXAMPLES.sheet)).not.toThrow();
    expect(() => paginated(PublicCollectionSummary).parse(EXAMPLES.collections)).not.toThrow();
    expect(() => PublicCollectionSchema.parse(EXAMPLES.collection)).not.toThrow();
    expect(() => paginated(PublicBaseSummary).parse(EXAMPLES.bases)).not.toThrow();
    expect(() => PublicBaseSchema.parse(EXAMPLES.base)).not.toThrow();
    expect(() => PublicSearchResult.parse(EXAMPLES.search)).not.toThrow();
  });
});
