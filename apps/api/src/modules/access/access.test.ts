/**
 * One read rule, every form of it (ADR 015): over every combination of space (personal, public
 * base, base made private, deleted base), visibility (public, private, secret link), state
 * (published, draft, deleted), viewer (anonymous, owner and administrator, base member, sheet
 * contributor, outsider) and key (none, right, wrong), the TypeScript rule (from facts written
 * here, not read back), the SQL rule, the search index and the API's answer must agree.
 */
import type { Visibility } from '@malle/schema/sheets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSearch } from '../../lib/search.ts';
import { fixtures } from '../../test/api-fixtures.ts';
import { signUp, type Agent } from '../../test/session-client.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { viewerReaders } from './readers.ts';
import {
  ANONYMOUS,
  canEditCollection,
  canEditSheet,
  canFindCollection,
  canFindSheet,
  canReadBase,
  canReadCollection,
  canReadProfile,
  canReadSheet,
  type BaseFacts,
  type CollectionFacts,
  type SheetFacts,
  type Ties,
} from './rules.ts';
import { baseReadableBy, collectionEditableBy, collectionFindableBy, sheetEditableBy, sheetFindableBy } from './sql.ts';

let t: TestApp;
const s = fixtures(() => t.app);

type Space = 'personal' | 'public-base' | 'made-private' | 'deleted-base';
type State = 'published' | 'draft' | 'deleted';
type ViewerName = 'anonymous' | 'owner' | 'member' | 'contributor' | 'outsider';
const SPACES: Space[] = ['personal', 'public-base', 'made-private', 'deleted-base'];
const VISIBILITIES: Visibility[] = ['public', 'private', 'secret_link'];
const STATES: State[] = ['published', 'draft', 'deleted'];
const VIEWERS: ViewerName[] = ['anonymous', 'owner', 'member', 'contributor', 'outsider'];
const KEYS = ['none', 'right', 'wrong'] as const;

interface SheetCase {
  space: Space;
  visibility: Visibility;
  state: State;
  slug: string;
  id: string;
  token: string | null;
}
interface CollectionCase {
  space: Space;
  visibility: Visibility;
  favorites: boolean;
  id: string;
  token: string | null;
}

const people = {} as Record<Exclude<ViewerName, 'anonymous'>, Agent>;
const bases = {} as Record<Exclude<Space, 'personal'>, { slug: string; id: string }>;
const sheets: SheetCase[] = [];
const collections: CollectionCase[] = [];
let checks = 0;

beforeAll(async () => {
  t = await createTestApp({ SEARCH_RELAY: 'false' });
  for (const name of ['owner', 'member', 'contributor', 'outsider'] as const) people[name] = await signUp(t.app);
  const { owner, member, contributor } = people;
  for (const space of ['public-base', 'made-private', 'deleted-base'] as const) {
    const slug = await s.createBase(owner, `Base ${space}`);
    await s.addMember(owner, slug, member);
    const base = (await s.call(owner, 'GET', `/api/v1/bases/${slug}`)).json<{ id: string }>();
    bases[space] = { slug, id: base.id };
  }
  for (const space of SPACES) {
    const baseSlug = space === 'personal' ? null : bases[space].slug;
    for (const visibility of VISIBILITIES) {
      for (const state of STATES) {
        const slug = await s.draftSheet(owner, baseSlug, `Fiche ${space} ${visibility} ${state}`);
        if (state !== 'draft') {
          await s.saveDraft(owner, slug, { summary: 'Résumé.', indexing: { ...INDEXING } });
          await s.publish(owner, slug, visibility);
        } else if (visibility !== 'private') {
          expect((await s.call(owner, 'PUT', `/api/v1/sheets/${slug}/visibility`, { visibility })).statusCode).toBe(204);
        }
        expect(
          (await s.call(owner, 'POST', `/api/v1/sheets/${slug}/contributors`, { email: contributor.email })).statusCode,
        ).toBe(204);
        const row = await t.db
          .selectFrom('sheets')
          .select(['id', 'secret_token'])
          .where('slug', '=', slug)
          .executeTakeFirstOrThrow();
        if (state === 'deleted') expect((await s.call(owner, 'DELETE', `/api/v1/sheets/${slug}`)).statusCode).toBe(204);
        sheets.push({ space, visibility, state, slug, id: row.id, token: row.secret_token });
      }
    }
    for (const visibility of VISIBILITIES) {
      const res = await s.call(owner, 'POST', '/api/v1/collections', {
        title: `Collection ${space} ${visibility}`,
        description: '',
        visibility,
        baseSlug,
      });
      expect(res.statusCode, res.body).toBe(201);
      const { id } = res.json<{ id: string }>();
      const row = await t.db.selectFrom('collections').select('secret_token').where('id', '=', id).executeTakeFirstOrThrow();
      collections.push({ space, visibility, favorites: false, id, token: row.secret_token });
    }
  }
  await s.call(owner, 'GET', '/api/v1/me/collections');
  const favorites = await t.db
    .selectFrom('collections')
    .select('id')
    .where('owner_user_id', '=', people.owner.userId)
    .where('is_favorites', '=', true)
    .executeTakeFirstOrThrow();
  collections.push({ space: 'personal', visibility: 'private', favorites: true, id: favorites.id, token: null });

  // A base made private after its sheets were published public; a base deleted.
  const made = await s.call(owner, 'GET', `/api/v1/bases/${bases['made-private'].slug}`);
  const current = made.json<{ name: string; description: string; departement: string | null }>();
  const updated = await s.call(owner, 'PUT', `/api/v1/bases/${bases['made-private'].slug}`, {
    name: current.name,
    description: current.description,
    departement: current.departement,
    contactEmail: null,
    contactEmailPublic: false,
    isPublic: false,
  });
  expect(updated.statusCode, updated.body).toBe(200);
  expect((await s.call(owner, 'DELETE', `/api/v1/bases/${bases['deleted-base'].slug}`)).statusCode).toBe(204);
  await t.app.searchRelay.drain(60_000);
}, 240_000);
afterAll(async () => {
  console.log(`access matrix: ${checks} combinations checked`);
  await t?.close();
});

const INDEXING = {
  themes: ['risques-cyber'],
  resourceTypes: ['ressource-pedagogique'],
  sectors: ['aidants-mediateurs'],
};

/** The base of a space, as facts written from the scenario (not read from the database). */
function baseFacts(space: Space): BaseFacts | null {
  if (space === 'personal') return null;
  return { id: bases[space].id, isPublic: space !== 'made-private', deleted: space === 'deleted-base' };
}

function sheetFactsOf(c: SheetCase): SheetFacts {
  return {
    id: c.id,
    ownerUserId: c.space === 'personal' ? people.owner.userId : null,
    base: baseFacts(c.space),
    deleted: c.state === 'deleted',
    published: c.state !== 'draft',
    visibility: c.visibility,
    secretToken: c.token,
  };
}

function collectionFactsOf(c: CollectionCase): CollectionFacts {
  return {
    id: c.id,
    ownerUserId: c.space === 'personal' ? people.owner.userId : null,
    base: baseFacts(c.space),
    visibility: c.visibility,
    secretToken: c.token,
    isFavorites: c.favorites,
  };
}

/** The viewer's ties as the scenario made them: the owner administers every base, the member belongs to each. */
function tiesOf(viewer: ViewerName, space: Space): Ties {
  if (viewer === 'anonymous') return ANONYMOUS;
  const viewerId = people[viewer].userId;
  const inBase = space !== 'personal';
  return {
    viewerId,
    baseRole: inBase && viewer === 'owner' ? 'admin' : inBase && viewer === 'member' ? 'contributor' : null,
    contributor: viewer === 'contributor',
  };
}

const agentOf = (viewer: ViewerName) => (viewer === 'anonymous' ? null : people[viewer]);
const idOf = (viewer: ViewerName) => (viewer === 'anonymous' ? null : people[viewer].userId);

async function baseIdsOf(viewer: ViewerName): Promise<string[]> {
  const id = idOf(viewer);
  if (!id) return [];
  const rows = await t.db
    .selectFrom('base_members')
    .innerJoin('bases', 'bases.id', 'base_members.base_id')
    .select('bases.id')
    .where('base_members.user_id', '=', id)
    .where('bases.deleted_at', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

/** Ids the search index lets this viewer find among `ids`, with the readers filter every query uses. */
async function foundInIndex(index: string, viewer: ViewerName, ids: string[]): Promise<Set<string>> {
  const search = createSearch(t.config.meili);
  const tokens = viewerReaders(idOf(viewer), await baseIdsOf(viewer));
  const quote = (v: string) => `"${v}"`;
  const res = await search.client.index(search.indexName(index)).search('', {
    filter: [`readers IN [${tokens.map(quote).join(', ')}]`, `id IN [${ids.map(quote).join(', ')}]`],
    limit: 1000,
    attributesToRetrieve: ['id'],
  });
  return new Set(res.hits.map((h) => String(h.id)));
}

const keyFor = (key: (typeof KEYS)[number], token: string | null) =>
  key === 'none' ? undefined : key === 'right' ? (token ?? 'aucune-cle') : 'mauvaise-cle-0123456789';

describe('the sheet rules agree in TypeScript, SQL, search and the API', () => {
  it('on finding and editing', async () => {
    expect(sheets).toHaveLength(SPACES.length * VISIBILITIES.length * STATES.length);
    const ids = sheets.map((c) => c.id);
    for (const viewer of VIEWERS) {
      const rows = await t.db
        .selectFrom('sheets as s')
        .leftJoin('bases as sb', 'sb.id', 's.owner_base_id')
        .select(['s.id', sheetFindableBy(idOf(viewer)).as('findable'), sheetEditableBy(idOf(viewer)).as('editable')])
        .where('s.id', 'in', ids)
        .execute();
      const bySql = new Map(rows.map((r) => [r.id, r]));
      const inIndex = await foundInIndex('sheets', viewer, ids);
      for (const c of sheets) {
        const facts = sheetFactsOf(c);
        const ties = tiesOf(viewer, c.space);
        const what = `${viewer} / ${c.space} / ${c.visibility} / ${c.state}`;
        const find = canFindSheet(facts, ties);
        expect({ what, sql: bySql.get(c.id)!.findable, index: inIndex.has(c.id) }).toEqual({ what, sql: find, index: find });
        expect({ what, edit: bySql.get(c.id)!.editable }).toEqual({ what, edit: canEditSheet(facts, ties) });
        checks += 2;
      }
    }
  });

  it('on reading, with and without a secret link’s key', async () => {
    for (const viewer of VIEWERS) {
      for (const c of sheets) {
        for (const key of KEYS) {
          const cle = keyFor(key, c.token);
          const url = `/api/v1/sheets/${c.slug}${cle ? `?cle=${encodeURIComponent(cle)}` : ''}`;
          const status = (await s.call(agentOf(viewer), 'GET', url)).statusCode;
          const rule = canReadSheet(sheetFactsOf(c), tiesOf(viewer, c.space), cle);
          const what = `${viewer} / ${c.space} / ${c.visibility} / ${c.state} / key ${key}`;
          expect({ what, status }).toEqual({ what, status: rule ? 200 : 404 });
          checks++;
        }
      }
    }
  });
});

describe('the collection, base and profile rules agree in TypeScript, SQL, search and the API', () => {
  it('on collections', async () => {
    const ids = collections.map((c) => c.id);
    for (const viewer of VIEWERS) {
      const a = { row: 'c', base: 'cb' };
      const rows = await t.db
        .selectFrom('collections as c')
        .leftJoin('bases as cb', 'cb.id', 'c.owner_base_id')
        .select([
          'c.id',
          collectionFindableBy(idOf(viewer), a).as('findable'),
          collectionEditableBy(idOf(viewer), a).as('editable'),
        ])
        .where('c.id', 'in', ids)
        .execute();
      const bySql = new Map(rows.map((r) => [r.id, r]));
      const inIndex = await foundInIndex('collections', viewer, ids);
      for (const c of collections) {
        const facts = collectionFactsOf(c);
        const ties = tiesOf(viewer, c.space);
        const what = `${viewer} / ${c.space} / ${c.visibility}${c.favorites ? ' / favoris' : ''}`;
        const find = canFindCollection(facts, ties);
        expect({ what, sql: bySql.get(c.id)!.findable, index: inIndex.has(c.id) }).toEqual({ what, sql: find, index: find });
        expect({ what, edit: bySql.get(c.id)!.editable }).toEqual({ what, edit: canEditCollection(facts, ties) });
        for (const key of KEYS) {
          const cle = keyFor(key, c.token);
          const status = (
            await s.call(agentOf(viewer), 'GET', `/api/v1/collections/${c.id}${cle ? `?cle=${encodeURIComponent(cle)}` : ''}`)
          ).statusCode;
          expect({ what: `${what} / key ${key}`, status }).toEqual({
            what: `${what} / key ${key}`,
            status: canReadCollection(facts, ties, cle) ? 200 : 404,
          });
          checks++;
        }
        checks += 2;
      }
    }
  });

  it('on bases and profiles', async () => {
    const spaces = ['public-base', 'made-private', 'deleted-base'] as const;
    const baseIds = spaces.map((sp) => bases[sp].id);
    await t.db.updateTable('users').set({ profile_public: true }).where('id', '=', people.member.userId).execute();
    await t.app.searchRelay.drain();
    for (const viewer of VIEWERS) {
      const rows = await t.db
        .selectFrom('bases as b')
        .select(['b.id', baseReadableBy(idOf(viewer)).as('readable')])
        .where('b.id', 'in', baseIds)
        .execute();
      const inIndex = await foundInIndex('bases', viewer, baseIds);
      for (const space of spaces) {
        const facts = baseFacts(space)!;
        const rule = canReadBase(facts, tiesOf(viewer, space));
        const status = (await s.call(agentOf(viewer), 'GET', `/api/v1/bases/${bases[space].slug}`)).statusCode;
        const what = `${viewer} / ${space}`;
        expect({ what, sql: rows.find((r) => r.id === facts.id)!.readable, index: inIndex.has(facts.id), status }).toEqual({
          what,
          sql: rule,
          index: rule,
          status: rule ? 200 : 404,
        });
        checks++;
      }
      const profileIds = [people.owner.userId, people.member.userId];
      const profilesFound = await foundInIndex('profiles', viewer, profileIds);
      for (const [id, isPublic] of [
        [people.owner.userId, false],
        [people.member.userId, true],
      ] as const) {
        const rule = canReadProfile({ id, isPublic }, idOf(viewer));
        const status = (await s.call(agentOf(viewer), 'GET', `/api/v1/profiles/${id}`)).statusCode;
        expect({ viewer, id, index: profilesFound.has(id), status }).toEqual({
          viewer,
          id,
          index: rule,
          status: rule ? 200 : 404,
        });
        checks++;
      }
    }
  });
});

describe('who may share a sheet (ADR 015)', () => {
  it('lets outside contributors edit but not choose readers, and lets them leave', async () => {
    const owner = await signUp(t.app);
    const helper = await signUp(t.app);
    const third = await signUp(t.app);
    const slug = await s.draftSheet(owner, null, 'Fiche personnelle partagée');
    expect((await s.call(owner, 'POST', `/api/v1/sheets/${slug}/contributors`, { email: helper.email })).statusCode).toBe(204);
    expect((await s.trySave(helper, slug, { summary: 'Modifié par le contributeur.' })).statusCode).toBe(200);
    const shown = (await s.call(helper, 'GET', `/api/v1/sheets/${slug}`)).json<{ viewer: Record<string, boolean> }>();
    expect(shown.viewer).toEqual({ canEdit: true, canShare: false, canManageContributors: false, canDelete: false });
    for (const visibility of ['public', 'secret_link'] as const) {
      const res = await s.call(helper, 'PUT', `/api/v1/sheets/${slug}/visibility`, { visibility });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
    expect((await s.call(helper, 'POST', `/api/v1/sheets/${slug}/contributors`, { email: third.email })).statusCode).toBe(403);
    await s.saveDraft(owner, slug, { indexing: INDEXING });
    expect((await s.call(helper, 'POST', `/api/v1/sheets/${slug}/publish`, { visibility: 'public' })).statusCode).toBe(403);
    expect((await s.call(helper, 'POST', `/api/v1/sheets/${slug}/publish`, { changeNote: 'Relu' })).statusCode).toBe(201);
    expect((await s.call(helper, 'DELETE', `/api/v1/sheets/${slug}/contributors/${helper.userId}`)).statusCode).toBe(204);
    expect((await s.call(helper, 'GET', `/api/v1/sheets/${slug}/draft`)).statusCode).toBe(404);
  });

  it('keeps secret links of a private base to its administrators', async () => {
    const admin = await signUp(t.app);
    const member = await signUp(t.app);
    const base = await s.createBase(admin, 'Équipe confidentielle', false);
    await s.addMember(admin, base, member);
    const slug = (await s.publishedSheet(admin, base, 'Procédure interne', 'private')).slug;
    const refused = await s.call(member, 'PUT', `/api/v1/sheets/${slug}/visibility`, { visibility: 'secret_link' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toContain('administrateurs');
    expect((await s.call(admin, 'PUT', `/api/v1/sheets/${slug}/visibility`, { visibility: 'secret_link' })).statusCode).toBe(204);
    // The member still edits it, but does not get the key to hand out.
    const asMember = (await s.call(member, 'GET', `/api/v1/sheets/${slug}`)).json<{ secretLinkToken: string | null }>();
    const asAdmin = (await s.call(admin, 'GET', `/api/v1/sheets/${slug}`)).json<{ secretLinkToken: string | null }>();
    expect(asMember.secretLinkToken).toBeNull();
    expect(asAdmin.secretLinkToken).toMatch(/^[\w-]{20,}$/);
    // In a public base, any member may share by secret link.
    const open = await s.createBase(admin, 'Équipe ouverte');
    await s.addMember(admin, open, member);
    const other = (await s.publishedSheet(admin, open, 'Atelier ouvert', 'private')).slug;
    expect((await s.call(member, 'PUT', `/api/v1/sheets/${other}/visibility`, { visibility: 'secret_link' })).statusCode).toBe(
      204,
    );
  });

  it('labels a sheet with what readers see in "Mes fiches": private once its base is', async () => {
    const admin = await signUp(t.app);
    const base = await s.createBase(admin, 'Base bientôt privée');
    const { slug } = await s.publishedSheet(admin, base, 'Fiche publique puis privée', 'public');
    const details = (await s.call(admin, 'GET', `/api/v1/bases/${base}`)).json<{ name: string; description: string }>();
    await s.call(admin, 'PUT', `/api/v1/bases/${base}`, {
      name: details.name,
      description: details.description,
      departement: null,
      contactEmail: null,
      contactEmailPublic: false,
      isPublic: false,
    });
    const mine = (await s.call(admin, 'GET', '/api/v1/me/sheets')).json<Array<{ slug: string; visibility: string }>>();
    expect(mine.find((m) => m.slug === slug)?.visibility).toBe('private');
  });
});
