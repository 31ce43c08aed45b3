import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { signUp, type Agent } from '../../test/session-client.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const baseInput = (overrides: Record<string, unknown> = {}) => ({
  name: 'Médiathèque de Saint-Étienne',
  description: 'Les ateliers numériques de la médiathèque.',
  departement: '42',
  contactEmail: 'numerique@mediatheque.example',
  contactEmailPublic: false,
  isPublic: true,
  ...overrides,
});

function as(agent: Agent | null) {
  return agent ? { cookie: agent.cookie, 'x-csrf-token': agent.csrf } : {};
}

async function call(agent: Agent | null, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
  return t.app.inject({ method, url, headers: as(agent), ...(payload === undefined ? {} : { payload: payload as object }) });
}

async function createBase(admin: Agent, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await call(admin, 'POST', '/api/v1/bases', baseInput(overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().slug as string;
}

async function addMember(admin: Agent, slug: string, person: Agent, role: 'admin' | 'contributor') {
  expect((await call(admin, 'POST', `/api/v1/bases/${slug}/invitations`, { email: person.email, role })).statusCode).toBe(204);
  const [invitation] = (await call(person, 'GET', '/api/v1/me/invitations')).json();
  expect((await call(person, 'POST', `/api/v1/invitations/${invitation.id}/accept`)).statusCode).toBe(200);
}

describe('creating and editing bases', () => {
  it('creates a base with a slug from its name; the creator is its administrator', async () => {
    const admin = await signUp(t.app);
    const res = await call(admin, 'POST', '/api/v1/bases', baseInput());
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      slug: 'mediatheque-de-saint-etienne',
      name: 'Médiathèque de Saint-Étienne',
      memberCount: 1,
      viewer: { role: 'admin' },
    });
    // A second base with the same name gets the next free address.
    const again = await call(admin, 'POST', '/api/v1/bases', baseInput());
    expect(again.json().slug).toBe('mediatheque-de-saint-etienne-2');
    const taken = await call(admin, 'POST', '/api/v1/bases', baseInput({ slug: 'mediatheque-de-saint-etienne' }));
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatchObject({ code: 'slug_taken', details: { fields: [{ path: 'slug' }] } });
    const anonymous = await call(null, 'POST', '/api/v1/bases', baseInput());
    expect(anonymous.statusCode).toBe(401);
  });

  it('validates input in French', async () => {
    const admin = await signUp(t.app);
    const res = await call(
      admin,
      'POST',
      '/api/v1/bases',
      baseInput({ name: 'x', slug: 'Pas Bon', departement: '99', contactEmail: 'non' }),
    );
    expect(res.statusCode).toBe(400);
    const paths = res
      .json()
      .error.details.fields.map((f: { path: string }) => f.path)
      .sort();
    expect(paths).toEqual(['contactEmail', 'departement', 'name', 'slug']);
  });

  it('hides the contact address unless public or asked by a member', async () => {
    const admin = await signUp(t.app);
    const other = await signUp(t.app);
    const slug = await createBase(admin, { name: 'Espace France Services Vierzon' });
    expect((await call(other, 'GET', `/api/v1/bases/${slug}`)).json().contactEmail).toBeNull();
    expect((await call(admin, 'GET', `/api/v1/bases/${slug}`)).json().contactEmail).toBe('numerique@mediatheque.example');
    await call(admin, 'PUT', `/api/v1/bases/${slug}`, {
      ...baseInput({ name: 'Espace France Services Vierzon' }),
      contactEmailPublic: true,
    });
    expect((await call(null, 'GET', `/api/v1/bases/${slug}`)).json().contactEmail).toBe('numerique@mediatheque.example');
  });

  it('soft-deletes: the base disappears but its address stays reserved', async () => {
    const admin = await signUp(t.app);
    const slug = await createBase(admin, { name: 'Base éphémère' });
    expect((await call(admin, 'DELETE', `/api/v1/bases/${slug}`)).statusCode).toBe(204);
    expect((await call(admin, 'GET', `/api/v1/bases/${slug}`)).statusCode).toBe(404);
    const row = await t.db.selectFrom('bases').select(['deleted_at']).where('slug', '=', slug).executeTakeFirstOrThrow();
    expect(row.deleted_at).toBeInstanceOf(Date);
    const again = await call(admin, 'POST', '/api/v1/bases', baseInput({ name: 'Base éphémère' }));
    expect(again.json().slug).toBe(`${slug}-2`);
  });
});

describe('authorization matrix', () => {
  let admin: Agent;
  let contributor: Agent;
  let outsider: Agent;
  let slug: string;
  beforeAll(async () => {
    admin = await signUp(t.app);
    contributor = await signUp(t.app);
    outsider = await signUp(t.app);
    slug = await createBase(admin, { name: 'Réseau privé des conseillers', isPublic: false });
    await addMember(admin, slug, contributor, 'contributor');
  });

  it.each<[string, () => Agent | null, number]>([
    ['anonymous', () => null, 404],
    ['outsider', () => outsider, 404],
    ['contributor', () => contributor, 200],
    ['administrator', () => admin, 200],
  ])('reading a private base as %s → %i', async (_who, agent, status) => {
    expect((await call(agent(), 'GET', `/api/v1/bases/${slug}`)).statusCode).toBe(status);
    expect((await call(agent(), 'GET', `/api/v1/bases/${slug}/members`)).statusCode).toBe(status);
  });

  it.each<[string, () => Agent | null, number]>([
    ['anonymous', () => null, 401],
    ['outsider', () => outsider, 404],
    ['contributor', () => contributor, 403],
    ['administrator', () => admin, 200],
  ])('editing as %s → %i', async (_who, agent, status) => {
    const res = await call(
      agent(),
      'PUT',
      `/api/v1/bases/${slug}`,
      baseInput({ name: 'Réseau privé des conseillers', isPublic: false }),
    );
    expect(res.statusCode).toBe(status);
  });

  it.each<[string, () => Agent | null, number]>([
    ['anonymous', () => null, 401],
    ['outsider', () => outsider, 404],
    ['contributor', () => contributor, 403],
  ])('managing members as %s → %i', async (_who, agent, status) => {
    expect(
      (await call(agent(), 'POST', `/api/v1/bases/${slug}/invitations`, { email: 'x@exemple.fr', role: 'admin' })).statusCode,
    ).toBe(status);
    expect(
      (await call(agent(), 'PUT', `/api/v1/bases/${slug}/members/${admin.userId}/role`, { role: 'contributor' })).statusCode,
    ).toBe(status);
    expect((await call(agent(), 'DELETE', `/api/v1/bases/${slug}/members/${admin.userId}`)).statusCode).toBe(status);
    expect((await call(agent(), 'DELETE', `/api/v1/bases/${slug}`)).statusCode).toBe(status);
  });

  it('lists public bases to everyone', async () => {
    const publicSlug = await createBase(admin, { name: 'Base ouverte à tous' });
    const list = (await call(null, 'GET', '/api/v1/bases?pageSize=100')).json();
    expect(list.items.map((b: { slug: string }) => b.slug)).toContain(publicSlug);
    expect(list.items.find((b: { slug: string }) => b.slug === publicSlug)).toMatchObject({
      name: 'Base ouverte à tous',
      memberCount: 1,
      isPublic: true,
    });
  });

  it('never lists a private base to outsiders, and lists it in its members’ bases', async () => {
    const publicList = (await call(outsider, 'GET', '/api/v1/bases?pageSize=100'))
      .json()
      .items.map((b: { slug: string }) => b.slug);
    expect(publicList).not.toContain(slug);
    const mine = (await call(contributor, 'GET', '/api/v1/me/bases')).json();
    expect(mine).toContainEqual(expect.objectContaining({ slug, role: 'contributor' }));
  });
});

describe('members, invitations and join requests', () => {
  it('invites someone without an account: the invitation waits for their sign-up', async () => {
    const admin = await signUp(t.app);
    const slug = await createBase(admin, { name: 'Fablab de Quimper' });
    const email = `future.${Date.now()}@exemple.fr`;
    expect((await call(admin, 'POST', `/api/v1/bases/${slug}/invitations`, { email, role: 'contributor' })).statusCode).toBe(204);
    // Mails go through the job queue (ADR 014); the test runs it.
    await t.app.jobs.runPending();
    const sent = t.mails.filter((m) => m.to === email);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ subject: 'Invitation à rejoindre la base « Fablab de Quimper » sur Malle' });
    expect(sent[0]!.text).toContain('Créez votre compte');
    expect((await call(admin, 'GET', `/api/v1/bases/${slug}/invitations`)).json()).toHaveLength(1);

    const newcomer = await signUp(t.app, { email });
    const invitations = (await call(newcomer, 'GET', '/api/v1/me/invitations')).json();
    expect(invitations).toEqual([expect.objectContaining({ base: { slug, name: 'Fablab de Quimper' }, role: 'contributor' })]);
    // Nobody else can answer it.
    const other = await signUp(t.app);
    expect((await call(other, 'POST', `/api/v1/invitations/${invitations[0].id}/accept`)).statusCode).toBe(404);

    const accepted = await call(newcomer, 'POST', `/api/v1/invitations/${invitations[0].id}/accept`);
    expect(accepted.json()).toEqual({ baseSlug: slug });
    expect((await call(newcomer, 'GET', `/api/v1/bases/${slug}`)).json().viewer.role).toBe('contributor');
    const twice = await call(newcomer, 'POST', `/api/v1/invitations/${invitations[0].id}/decline`);
    expect(twice.statusCode).toBe(409);
    const already = await call(admin, 'POST', `/api/v1/bases/${slug}/invitations`, { email, role: 'admin' });
    expect(already.json().error.code).toBe('already_member');
  });

  it('a declined invitation adds nobody; a revoked one cannot be accepted', async () => {
    const admin = await signUp(t.app);
    const person = await signUp(t.app);
    const slug = await createBase(admin, { name: 'Centre social des Minguettes' });
    await call(admin, 'POST', `/api/v1/bases/${slug}/invitations`, { email: person.email, role: 'contributor' });
    const [first] = (await call(person, 'GET', '/api/v1/me/invitations')).json();
    await call(person, 'POST', `/api/v1/invitations/${first.id}/decline`);
    expect((await call(person, 'GET', `/api/v1/bases/${slug}`)).json().viewer.role).toBeNull();

    await call(admin, 'POST', `/api/v1/bases/${slug}/invitations`, { email: person.email, role: 'contributor' });
    const [second] = (await call(person, 'GET', '/api/v1/me/invitations')).json();
    expect((await call(admin, 'DELETE', `/api/v1/bases/${slug}/invitations/${second.id}`)).statusCode).toBe(204);
    expect((await call(person, 'POST', `/api/v1/invitations/${second.id}/accept`)).statusCode).toBe(409);
  });

  it('always keeps at least one administrator', async () => {
    const admin = await signUp(t.app);
    const second = await signUp(t.app);
    const slug = await createBase(admin, { name: 'Réseau des aidants du Cantal' });
    const demote = await call(admin, 'PUT', `/api/v1/bases/${slug}/members/${admin.userId}/role`, { role: 'contributor' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error.code).toBe('last_admin');
    expect((await call(admin, 'DELETE', `/api/v1/bases/${slug}/members/${admin.userId}`)).json().error.code).toBe('last_admin');

    await addMember(admin, slug, second, 'contributor');
    expect((await call(admin, 'PUT', `/api/v1/bases/${slug}/members/${second.userId}/role`, { role: 'admin' })).statusCode).toBe(
      204,
    );
    // Two administrators demoting each other at once: one wins; the other, no longer an
    // administrator once it gets the lock, is refused. The base keeps an administrator.
    const results = await Promise.all([
      call(admin, 'PUT', `/api/v1/bases/${slug}/members/${second.userId}/role`, { role: 'contributor' }),
      call(second, 'PUT', `/api/v1/bases/${slug}/members/${admin.userId}/role`, { role: 'contributor' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([204, 403]);
    const members = (await call(admin, 'GET', `/api/v1/bases/${slug}/members`)).json();
    expect(members.filter((m: { role: string }) => m.role === 'admin')).toHaveLength(1);
  });

  it('lets a contributor leave, and an administrator remove someone', async () => {
    const admin = await signUp(t.app);
    const a = await signUp(t.app);
    const b = await signUp(t.app);
    const slug = await createBase(admin, { name: 'PIMMS de Lyon' });
    await addMember(admin, slug, a, 'contributor');
    await addMember(admin, slug, b, 'contributor');
    expect((await call(a, 'DELETE', `/api/v1/bases/${slug}/members/${b.userId}`)).statusCode).toBe(403);
    expect((await call(a, 'DELETE', `/api/v1/bases/${slug}/members/${a.userId}`)).statusCode).toBe(204);
    expect((await call(admin, 'DELETE', `/api/v1/bases/${slug}/members/${b.userId}`)).statusCode).toBe(204);
    expect((await call(admin, 'GET', `/api/v1/bases/${slug}`)).json().memberCount).toBe(1);
  });

  it('handles requests to join a public base', async () => {
    const admin = await signUp(t.app);
    const person = await signUp(t.app);
    const slug = await createBase(admin, { name: 'Hub numérique Bretagne' });
    expect(
      (await call(person, 'POST', `/api/v1/bases/${slug}/join-requests`, { message: 'Je suis conseillère à Brest.' })).statusCode,
    ).toBe(204);
    expect((await call(person, 'GET', `/api/v1/bases/${slug}`)).json().viewer.pendingJoinRequest).toBe(true);
    expect((await call(person, 'GET', `/api/v1/bases/${slug}/join-requests`)).statusCode).toBe(403);
    const requests = (await call(admin, 'GET', `/api/v1/bases/${slug}/join-requests`)).json();
    expect(requests).toEqual([expect.objectContaining({ userId: person.userId, message: 'Je suis conseillère à Brest.' })]);
    expect((await call(admin, 'POST', `/api/v1/bases/${slug}/join-requests/${requests[0].id}/accept`)).statusCode).toBe(204);
    expect((await call(person, 'GET', `/api/v1/bases/${slug}`)).json().viewer).toMatchObject({
      role: 'contributor',
      pendingJoinRequest: false,
    });
    expect((await call(admin, 'POST', `/api/v1/bases/${slug}/join-requests/${requests[0].id}/decline`)).statusCode).toBe(409);
    expect((await call(person, 'POST', `/api/v1/bases/${slug}/join-requests`, { message: '' })).json().error.code).toBe(
      'already_member',
    );

    const privateSlug = await createBase(admin, { name: 'Équipe interne', isPublic: false });
    expect((await call(person, 'POST', `/api/v1/bases/${privateSlug}/join-requests`, { message: '' })).statusCode).toBe(404);
  });

  it('follows and unfollows public bases only', async () => {
    const admin = await signUp(t.app);
    const fan = await signUp(t.app);
    const slug = await createBase(admin, { name: 'Les Bons Clics Nantes' });
    expect((await call(fan, 'PUT', `/api/v1/bases/${slug}/follow`)).statusCode).toBe(204);
    expect((await call(fan, 'PUT', `/api/v1/bases/${slug}/follow`)).statusCode).toBe(204);
    expect((await call(fan, 'GET', `/api/v1/bases/${slug}`)).json()).toMatchObject({
      followerCount: 1,
      viewer: { following: true },
    });
    expect((await call(fan, 'DELETE', `/api/v1/bases/${slug}/follow`)).statusCode).toBe(204);
    expect((await call(fan, 'GET', `/api/v1/bases/${slug}`)).json()).toMatchObject({
      followerCount: 0,
      viewer: { following: false },
    });
    const privateSlug = await createBase(admin, { name: 'Équipe secrète', isPublic: false });
    expect((await call(fan, 'PUT', `/api/v1/bases/${privateSlug}/follow`)).statusCode).toBe(404);
  });
});
