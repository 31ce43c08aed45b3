/**
 * Freshness by construction (ADR 015): every write route of the API, taken in turn in one tour,
 * leaves the search indexes equal to what the database says (a dry-run reconcile finds no drift,
 * field by field) and the public cache equal to what an instance without a cache answers. The tour
 * must name every write operation of the OpenAPI document: a new route without a step fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { createSearch } from '../../lib/search.ts';
import { makePdf } from '../../test/fixtures.ts';
import { doc, fixtures, paragraph } from '../../test/api-fixtures.ts';
import { signUp, sessionCookieFrom, STRONG_PASSWORD, type Agent } from '../../test/session-client.ts';
import { createSiblingApp, createTestApp, type TestApp } from '../../test/test-app.ts';
import { reconcile } from './sync.ts';

let t: TestApp;
let uncached: { app: App; close(): Promise<void> };
const s = fixtures(() => t.app);

beforeAll(async () => {
  // Hundreds of public requests from one address: the per-address limits are not what is tested.
  const limits = { PUBLIC_API_RATE_LIMIT_ANONYMOUS: '1000000', EMBED_RATE_LIMIT_MAX: '1000000' };
  t = await createTestApp({ SEARCH_RELAY: 'false', ...limits });
  uncached = await createSiblingApp(t, { PUBLIC_CACHE_MAX_ENTRIES: '0', ...limits });
});
afterAll(async () => {
  await uncached?.close();
  await t?.close();
});

/** Public answers the cache keeps, grown as the tour creates things. */
const publicUrls = new Set([
  '/api/v1/public/sheets',
  '/api/v1/public/collections',
  '/api/v1/public/bases',
  '/api/v1/public/search?q=atelier',
  '/api/v1/public/search?q=atelier&type=sheets&themes=risques-cyber',
]);

/** What an answer says, without what differs between two identical requests. */
function content(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body, (key, value: unknown) => (key === 'tookMs' || key === 'requestId' ? 0 : value)));
  } catch {
    return body;
  }
}

async function publicDrift(): Promise<string[]> {
  const drift: string[] = [];
  for (const url of publicUrls) {
    const [cached, fresh] = await Promise.all([
      t.app.inject({ method: 'GET', url }),
      uncached.app.inject({ method: 'GET', url }),
    ]);
    if (cached.statusCode !== fresh.statusCode || content(cached.body) !== content(fresh.body)) drift.push(url);
  }
  return drift;
}

/** After a step: the relay applies what was recorded, then neither the index nor the cache lags. */
async function expectFresh(step: string) {
  await t.app.searchRelay.drain(30_000);
  const reports = await reconcile(t.db, createSearch(t.config.meili), undefined, { dryRun: true });
  expect({ step, drift: reports.filter((r) => r.added + r.updated + r.removed > 0) }).toEqual({ step, drift: [] });
  // The change feed reaches the cache asynchronously (NOTIFY): a short bounded wait, then a verdict.
  let drift = await publicDrift();
  for (let i = 0; drift.length && i < 40; i++) {
    await new Promise((r) => setTimeout(r, 50));
    drift = await publicDrift();
  }
  expect({ step, stalePublicAnswers: drift }).toEqual({ step, stalePublicAnswers: [] });
}

const covered = new Set<string>();

/** One step of the tour: the operations it uses (as the OpenAPI document names them), then the check. */
async function step(name: string, operations: string[], run: () => Promise<void>) {
  for (const op of operations) covered.add(op);
  await run();
  await expectFresh(name);
}

const ok = (res: { statusCode: number; body: string }, status = 204) => expect(res.statusCode, res.body).toBe(status);

describe('every write route keeps search and the public cache fresh', () => {
  it('through one tour of the API', { timeout: 300_000 }, async () => {
    let owner!: Agent;
    let member!: Agent;
    let reader!: Agent;
    let base = '';
    let sheet = { slug: '', id: '' };
    let collectionId = '';

    await step('sign up', ['POST /api/v1/auth/signup'], async () => {
      owner = await signUp(t.app, { displayName: 'Camille Tournée' });
      member = await signUp(t.app, { displayName: 'Yanis Tournée' });
      reader = await signUp(t.app, { displayName: 'Sophie Tournée' });
    });
    await step('log in and out', ['POST /api/v1/auth/login', 'POST /api/v1/auth/logout'], async () => {
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: reader.email, password: STRONG_PASSWORD },
      });
      ok(login, 200);
      const cookie = sessionCookieFrom(login.headers);
      const csrf = login.json<{ user: { csrfToken: string } }>().user.csrfToken;
      ok(await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie, 'x-csrf-token': csrf } }));
    });
    await step('profile made public and renamed', ['PUT /api/v1/me/profile'], async () => {
      for (const agent of [owner, member])
        ok(
          await s.call(agent, 'PUT', '/api/v1/me/profile', {
            displayName: 'Camille R.',
            bio: 'Médiatrice.',
            departement: '29',
            profilePublic: true,
          }),
          200,
        );
    });
    await step('base created', ['POST /api/v1/bases'], async () => {
      base = await s.createBase(owner, 'Base de la tournée');
      publicUrls.add(`/api/v1/public/bases/${base}`);
    });
    await step(
      'invitation sent, withdrawn, sent and accepted',
      [
        'POST /api/v1/bases/{slug}/invitations',
        'DELETE /api/v1/bases/{slug}/invitations/{id}',
        'POST /api/v1/invitations/{id}/{answer}',
      ],
      async () => {
        ok(await s.call(owner, 'POST', `/api/v1/bases/${base}/invitations`, { email: member.email, role: 'contributor' }));
        const [pending] = (await s.call(owner, 'GET', `/api/v1/bases/${base}/invitations`)).json<Array<{ id: string }>>();
        ok(await s.call(owner, 'DELETE', `/api/v1/bases/${base}/invitations/${pending!.id}`));
        await s.addMember(owner, base, member);
      },
    );
    await step('role changed', ['PUT /api/v1/bases/{slug}/members/{userId}/role'], async () => {
      ok(await s.call(owner, 'PUT', `/api/v1/bases/${base}/members/${member.userId}/role`, { role: 'admin' }));
    });
    await step(
      'join request accepted, member removed',
      [
        'POST /api/v1/bases/{slug}/join-requests',
        'POST /api/v1/bases/{slug}/join-requests/{id}/{decision}',
        'DELETE /api/v1/bases/{slug}/members/{userId}',
      ],
      async () => {
        ok(await s.call(reader, 'POST', `/api/v1/bases/${base}/join-requests`, { message: 'Bonjour' }));
        const [request] = (await s.call(owner, 'GET', `/api/v1/bases/${base}/join-requests`)).json<Array<{ id: string }>>();
        ok(await s.call(owner, 'POST', `/api/v1/bases/${base}/join-requests/${request!.id}/accept`));
        ok(await s.call(owner, 'DELETE', `/api/v1/bases/${base}/members/${reader.userId}`));
      },
    );
    await step(
      'base followed and unfollowed',
      ['PUT /api/v1/bases/{slug}/follow', 'DELETE /api/v1/bases/{slug}/follow'],
      async () => {
        ok(await s.call(reader, 'PUT', `/api/v1/bases/${base}/follow`));
        ok(await s.call(reader, 'DELETE', `/api/v1/bases/${base}/follow`));
      },
    );
    await step('indexing suggested', ['POST /api/v1/indexing/suggestions'], async () => {
      ok(
        await s.call(owner, 'POST', '/api/v1/indexing/suggestions', { title: 'Atelier arnaques', text: 'Seniors, hameçonnage.' }),
        200,
      );
    });
    await step(
      'sheet created, saved and published',
      ['POST /api/v1/sheets', 'PUT /api/v1/sheets/{slug}/draft', 'POST /api/v1/sheets/{slug}/publish'],
      async () => {
        sheet = await s.publishedSheet(owner, base, 'Atelier de la tournée');
        publicUrls.add(`/api/v1/public/sheets/${sheet.slug}`);
        publicUrls.add(`/embed/fiches/${sheet.slug}`);
      },
    );
    await step(
      'file uploaded, attached, processed and published',
      ['POST /api/v1/sheets/{slug}/uploads', 'PUT /api/v1/uploads/{id}'],
      async () => {
        const pdf = await makePdf(1, 'Guide de la tournée');
        const announced = await s.call(owner, 'POST', `/api/v1/sheets/${sheet.slug}/uploads`, {
          name: 'guide.pdf',
          size: pdf.length,
          mediaType: 'application/pdf',
          purpose: 'attachment',
        });
        ok(announced, 201);
        const sent = await t.app.inject({
          method: 'PUT',
          url: announced.json<{ uploadUrl: string }>().uploadUrl,
          headers: { ...s.headers(owner), 'content-type': 'application/octet-stream' },
          payload: pdf,
        });
        ok(sent, 201);
        const fileId = sent.json<{ file: { id: string } }>().file.id;
        await s.saveDraft(owner, sheet.slug, {
          body: doc(paragraph('Objectifs.'), { type: 'attachment', attrs: { fileId, role: 'guide_animation', label: 'Guide' } }),
        });
        await s.publish(owner, sheet.slug);
        await t.app.jobs.runPending();
      },
    );
    await step('version restored and republished', ['POST /api/v1/sheets/{slug}/restore'], async () => {
      ok(await s.call(owner, 'POST', `/api/v1/sheets/${sheet.slug}/restore`, { version: 1 }), 200);
      await s.publish(owner, sheet.slug);
    });
    await step(
      'contributor added and removed',
      ['POST /api/v1/sheets/{slug}/contributors', 'DELETE /api/v1/sheets/{slug}/contributors/{userId}'],
      async () => {
        ok(await s.call(owner, 'POST', `/api/v1/sheets/${sheet.slug}/contributors`, { email: reader.email }));
        ok(await s.call(owner, 'DELETE', `/api/v1/sheets/${sheet.slug}/contributors/${reader.userId}`));
      },
    );
    await step(
      'rated, replied to, reported',
      [
        'PUT /api/v1/sheets/{slug}/ratings/mine',
        'POST /api/v1/sheets/{slug}/ratings/{id}/reply',
        'POST /api/v1/sheets/{slug}/ratings/{id}/reports',
      ],
      async () => {
        const rating = await s.call(reader, 'PUT', `/api/v1/sheets/${sheet.slug}/ratings/mine`, {
          useful: 5,
          clear: 4,
          reliable: 5,
          usedInWorkshop: true,
          comment: 'Utilisé mardi.',
        });
        expect(rating.statusCode, rating.body).toBeLessThan(300);
        const id = rating.json<{ id: string }>().id;
        ok(await s.call(owner, 'POST', `/api/v1/sheets/${sheet.slug}/ratings/${id}/reply`, { reply: 'Merci !' }));
        ok(
          await s.call(member, 'POST', `/api/v1/sheets/${sheet.slug}/ratings/${id}/reports`, {
            reason: 'other',
            text: 'À vérifier.',
          }),
        );
      },
    );
    await step('adapted into a personal space', ['POST /api/v1/sheets/{slug}/adapt'], async () => {
      const adapted = await s.call(reader, 'POST', `/api/v1/sheets/${sheet.slug}/adapt`, { baseSlug: null });
      ok(adapted, 201);
      const slug = adapted.json<{ slug: string }>().slug;
      await s.saveDraft(reader, slug, { summary: 'Pour les seniors.' });
      await s.publish(reader, slug, 'public');
      publicUrls.add(`/api/v1/public/sheets/${slug}`);
    });
    await step(
      'collection created, filled, annotated, reordered',
      [
        'POST /api/v1/collections',
        'PUT /api/v1/collections/{id}',
        'POST /api/v1/collections/{id}/items',
        'PUT /api/v1/collections/{id}/items/{sheetId}',
        'PUT /api/v1/collections/{id}/order',
      ],
      async () => {
        collectionId = (await s.createCollection(owner, 'Parcours de la tournée', 'public')).id;
        publicUrls.add(`/api/v1/public/collections/${collectionId}`);
        publicUrls.add(`/embed/collections/${collectionId}`);
        ok(
          await s.call(owner, 'PUT', `/api/v1/collections/${collectionId}`, {
            title: 'Parcours renommé',
            description: 'Trois séances.',
            visibility: 'public',
          }),
          200,
        );
        const other = await s.publishedSheet(owner, null, 'Deuxième fiche de la tournée');
        await s.addToCollection(owner, collectionId, sheet.slug);
        await s.addToCollection(owner, collectionId, other.slug);
        ok(
          await s.call(owner, 'PUT', `/api/v1/collections/${collectionId}/items/${sheet.id}`, {
            note: 'À faire en premier.',
            pinnedVersion: 1,
          }),
        );
        ok(await s.call(owner, 'PUT', `/api/v1/collections/${collectionId}/order`, { sheetIds: [other.id, sheet.id] }));
      },
    );
    await step('saved in collections', ['PUT /api/v1/sheets/{slug}/saved-in'], async () => {
      const mine = (await s.call(reader, 'GET', '/api/v1/me/collections')).json<Array<{ id: string }>>();
      ok(await s.call(reader, 'PUT', `/api/v1/sheets/${sheet.slug}/saved-in`, { collectionIds: [mine[0]!.id] }));
    });
    await step(
      'sheet made private, its unavailable item removed, an item removed',
      [
        'PUT /api/v1/sheets/{slug}/visibility',
        'DELETE /api/v1/collections/{id}/unavailable-items',
        'DELETE /api/v1/collections/{id}/items/{sheetId}',
      ],
      async () => {
        ok(await s.call(owner, 'PUT', `/api/v1/sheets/${sheet.slug}/visibility`, { visibility: 'private' }));
        await expectFresh('sheet made private');
        const outsiderCollection = await s.createCollection(reader, 'Ma sélection', 'public');
        publicUrls.add(`/api/v1/public/collections/${outsiderCollection.id}`);
        await s.call(owner, 'PUT', `/api/v1/sheets/${sheet.slug}/visibility`, { visibility: 'public' });
        await s.addToCollection(reader, outsiderCollection.id, sheet.slug);
        ok(await s.call(owner, 'PUT', `/api/v1/sheets/${sheet.slug}/visibility`, { visibility: 'private' }));
        ok(await s.call(reader, 'DELETE', `/api/v1/collections/${outsiderCollection.id}/unavailable-items`), 200);
        const [first] = (await s.call(owner, 'GET', `/api/v1/collections/${collectionId}`)).json<{
          items: Array<{ sheetId: string }>;
        }>().items;
        ok(await s.call(owner, 'DELETE', `/api/v1/collections/${collectionId}/items/${first!.sheetId}`));
      },
    );
    await step('base made private, then renamed and public again', ['PUT /api/v1/bases/{slug}'], async () => {
      const body = { name: 'Base renommée', description: '', departement: null, contactEmail: null, contactEmailPublic: false };
      ok(await s.call(owner, 'PUT', `/api/v1/bases/${base}`, { ...body, isPublic: false }), 200);
      await expectFresh('base made private');
      ok(await s.call(owner, 'PUT', `/api/v1/bases/${base}`, { ...body, isPublic: true }), 200);
    });
    await step('password reset', ['POST /api/v1/auth/password-reset', 'POST /api/v1/auth/password-reset/confirm'], async () => {
      ok(await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: member.email } }), 202);
      await t.app.jobs.runPending();
      const mail = t.mails.filter((m) => m.to === member.email).at(-1)!;
      const token = /token=([\w-]+)/.exec(mail.text)![1]!;
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password-reset/confirm',
        payload: { token, password: 'lanterne-sardine-gravier-91' },
      });
      ok(res, 200);
      member = {
        ...member,
        cookie: sessionCookieFrom(res.headers),
        csrf: res.json<{ user: { csrfToken: string } }>().user.csrfToken,
      };
    });
    await step('API key created and revoked', ['POST /api/v1/me/api-keys', 'DELETE /api/v1/me/api-keys/{id}'], async () => {
      const key = await s.call(owner, 'POST', '/api/v1/me/api-keys', { name: 'Site partenaire' });
      ok(key, 201);
      ok(await s.call(owner, 'DELETE', `/api/v1/me/api-keys/${key.json<{ id: string }>().id}`));
    });
    await step(
      'collection, sheet and base deleted',
      ['DELETE /api/v1/collections/{id}', 'DELETE /api/v1/sheets/{slug}', 'DELETE /api/v1/bases/{slug}'],
      async () => {
        ok(await s.call(owner, 'DELETE', `/api/v1/collections/${collectionId}`));
        ok(await s.call(owner, 'DELETE', `/api/v1/sheets/${sheet.slug}`));
        ok(await s.call(owner, 'DELETE', `/api/v1/bases/${base}`));
      },
    );

    // Every write operation of the API is part of the tour.
    const spec = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{ paths: Record<string, object> }>();
    const writes = Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((m) => m !== 'get')
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(writes.length).toBeGreaterThan(40);
    expect(writes.filter((w) => !covered.has(w))).toEqual([]);
  });
});
