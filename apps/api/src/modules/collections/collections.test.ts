import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Collection, CollectionSummary } from '@malle/schema/collections';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { fixtures } from '../../test/api-fixtures.ts';
import { signUp, type Agent } from '../../test/session-client.ts';
import { listPublicCollectionIds } from './service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const { call, createBase, addMember, publishedSheet, republish } = fixtures(() => t.app);

async function newCollection(
  agent: Agent,
  input: { title?: string; visibility?: 'public' | 'private' | 'secret_link'; baseSlug?: string | null } = {},
): Promise<Collection> {
  const res = await call(agent, 'POST', '/api/v1/collections', {
    title: input.title ?? 'Cybersécurité pour les seniors',
    description: 'Un parcours en trois séances.',
    visibility: input.visibility ?? 'private',
    baseSlug: input.baseSlug ?? null,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function read(agent: Agent | null, id: string, key?: string) {
  return call(agent, 'GET', `/api/v1/collections/${id}${key ? `?cle=${key}` : ''}`);
}
async function readOk(agent: Agent | null, id: string, key?: string): Promise<Collection> {
  const res = await read(agent, id, key);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
async function add(agent: Agent, id: string, sheetSlug: string, extra: Record<string, unknown> = {}) {
  return call(agent, 'POST', `/api/v1/collections/${id}/items`, { sheetSlug, ...extra });
}

async function update(agent: Agent, c: Collection, changes: Record<string, unknown>) {
  return call(agent, 'PUT', `/api/v1/collections/${c.id}`, {
    title: c.title,
    description: c.description,
    visibility: c.visibility,
    ...changes,
  });
}

describe('collections', () => {
  it('gives everyone a private "Mes favoris" that cannot be deleted or made public', async () => {
    const person = await signUp(t.app);
    const mine = (await call(person, 'GET', '/api/v1/me/collections')).json<CollectionSummary[]>();
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ title: 'Mes favoris', isFavorites: true, visibility: 'private', canEdit: true });
    // Asking again does not create a second one.
    expect((await call(person, 'GET', '/api/v1/me/collections')).json()).toHaveLength(1);
    const favorites = await readOk(person, mine[0]!.id);
    expect((await update(person, favorites, { visibility: 'public' })).json().error.code).toBe('favorites_locked');
    expect((await call(person, 'DELETE', `/api/v1/collections/${favorites.id}`)).statusCode).toBe(409);
    expect((await read(await signUp(t.app), favorites.id)).statusCode).toBe(404);
  });

  it('creates, annotates, pins, reorders, removes and deletes, with validation', async () => {
    const author = await signUp(t.app);
    const curator = await signUp(t.app);
    const a = await publishedSheet(author, null, 'Séance 1 : les mots de passe');
    const b = await publishedSheet(author, null, 'Séance 2 : les arnaques');
    const c = await publishedSheet(author, null, 'Séance 3 : les mises à jour');
    const col = await newCollection(curator);
    expect(col.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await call(curator, 'POST', '/api/v1/collections', { title: '' })).statusCode).toBe(400);
    expect((await add(curator, col.id, a.slug)).statusCode).toBe(204);
    expect((await add(curator, col.id, b.slug, { note: 'à utiliser en deuxième séance' })).statusCode).toBe(204);
    expect((await add(curator, col.id, c.slug, { pinnedVersion: 1 })).statusCode).toBe(204);
    // Adding again is harmless (safe retries); unknown sheets and versions are refused.
    expect((await add(curator, col.id, a.slug)).statusCode).toBe(204);
    expect((await add(curator, col.id, 'inexistante')).statusCode).toBe(404);
    expect((await add(curator, col.id, a.slug, { note: 'x'.repeat(301) })).statusCode).toBe(400);

    let view = await readOk(curator, col.id);
    expect(view.items.map((i) => i.slug)).toEqual([a.slug, b.slug, c.slug]);
    expect(view.items[1]!.note).toBe('à utiliser en deuxième séance');
    expect(view.items[2]).toMatchObject({ pinnedVersion: 1, version: 1 });
    expect(view.itemCount).toBe(3);

    // Reorder: exactly the items, each once.
    const order = [c.id, a.id, b.id];
    expect((await call(curator, 'PUT', `/api/v1/collections/${col.id}/order`, { sheetIds: [c.id, a.id] })).statusCode).toBe(409);
    expect((await call(curator, 'PUT', `/api/v1/collections/${col.id}/order`, { sheetIds: [c.id, a.id, a.id] })).statusCode).toBe(
      409,
    );
    expect((await call(curator, 'PUT', `/api/v1/collections/${col.id}/order`, { sheetIds: order })).statusCode).toBe(204);
    view = await readOk(curator, col.id);
    expect(view.items.map((i) => i.sheetId)).toEqual(order);
    // Added later, a sheet goes to the end.
    const d = await publishedSheet(author, null, 'Bonus : la double authentification');
    await add(curator, col.id, d.slug);
    expect((await readOk(curator, col.id)).items.map((i) => i.sheetId)).toEqual([...order, d.id]);

    // Note and version of an item; a version that does not exist is refused.
    const item = `/api/v1/collections/${col.id}/items/${a.id}`;
    expect((await call(curator, 'PUT', item, { note: 'Pour commencer', pinnedVersion: 3 })).statusCode).toBe(404);
    expect((await call(curator, 'PUT', item, { note: 'Pour commencer', pinnedVersion: 1 })).statusCode).toBe(204);
    expect((await readOk(curator, col.id)).items[1]).toMatchObject({ note: 'Pour commencer', pinnedVersion: 1 });

    // Only the owner edits a personal collection.
    const other = await signUp(t.app);
    await update(curator, col, { visibility: 'public' });
    expect((await add(other, col.id, a.slug)).statusCode).toBe(403);
    expect((await call(other, 'DELETE', item)).statusCode).toBe(403);
    expect((await call(curator, 'DELETE', item)).statusCode).toBe(204);
    expect((await call(curator, 'DELETE', item)).statusCode).toBe(404);
    expect((await readOk(null, col.id)).items).toHaveLength(3);
    expect((await call(curator, 'DELETE', `/api/v1/collections/${col.id}`)).statusCode).toBe(204);
    expect((await read(curator, col.id)).statusCode).toBe(404);
  });

  it('follows the latest version (saying when it was updated) or stays pinned to one', async () => {
    const author = await signUp(t.app);
    const curator = await signUp(t.app);
    const followed = await publishedSheet(author, null, 'Suivie');
    const pinned = await publishedSheet(author, null, 'Fixée');
    const col = await newCollection(curator);
    await add(curator, col.id, followed.slug);
    await add(curator, col.id, pinned.slug, { pinnedVersion: 1 });
    let [f, p] = (await readOk(curator, col.id)).items;
    expect(f).toMatchObject({ version: 1, updatedSinceAdded: null });
    await republish(author, followed.slug, 'Nouveau résumé suivi');
    await republish(author, pinned.slug, 'Nouveau résumé fixé');
    [f, p] = (await readOk(curator, col.id)).items;
    expect(f).toMatchObject({ version: 2, latestVersion: 2, summary: 'Nouveau résumé suivi' });
    expect(f!.updatedSinceAdded).not.toBeNull();
    expect(p).toMatchObject({ version: 1, latestVersion: 2, pinnedVersion: 1, updatedSinceAdded: null });
    expect(p!.summary).toBe('Résumé de Fixée');
  });

  it('is public, private or shared by a revocable secret link', async () => {
    const owner = await signUp(t.app);
    const stranger = await signUp(t.app);
    const col = await newCollection(owner, { visibility: 'private' });
    expect((await read(null, col.id)).statusCode).toBe(404);
    expect((await read(stranger, col.id)).statusCode).toBe(404);
    expect((await update(stranger, col, { title: 'Volée' })).statusCode).toBe(404);

    const shared = (await update(owner, col, { visibility: 'secret_link' })).json<Collection>();
    const key = shared.secretLinkToken!;
    expect(key.length).toBeGreaterThan(20);
    expect((await read(null, col.id)).statusCode).toBe(404);
    expect((await readOk(null, col.id, key)).secretLinkToken).toBeNull();
    expect((await read(null, col.id, 'mauvaise-cle')).statusCode).toBe(404);
    const renewed = (await update(owner, shared, { regenerateLink: true })).json<Collection>();
    expect(renewed.secretLinkToken).not.toBe(key);
    expect((await read(null, col.id, key)).statusCode).toBe(404);

    await update(owner, renewed, { visibility: 'public' });
    expect((await readOk(null, col.id)).visibility).toBe('public');
    expect(await listPublicCollectionIds(t.db)).toContain(col.id);
    await update(owner, renewed, { visibility: 'private' });
    expect(await listPublicCollectionIds(t.db)).not.toContain(col.id);
  });

  it('belongs to a base whose members edit it; a private base cannot have public collections', async () => {
    const admin = await signUp(t.app);
    const member = await signUp(t.app);
    const outsider = await signUp(t.app);
    const base = await createBase(admin, 'Réseau des conseillers du Gers');
    await addMember(admin, base, member);
    const sheet = await publishedSheet(admin, base, 'Les démarches CAF');
    const pub = await newCollection(admin, { baseSlug: base, visibility: 'public', title: 'Démarches' });
    const priv = await newCollection(admin, { baseSlug: base, visibility: 'private', title: 'En préparation' });
    expect(pub.owner).toMatchObject({ kind: 'base', slug: base });
    expect((await add(member, pub.id, sheet.slug)).statusCode).toBe(204);
    expect((await add(outsider, pub.id, sheet.slug)).statusCode).toBe(403);
    expect((await read(outsider, priv.id)).statusCode).toBe(404);
    expect((await call(outsider, 'POST', '/api/v1/collections', { title: 'Intrus', baseSlug: base })).statusCode).toBe(403);
    // Members see every collection of the base and may edit them; others see the public ones.
    const forMember = (await call(member, 'GET', `/api/v1/bases/${base}/collections`)).json<CollectionSummary[]>();
    expect(forMember.map((c) => c.title).sort()).toEqual(['Démarches', 'En préparation']);
    expect(forMember.every((c) => c.canEdit)).toBe(true);
    const forOutsider = (await call(outsider, 'GET', `/api/v1/bases/${base}/collections`)).json<CollectionSummary[]>();
    expect(forOutsider.map((c) => [c.title, c.canEdit, c.itemCount])).toEqual([['Démarches', false, 1]]);
    const memberMine = (await call(member, 'GET', '/api/v1/me/collections')).json<CollectionSummary[]>();
    expect(memberMine.map((c) => c.title)).toEqual(expect.arrayContaining(['Mes favoris', 'Démarches', 'En préparation']));

    const privateBase = await createBase(admin, 'Équipe interne', false);
    const refused = await call(admin, 'POST', '/api/v1/collections', {
      title: 'Publique ?',
      visibility: 'public',
      baseSlug: privateBase,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details.fields[0].path).toBe('visibility');
  });

  it('never shows a viewer a sheet they cannot read, and tells its editors how many are unavailable', async () => {
    const curator = await signUp(t.app);
    const colleague = await signUp(t.app);
    const otherAuthor = await signUp(t.app);
    const teamBase = await createBase(curator, 'Équipe privée de Nantes', false);
    await addMember(curator, teamBase, colleague);
    const open = await publishedSheet(otherAuthor, null, 'Fiche publique');
    const team = await publishedSheet(curator, teamBase, 'Fiche de l’équipe', 'private');
    const secret = await publishedSheet(otherAuthor, null, 'Fiche par lien secret', 'secret_link');
    const secretKey = (await call(otherAuthor, 'GET', `/api/v1/sheets/${secret.slug}`)).json().secretLinkToken as string;
    const laterPrivate = await publishedSheet(otherAuthor, null, 'Fiche bientôt privée');
    const laterDeleted = await publishedSheet(otherAuthor, null, 'Fiche bientôt supprimée');
    const closingBase = await createBase(otherAuthor, 'Base qui se ferme');
    const inClosingBase = await publishedSheet(otherAuthor, closingBase, 'Fiche d’une base qui se ferme');

    const col = await newCollection(curator, { visibility: 'public', title: 'Tout mélangé' });
    for (const s of [open, team, laterPrivate, laterDeleted, inClosingBase])
      expect((await add(curator, col.id, s.slug)).statusCode).toBe(204);
    // A secret-link sheet needs its key to be added; it then stays hidden from non-editors.
    expect((await add(curator, col.id, secret.slug)).statusCode).toBe(404);
    expect((await add(curator, col.id, secret.slug, { key: secretKey })).statusCode).toBe(204);
    expect((await readOk(curator, col.id)).unavailableCount).toBe(1);

    await call(otherAuthor, 'PUT', `/api/v1/sheets/${laterPrivate.slug}/visibility`, { visibility: 'private' });
    await sql`update sheets set deleted_at = now() where id = ${laterDeleted.id}`.execute(t.db);
    const closed = await call(otherAuthor, 'PUT', `/api/v1/bases/${closingBase}`, {
      name: 'Base qui se ferme',
      description: '',
      departement: null,
      contactEmail: null,
      contactEmailPublic: false,
      isPublic: false,
    });
    expect(closed.statusCode, closed.body).toBe(200);

    const slugs = (c: Collection) => c.items.map((i) => i.slug).sort();
    const anonymous = await readOk(null, col.id);
    expect(slugs(anonymous)).toEqual([open.slug]);
    expect(anonymous.unavailableCount).toBeNull();
    expect(anonymous.itemCount).toBe(1);

    const asCurator = await readOk(curator, col.id);
    expect(slugs(asCurator)).toEqual([open.slug, team.slug].sort());
    expect(asCurator.unavailableCount).toBe(4);

    const asColleague = await readOk(colleague, col.id);
    expect(slugs(asColleague)).toEqual([open.slug, team.slug].sort());
    expect(asColleague.unavailableCount).toBeNull();

    const asOtherAuthor = await readOk(otherAuthor, col.id);
    expect(slugs(asOtherAuthor)).toEqual([open.slug, secret.slug, laterPrivate.slug, inClosingBase.slug].sort());

    // The public list on the profile counts what the asker can read.
    const onProfile = (await call(null, 'GET', `/api/v1/profiles/${curator.userId}/collections`)).json<CollectionSummary[]>();
    expect(onProfile.map((c) => [c.title, c.itemCount])).toEqual([['Tout mélangé', 1]]);

    // Reordering covers the items the editor sees; hidden ones stay after them.
    expect((await call(curator, 'PUT', `/api/v1/collections/${col.id}/order`, { sheetIds: [team.id, open.id] })).statusCode).toBe(
      204,
    );
    expect((await readOk(curator, col.id)).items.map((i) => i.sheetId)).toEqual([team.id, open.id]);
    // The printable view carries the rendered content of readable sheets only.
    const printable = (await call(null, 'GET', `/api/v1/collections/${col.id}?contenu=1`)).json<Collection>();
    expect(printable.items.map((i) => i.html)).toEqual([expect.stringContaining('Objectifs.')]);

    // Cleaning up removes what is no longer available.
    const cleaned = await call(curator, 'DELETE', `/api/v1/collections/${col.id}/unavailable-items`);
    expect(cleaned.json()).toEqual({ removed: 4 });
    expect((await readOk(curator, col.id)).unavailableCount).toBe(0);
  });

  it('lists a person’s collections: public ones for others, all (with favorites) for themself', async () => {
    const person = await signUp(t.app);
    await newCollection(person, { title: 'Publique', visibility: 'public' });
    await newCollection(person, { title: 'Privée', visibility: 'private' });
    await newCollection(person, { title: 'Secrète', visibility: 'secret_link' });
    await call(person, 'GET', '/api/v1/me/collections');
    const others = (await call(null, 'GET', `/api/v1/profiles/${person.userId}/collections`)).json<CollectionSummary[]>();
    expect(others.map((c) => c.title)).toEqual(['Publique']);
    const self = (await call(person, 'GET', `/api/v1/profiles/${person.userId}/collections`)).json<CollectionSummary[]>();
    expect(self.map((c) => c.title).sort()).toEqual(['Mes favoris', 'Privée', 'Publique', 'Secrète']);
  });
});

describe('saving a sheet into collections', () => {
  it('puts the sheet in exactly the chosen collections the person may edit', async () => {
    const author = await signUp(t.app);
    const person = await signUp(t.app);
    const stranger = await signUp(t.app);
    const sheet = await publishedSheet(author, null, 'Ranger ses photos');
    const one = await newCollection(person, { title: 'Une' });
    const two = await newCollection(person, { title: 'Deux' });
    const theirs = await newCollection(stranger, { title: 'À quelqu’un d’autre', visibility: 'public' });
    const mine = (await call(person, 'GET', `/api/v1/me/collections?sheet=${sheet.slug}`)).json<CollectionSummary[]>();
    const favorites = mine.find((c) => c.isFavorites)!;
    expect(mine.every((c) => c.containsSheet === false)).toBe(true);

    const save = (agent: Agent, ids: string[], slug = sheet.slug) =>
      call(agent, 'PUT', `/api/v1/sheets/${slug}/saved-in`, { collectionIds: ids });
    expect((await save(person, [favorites.id, one.id])).statusCode).toBe(204);
    let state = (await call(person, 'GET', `/api/v1/me/collections?sheet=${sheet.slug}`)).json<CollectionSummary[]>();
    expect(
      state
        .filter((c) => c.containsSheet)
        .map((c) => c.title)
        .sort(),
    ).toEqual(['Mes favoris', 'Une']);
    expect((await save(person, [two.id])).statusCode).toBe(204);
    state = (await call(person, 'GET', `/api/v1/me/collections?sheet=${sheet.slug}`)).json<CollectionSummary[]>();
    expect(state.filter((c) => c.containsSheet).map((c) => c.title)).toEqual(['Deux']);

    // Someone else's collection, or a sheet the person cannot read: 404.
    expect((await save(person, [theirs.id])).statusCode).toBe(404);
    const hidden = await publishedSheet(author, null, 'Privée', 'private');
    expect((await save(person, [one.id], hidden.slug)).statusCode).toBe(404);
    expect((await call(null, 'PUT', `/api/v1/sheets/${sheet.slug}/saved-in`, { collectionIds: [] })).statusCode).toBe(401);
  });
});
