import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSearch } from '../../lib/search.ts';
import { makePptx } from '../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { signUp, type Agent } from '../../test/session-client.ts';
import { INDEXES } from './documents.ts';
import { createSearchRelay } from './relay.ts';
import { indexOf, rebuild, reconcile } from './sync.ts';

// The relay is driven by hand (drain) so that every test knows when search is in sync; one test
// runs the real loop.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ SEARCH_RELAY: 'false' });
});
afterAll(() => t.close());

const search = () => createSearch(t.config.meili);
const sync = () => t.app.searchRelay.drain();
const p = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const doc = (...content: unknown[]) => ({ type: 'doc', content });
const quiz = {
  type: 'quiz',
  attrs: {
    questions: [
      {
        id: 'q1',
        prompt: 'Un message urgent est-il suspect ?',
        choices: [
          { id: 'a', text: 'Oui', correct: true },
          { id: 'b', text: 'Non', correct: false },
        ],
        explanation: 'L’urgence est un levier classique.',
      },
    ],
  },
};

function headers(agent: Agent | null) {
  return agent ? { cookie: agent.cookie, 'x-csrf-token': agent.csrf } : {};
}
async function call(agent: Agent | null, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
  return t.app.inject({ method, url, headers: headers(agent), ...(payload === undefined ? {} : { payload: payload as object }) });
}

async function find(agent: Agent | null, params: string) {
  const res = await call(agent, 'GET', `/api/v1/search?${params}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function createBase(admin: Agent, name: string, isPublic = true): Promise<string> {
  const res = await call(admin, 'POST', '/api/v1/bases', {
    name,
    description: `La base ${name}`,
    departement: null,
    contactEmail: null,
    contactEmailPublic: false,
    isPublic,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().slug;
}

async function addMember(admin: Agent, slug: string, person: Agent) {
  await call(admin, 'POST', `/api/v1/bases/${slug}/invitations`, { email: person.email, role: 'contributor' });
  const [inv] = (await call(person, 'GET', '/api/v1/me/invitations')).json();
  expect((await call(person, 'POST', `/api/v1/invitations/${inv.id}/accept`)).statusCode).toBeLessThan(300);
}

interface SheetSpec {
  title: string;
  summary?: string;
  body?: unknown;
  themes?: string[];
  audiences?: string[];
  visibility?: 'public' | 'private' | 'secret_link';
}

async function publish(agent: Agent, baseSlug: string | null, spec: SheetSpec): Promise<string> {
  const created = await call(agent, 'POST', '/api/v1/sheets', { title: spec.title, baseSlug });
  expect(created.statusCode, created.body).toBe(201);
  const slug = created.json().slug;
  const draft = (await call(agent, 'GET', `/api/v1/sheets/${slug}/draft`)).json();
  const saved = await call(agent, 'PUT', `/api/v1/sheets/${slug}/draft`, {
    revision: draft.revision,
    title: spec.title,
    summary: spec.summary ?? '',
    body: spec.body ?? doc(p('Déroulé de l’atelier.')),
    indexing: {
      themes: spec.themes ?? ['risques-cyber'],
      resourceTypes: ['ressource-pedagogique'],
      sectors: ['aidants-mediateurs'],
      audiences: spec.audiences ?? [],
    },
    licence: 'etalab-2.0',
  });
  expect(saved.statusCode, saved.body).toBe(200);
  const pub = await call(agent, 'POST', `/api/v1/sheets/${slug}/publish`, {
    changeNote: 'Première version',
    visibility: spec.visibility ?? 'public',
  });
  expect(pub.statusCode, pub.body).toBe(201);
  return slug;
}

const slugsOf = (result: { hits: Array<{ slug?: string }> }) => result.hits.map((h) => h.slug);

let author: Agent;
let publicBase: string;
let phishing: string;
let taxes: string;
let mailbox: string;
beforeAll(async () => {
  author = await signUp(t.app, { displayName: 'Nadia Médiatrice' });
  publicBase = await createBase(author, 'Espace numérique de Lille');
  phishing = await publish(author, publicBase, {
    title: 'Reconnaître un mail d’hameçonnage',
    summary: 'Un atelier pour repérer les arnaques par courriel.',
    body: doc(p('Les escrocs imitent les banques et la CAF.'), quiz),
    themes: ['risques-cyber'],
    audiences: ['seniors'],
  });
  taxes = await publish(author, publicBase, {
    title: 'Faire ses démarches en ligne sur le site des impôts',
    summary: 'Déclarer ses revenus pas à pas.',
    themes: ['demarches-administratives'],
    audiences: ['adultes'],
  });
  mailbox = await publish(author, publicBase, {
    title: 'Créer son adresse électronique',
    summary: 'Ouvrir une boîte de messagerie et envoyer un premier message.',
    themes: ['maitrise-outils'],
    audiences: ['seniors'],
  });
  await sync();
});

describe('relevance', () => {
  it('finds through a typo, without accents, and through synonyms of the field', async () => {
    expect(slugsOf(await find(null, 'type=sheets&q=hamecconnage'))).toContain(phishing);
    expect(slugsOf(await find(null, 'type=sheets&q=demarches%20impots'))).toContain(taxes);
    expect(slugsOf(await find(null, 'type=sheets&q=phishing'))).toContain(phishing);
    expect(slugsOf(await find(null, 'type=sheets&q=d%C3%A9mat'))).toContain(taxes);
    // "e-mail" ↔ "mail" ↔ "courriel"
    expect(slugsOf(await find(null, 'type=sheets&q=e-mail'))).toContain(phishing);
  });

  it('ranks a title match above a body match, and shows escaped highlights with a body snippet', async () => {
    const result = await find(null, 'type=sheets&q=banques');
    const hit = result.hits.find((h: { slug: string }) => h.slug === phishing);
    expect(hit.snippet).toContain('<mark>banques</mark>');
    const ranked = await find(null, 'type=sheets&q=message');
    expect(ranked.hits[0].slug).toBe(mailbox);
  });

  it('escapes HTML in titles before highlighting', async () => {
    await publish(author, publicBase, { title: 'Atelier <img src=x onerror=alert(1)> tablette', themes: ['jeux-video'] });
    await sync();
    const result = await find(null, 'type=sheets&q=tablette');
    expect(result.hits[0].title).toBe('Atelier &lt;img src=x onerror=alert(1)&gt; <mark>tablette</mark>');
  });
});

describe('facets', () => {
  it('counts every value, OR within a facet and AND across facets', async () => {
    const all = await find(null, 'type=sheets');
    const facet = (r: { facets: Array<{ key: string; values: Array<{ value: string; count: number }> }> }, key: string) =>
      Object.fromEntries(r.facets.find((f) => f.key === key)!.values.map((v) => [v.value, v.count]));
    expect(facet(all, 'audiences')).toMatchObject({ seniors: 2, adultes: 1 });
    expect(facet(all, 'hasQuiz')).toEqual({ true: 1 });

    const seniors = await find(null, 'type=sheets&audiences=seniors');
    expect(seniors.total).toBe(2);
    // The selected facet keeps the counts of its other values (disjunctive), others narrow.
    expect(facet(seniors, 'audiences')).toMatchObject({ seniors: 2, adultes: 1 });
    expect(facet(seniors, 'themes')).toEqual({ 'risques-cyber': 1, 'maitrise-outils': 1 });

    const either = await find(null, 'type=sheets&audiences=seniors&audiences=adultes');
    expect(either.total).toBe(3);
    const both = await find(null, 'type=sheets&audiences=seniors&themes=maitrise-outils');
    expect(slugsOf(both)).toEqual([mailbox]);
    const group = await find(null, 'type=sheets&themeGroups=inclusion-numerique');
    expect(group.total).toBe(3);
  });

  it('refuses unknown filter values with a French message', async () => {
    const res = await call(null, 'GET', '/api/v1/search?type=sheets&themes=inconnu');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    expect((await call(null, 'GET', '/api/v1/search?type=tout')).statusCode).toBe(400);
  });

  it('gives per-type totals for a search everywhere, and logs the query', async () => {
    const result = await find(author, 'type=all&q=lille');
    expect(result.totals.bases).toBe(1);
    expect(result.hits.some((h: { type: string }) => h.type === 'base')).toBe(true);
    // Logged after the answer is sent.
    let logged: Array<{ user_id: string | null; type: string; total: number }> = [];
    for (let i = 0; i < 50 && !logged.length; i++) {
      await new Promise((r) => setTimeout(r, 20));
      logged = await t.db.selectFrom('search_queries').selectAll().where('q', '=', 'lille').execute();
    }
    expect(logged[0]).toMatchObject({ user_id: author.userId, type: 'all', total: result.total });
  });
});

describe('privacy', () => {
  it('hides what was narrowed at once, before the relay has applied it (ADR 014)', async () => {
    const owner = await signUp(t.app);
    const helper = await signUp(t.app);
    const madePrivate = await publish(owner, null, { title: 'Protéger sa messagerie kiwano' });
    const deleted = await publish(owner, null, { title: 'Sauvegarder son téléphone kiwano' });
    const shared = await publish(owner, null, { title: 'Trier ses courriels kiwano', visibility: 'private' });
    expect((await call(owner, 'POST', `/api/v1/sheets/${shared}/contributors`, { email: helper.email })).statusCode).toBe(204);
    await sync();
    expect((await find(null, 'type=sheets&q=kiwano')).total).toBe(2);
    expect(slugsOf(await find(helper, 'type=sheets&q=kiwano')).sort()).toEqual([madePrivate, deleted, shared].sort());

    // Nothing is applied to Meilisearch from here on: the relay does not run in this file.
    await call(owner, 'PUT', `/api/v1/sheets/${madePrivate}/visibility`, { visibility: 'private' });
    await call(owner, 'DELETE', `/api/v1/sheets/${deleted}`);
    await call(owner, 'DELETE', `/api/v1/sheets/${shared}/contributors/${helper.userId}`);
    expect((await t.db.selectFrom('search_outbox').selectAll().execute()).length).toBeGreaterThan(0);

    const anonymous = await find(null, 'type=sheets&q=kiwano');
    expect(anonymous.total).toBe(0);
    expect(anonymous.hits).toEqual([]);
    expect(
      anonymous.facets
        .flatMap((f: { values: Array<{ count: number }> }) => f.values)
        .every((v: { count: number }) => v.count === 0),
    ).toBe(true);
    expect((await find(null, 'q=kiwano')).totals.sheets).toBe(0);
    expect((await find(helper, 'type=sheets&q=kiwano')).total).toBe(0);
    // Their owner still finds the two that exist.
    expect(slugsOf(await find(owner, 'type=sheets&q=kiwano')).sort()).toEqual([madePrivate, shared].sort());
    const suggestions = await call(null, 'GET', '/api/v1/search/suggestions?q=kiwano');
    expect(suggestions.json().suggestions).toEqual([]);
    await sync();
  });

  it('shows a private sheet to members only: hits, snippets, facet counts and totals', async () => {
    const owner = await signUp(t.app);
    const member = await signUp(t.app);
    const outsider = await signUp(t.app);
    const secretBase = await createBase(owner, 'Cellule confidentielle', false);
    await addMember(owner, secretBase, member);
    await publish(owner, secretBase, {
      title: 'Protocole xylophone interne',
      themes: ['education-medias'],
      visibility: 'private',
    });
    await publish(owner, null, {
      title: 'Brouillon xylophone personnel',
      themes: ['education-medias'],
      visibility: 'secret_link',
    });
    await sync();

    for (const viewer of [null, outsider, author]) {
      const result = await find(viewer, 'type=sheets&q=xylophone');
      expect(result.total).toBe(0);
      expect(result.hits).toEqual([]);
      const counts = await find(viewer, 'type=sheets&themes=education-medias');
      expect(counts.total).toBe(0);
      // The theme's count ignores its own selection (disjunctive) and still counts nothing hidden.
      const themes = counts.facets.find((f: { key: string }) => f.key === 'themes').values;
      expect(themes.find((v: { value: string }) => v.value === 'education-medias')).toMatchObject({ count: 0, selected: true });
      const everywhere = await find(viewer, 'type=all&q=confidentielle');
      expect(everywhere.totals).toEqual({ sheets: 0, bases: 0, collections: 0, profiles: 0 });
    }
    const seen = await find(member, 'type=sheets&q=xylophone');
    expect(slugsOf(seen)).toEqual(['protocole-xylophone-interne']);
    expect(seen.hits[0].access).toBe('restricted');
    expect((await find(member, 'type=bases&q=confidentielle')).total).toBe(1);
    // The secret-link sheet is found by its owner only.
    expect((await find(owner, 'type=sheets&q=xylophone')).total).toBe(2);

    // Leaving the base takes effect at once: access is decided at query time, not in the index.
    expect((await call(member, 'DELETE', `/api/v1/bases/${secretBase}/members/${member.userId}`)).statusCode).toBeLessThan(300);
    expect((await find(member, 'type=sheets&q=xylophone')).total).toBe(0);
  });

  it('follows visibility changes, base privacy and private profiles', async () => {
    const owner = await signUp(t.app, { displayName: 'Zéphyrin Quintal' });
    const base = await createBase(owner, 'Atelier du zéphyr');
    const slug = await publish(owner, base, { title: 'Jouer au zéphyr numérique' });
    await sync();
    expect((await find(null, 'type=sheets&q=zephyr')).total).toBe(1);

    await call(owner, 'PUT', `/api/v1/sheets/${slug}/visibility`, { visibility: 'private' });
    await sync();
    expect((await find(null, 'type=sheets&q=zephyr')).total).toBe(0);
    expect((await find(owner, 'type=sheets&q=zephyr')).total).toBe(1);

    await call(owner, 'PUT', `/api/v1/sheets/${slug}/visibility`, { visibility: 'public' });
    const settings = await call(owner, 'PUT', `/api/v1/bases/${base}`, {
      name: 'Atelier du zéphyr',
      description: '',
      departement: null,
      contactEmail: null,
      contactEmailPublic: false,
      isPublic: false,
    });
    expect(settings.statusCode, settings.body).toBeLessThan(300);
    await sync();
    expect((await find(null, 'type=all&q=zephyr')).totals).toMatchObject({ sheets: 0, bases: 0 });

    // Profiles are private until their owner makes them public.
    expect((await find(null, 'type=profiles&q=quintal')).total).toBe(0);
    expect((await find(owner, 'type=profiles&q=quintal')).total).toBe(1);
    await call(owner, 'PUT', '/api/v1/me/profile', {
      displayName: 'Zéphyrin Quintal',
      bio: '',
      departement: null,
      profilePublic: true,
    });
    await sync();
    expect((await find(null, 'type=profiles&q=quintal')).total).toBe(1);

    await call(owner, 'DELETE', `/api/v1/bases/${base}`);
    await sync();
    expect((await find(owner, 'type=all&q=zephyr')).totals).toMatchObject({ sheets: 0, bases: 0 });
  });
});

describe('outbox', () => {
  it('records events in the write transaction and applies them once Meilisearch finished', async () => {
    const slug = await publish(author, publicBase, { title: 'Sauvegarder ses photos sur une clé' });
    const events = await t.db.selectFrom('search_outbox').selectAll().execute();
    // Written by the triggers of the rows the publication changed (ADR 015), one or more per document.
    expect([...new Set(events.map((e) => `${e.index_name}`))].sort()).toEqual(['bases', 'sheets']);
    expect((await find(null, `type=sheets&q=photos`)).total).toBe(0);
    await sync();
    expect(slugsOf(await find(null, 'type=sheets&q=photos'))).toEqual([slug]);
    expect(await t.db.selectFrom('search_outbox').selectAll().execute()).toEqual([]);
  });

  it('loses nothing and keeps nothing stale when the relay dies mid-batch', async () => {
    const slug = await publish(author, publicBase, { title: 'Installer une application de covoiturage' });
    const crashing = createSearchRelay({
      db: t.db,
      search: search(),
      databaseUrl: t.config.database.url,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      afterApply: () => {
        throw new Error('killed');
      },
    });
    await expect(crashing.runOnce()).rejects.toThrow('killed');
    await crashing.stop();
    // Meilisearch got the documents, but the events survived the crash.
    expect((await t.db.selectFrom('search_outbox').selectAll().execute()).length).toBeGreaterThan(0);

    // Meanwhile the sheet goes private; the restarted relay must not resurrect the public state.
    await call(author, 'PUT', `/api/v1/sheets/${slug}/visibility`, { visibility: 'private' });
    const restarted = createSearchRelay({
      db: t.db,
      search: search(),
      databaseUrl: t.config.database.url,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    await restarted.drain();
    expect((await find(null, 'type=sheets&q=covoiturage')).total).toBe(0);
    expect((await find(author, 'type=sheets&q=covoiturage')).total).toBe(1);
    const { id } = (await call(author, 'GET', `/api/v1/sheets/${slug}`)).json();
    const indexed = await indexOf(search(), 'sheets').getDocument(id);
    expect(indexed.readers).toEqual([expect.stringMatching(/^base:/)]);
  });

  it('runs by itself in the API process: a publication becomes searchable within seconds', async () => {
    t.app.searchRelay.start();
    try {
      const started = Date.now();
      await publish(author, publicBase, { title: 'Utiliser un lecteur d’écran' });
      for (;;) {
        if ((await find(null, 'type=sheets&q=lecteur%20ecran')).total === 1) break;
        expect(Date.now() - started).toBeLessThan(5000);
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await t.app.searchRelay.stop();
    }
  });
});

describe('reconcile and rebuild', () => {
  it('puts back documents deleted behind the app’s back, fixes stale ones, removes strays', async () => {
    await sync();
    const index = indexOf(search(), 'sheets');
    const all = (await index.getDocuments({ limit: 1000 })).results;
    const [gone1, gone2, stale] = all;
    await index.deleteDocuments([gone1!.id, gone2!.id]).waitTask();
    // A document written from an older state, and one altered behind the app's back: whatever
    // else they claim, their content differs from the database's.
    await index.updateDocuments([{ id: stale!.id, title: 'Titre périmé' }]).waitTask();
    await index.addDocuments([{ ...stale!, id: 'fantome', slug: 'fantome' }]).waitTask();

    const report = await reconcile(t.db, search());
    expect(report.find((r) => r.index === 'sheets')).toMatchObject({ added: 2, updated: 1, removed: 1, inDatabase: all.length });
    const after = (await index.getDocuments({ limit: 1000 })).results;
    expect(after.map((d) => d.id).sort()).toEqual(all.map((d) => d.id).sort());
    expect(after.find((d) => d.id === stale!.id)?.title).toBe(stale!.title);
    expect((await reconcile(t.db, search())).every((r) => r.added + r.updated + r.removed === 0)).toBe(true);
  });

  it('rebuilds every index under another name and swaps it in', async () => {
    const before = await find(null, 'type=sheets&q=hameconnage');
    const report = await rebuild(t.db, search());
    expect(report.map((r) => r.index).sort()).toEqual(Object.keys(INDEXES).sort());
    const after = await find(null, 'type=sheets&q=hameconnage');
    expect(slugsOf(after)).toEqual(slugsOf(before));
    expect(await search().client.getIndexes({ limit: 100 })).toMatchObject({
      results: expect.not.arrayContaining([expect.objectContaining({ uid: expect.stringContaining('__rebuild') })]),
    });
  });
});

describe('files, ratings and collections in search', () => {
  it('searches the text of attachments once extracted, with a filter on their kind', async () => {
    const slug = await publish(author, publicBase, { title: 'Réunions à distance', summary: 'Atelier visioconférence.' });
    const deck = await makePptx(['Se connecter à Jitsi', 'Couper son micro']);
    const announced = await call(author, 'POST', `/api/v1/sheets/${slug}/uploads`, {
      name: 'diaporama.pptx',
      size: deck.length,
      purpose: 'attachment',
    });
    const sent = await t.app.inject({
      method: 'PUT',
      url: announced.json().uploadUrl,
      headers: { ...headers(author), 'content-type': 'application/octet-stream' },
      payload: deck,
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const draft = (await call(author, 'GET', `/api/v1/sheets/${slug}/draft`)).json();
    const body = doc(p('Déroulé.'), {
      type: 'attachment',
      attrs: { fileId: sent.json().file.id, role: 'diaporama', label: 'Diaporama' },
    });
    const saved = await call(author, 'PUT', `/api/v1/sheets/${slug}/draft`, {
      revision: draft.revision,
      title: draft.title,
      summary: draft.summary,
      body,
      indexing: draft.indexing,
      licence: draft.licence,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await call(author, 'POST', `/api/v1/sheets/${slug}/publish`, { changeNote: 'Diaporama' })).statusCode).toBe(201);
    await sync();
    expect(slugsOf(await find(null, 'type=sheets&q=jitsi'))).toEqual([]); // not extracted yet
    await t.app.jobs.runPending(); // extraction records the sheet in the outbox
    await sync();
    const result = await find(null, 'type=sheets&q=jitsi');
    expect(slugsOf(result)).toEqual([slug]);
    expect(result.hits[0].snippet).toContain('<mark>Jitsi</mark>');
    const byKind = await find(null, 'type=sheets&attachmentKinds=diaporama');
    expect(slugsOf(byKind)).toEqual([slug]);
  });

  it('sorts by Bayesian score once sheets have enough ratings, and filters by rating', async () => {
    const raters = await Promise.all([1, 2, 3].map(() => signUp(t.app)));
    for (const rater of raters) {
      const rated = await call(rater, 'PUT', `/api/v1/sheets/${mailbox}/ratings/mine`, {
        useful: 5,
        clear: 5,
        reliable: 4,
        usedInWorkshop: true,
        comment: '',
      });
      expect(rated.statusCode, rated.body).toBeLessThan(300);
    }
    await sync();
    const best = await find(null, 'type=sheets&sort=mieux-evaluees');
    expect(best.hits[0].slug).toBe(mailbox);
    expect(best.hits[0].rating).toMatchObject({ count: 3 });
    const fourPlus = await find(null, 'type=sheets&ratings=4');
    expect(slugsOf(fourPlus)).toEqual([mailbox]);
  });

  it('finds public collections, and private ones only for their owner', async () => {
    const open = await call(author, 'POST', '/api/v1/collections', { title: 'Parcours arnaques en ligne', visibility: 'public' });
    const closed = await call(author, 'POST', '/api/v1/collections', {
      title: 'Parcours arnaques (brouillon)',
      visibility: 'private',
    });
    expect(open.statusCode, open.body).toBe(201);
    expect(closed.statusCode).toBe(201);
    expect(
      (await call(author, 'POST', `/api/v1/collections/${open.json().id}/items`, { sheetSlug: phishing, note: '' })).statusCode,
    ).toBe(204);
    await sync();
    const visitor = await find(null, 'type=collections&q=arnaques');
    expect(visitor.hits.map((h: { id: string }) => h.id)).toEqual([open.json().id]);
    expect(visitor.hits[0]).toMatchObject({ type: 'collection', itemCount: 1, access: 'public' });
    expect(visitor.totals.collections).toBe(1);
    const owner = await find(author, 'type=collections&q=arnaques');
    expect(owner.totals.collections).toBe(2);
  });
});
