import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { fixtures } from '../../test/api-fixtures.ts';
import { signUp, type Agent } from '../../test/session-client.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const p = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const question = (id: string, prompt: string, rightIsYes = true) => ({
  id,
  prompt,
  choices: [
    { id: 'a', text: 'Oui', correct: rightIsYes },
    { id: 'b', text: 'Non', correct: !rightIsYes },
  ],
  explanation: 'L’urgence est un levier classique des escrocs.',
});
const quiz = (...questions: unknown[]) => ({ type: 'quiz', attrs: { questions } });
const video = {
  type: 'video',
  attrs: { provider: 'youtube', videoId: 'dQw4w9WgXcQ', host: null, title: 'Reconnaître un faux site' },
};
const doc = (...content: unknown[]) => ({ type: 'doc', content });

const INDEXING = {
  themes: ['risques-cyber'],
  resourceTypes: ['ressource-pedagogique', 'questionnaire'],
  sectors: ['aidants-mediateurs'],
  audiences: ['seniors'],
};

const f = fixtures(() => t.app);
const { call, createBase, addMember, draftOf, saveDraft } = f;
const save = f.trySave;
const newSheet = (agent: Agent, baseSlug: string | null, title = 'Reconnaître un mail d’hameçonnage') =>
  f.draftSheet(agent, baseSlug, title);

async function publishedSheet(
  agent: Agent,
  baseSlug: string | null,
  visibility: 'public' | 'private' | 'secret_link' = 'public',
) {
  const slug = await newSheet(agent, baseSlug);
  expect(
    (
      await save(agent, slug, {
        summary: 'Un atelier d’une heure pour les seniors.',
        body: doc(p('Objectifs : repérer les arnaques.'), quiz(question('q1', 'Un courriel urgent est-il suspect ?'))),
        indexing: INDEXING,
      })
    ).statusCode,
  ).toBe(200);
  const pub = await call(agent, 'POST', `/api/v1/sheets/${slug}/publish`, { changeNote: 'Première version', visibility });
  expect(pub.statusCode, pub.body).toBe(201);
  return slug;
}

describe('drafts', () => {
  it('creates a draft in a base the person belongs to, or in their personal space', async () => {
    const author = await signUp(t.app);
    const base = await createBase(author, 'Médiathèque de Roubaix');
    const slug = await newSheet(author, base);
    expect(slug).toBe('reconnaitre-un-mail-d-hameconnage');
    const draft = await draftOf(author, slug);
    expect(draft).toMatchObject({ revision: 1, latestVersion: 0, licence: 'etalab-2.0', hasChanges: true });
    const personal = await newSheet(author, null);
    expect(personal).toBe('reconnaitre-un-mail-d-hameconnage-2');
    const outsider = await signUp(t.app);
    const refused = await call(outsider, 'POST', '/api/v1/sheets', { title: 'Intrus', baseSlug: base });
    expect(refused.statusCode).toBe(403);
  });

  it('saves with a revision and detects a conflicting save by someone else', async () => {
    const author = await signUp(t.app, { displayName: 'Inès Auteure' });
    const colleague = await signUp(t.app, { displayName: 'Hugo Collègue' });
    const base = await createBase(author, 'Espace numérique de Lens');
    await addMember(author, base, colleague);
    const slug = await newSheet(author, base);

    const first = await call(author, 'PUT', `/api/v1/sheets/${slug}/draft`, {
      revision: 1,
      title: 'Titre A',
      summary: '',
      body: doc(p('Version A')),
      indexing: {},
      licence: 'etalab-2.0',
    });
    expect(first.json()).toEqual({ revision: 2 });
    // Hugo opened the draft at revision 1 too, and saves after Inès.
    const late = await call(colleague, 'PUT', `/api/v1/sheets/${slug}/draft`, {
      revision: 1,
      title: 'Titre B',
      summary: '',
      body: doc(p('Version B')),
      indexing: {},
      licence: 'etalab-2.0',
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error).toMatchObject({
      code: 'draft_conflict',
      details: { currentRevision: 2, updatedBy: 'Inès Auteure' },
    });
    expect((await draftOf(author, slug)).title).toBe('Titre A');
  });

  it('refuses hostile documents with validation_failed and the path of the problem', async () => {
    const author = await signUp(t.app);
    const slug = await newSheet(author, null);
    const hostile = [
      doc({ type: 'script', content: [{ type: 'text', text: 'alert(1)' }] }),
      doc({ type: 'paragraph', attrs: { onclick: 'alert(1)' }, content: [{ type: 'text', text: 'x' }] }),
      doc({
        type: 'paragraph',
        content: [{ type: 'text', text: 'clic', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }],
      }),
      doc({ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'blink' }] }] }),
      doc({ type: 'video', attrs: { provider: 'evil', videoId: 'x', host: null, title: 'x' } }),
      doc(p('x'.repeat(250_000))),
    ];
    for (const body of hostile) {
      const res = await save(author, slug, { body });
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      expect(res.json().error.details.fields[0].path).toMatch(/^body/);
    }
    const draft = await draftOf(author, slug);
    expect(draft.revision).toBe(1); // nothing was saved
  });

  it('refuses unknown indexing terms and too many of them', async () => {
    const author = await signUp(t.app);
    const slug = await newSheet(author, null);
    const unknown = await save(author, slug, { indexing: { themes: ['astrologie'] } });
    expect(unknown.json().error.details.fields).toContainEqual({
      path: 'indexing.themes',
      message: 'Thématiques : terme inconnu.',
    });
    const many = await save(author, slug, {
      indexing: { themes: ['risques-cyber', 'donnees', 'parentalite', 'accessibilite', 'mobilites', 'jeux-video'] },
    });
    expect(many.json().error.details.fields[0]).toMatchObject({ path: 'indexing.themes' });
  });
});

describe('publication and versions', () => {
  it('publishes v1, refuses an identical republish, then v2 with a note; v1 stays readable', async () => {
    const author = await signUp(t.app, { displayName: 'Karim Auteur' });
    const slug = await newSheet(author, null);
    const incomplete = await call(author, 'POST', `/api/v1/sheets/${slug}/publish`, { changeNote: '' });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().error.details.fields.map((f: { path: string }) => f.path)).toEqual([
      'indexing.themes',
      'indexing.resourceTypes',
      'indexing.sectors',
    ]);

    await save(author, slug, { body: doc(p('Étape 1 : observer l’expéditeur.'), video), indexing: INDEXING });
    expect(
      (await call(author, 'POST', `/api/v1/sheets/${slug}/publish`, { changeNote: '', visibility: 'public' })).json(),
    ).toEqual({ version: 1 });
    const same = await call(author, 'POST', `/api/v1/sheets/${slug}/publish`, { changeNote: 'Rien' });
    expect(same.statusCode).toBe(409);
    expect(same.json().error).toMatchObject({
      code: 'nothing_changed',
      message: 'Rien n’a changé depuis la dernière version : il n’y a rien à publier.',
    });

    await save(author, slug, {
      body: doc(
        p('Étape 1 : observer l’adresse de l’expéditeur.'),
        video,
        quiz(question('q1', 'Un courriel urgent est-il suspect ?')),
      ),
    });
    expect(
      (await call(author, 'POST', `/api/v1/sheets/${slug}/publish`, { changeNote: 'Ajout d’un quiz sur le hameçonnage' })).json(),
    ).toEqual({ version: 2 });

    const reader = await signUp(t.app);
    const latest = (await call(reader, 'GET', `/api/v1/sheets/${slug}`)).json();
    expect(latest).toMatchObject({
      latestVersion: 2,
      visibility: 'public',
      viewer: { canEdit: false },
      version: { number: 2, changeNote: 'Ajout d’un quiz sur le hameçonnage', authorName: 'Karim Auteur' },
    });
    expect(latest.version.html).toContain('youtube-nocookie.com/embed/dQw4w9WgXcQ');
    expect(latest.version.html).toContain('Un courriel urgent est-il suspect ?');
    const v1 = (await call(reader, 'GET', `/api/v1/sheets/${slug}/versions/1`)).json();
    expect(v1.version.html).not.toContain('quiz');
    expect((await call(reader, 'GET', `/api/v1/sheets/${slug}/versions/3`)).statusCode).toBe(404);
    const history = (await call(reader, 'GET', `/api/v1/sheets/${slug}/versions`)).json();
    expect(history.map((v: { number: number; changeNote: string }) => [v.number, v.changeNote])).toEqual([
      [2, 'Ajout d’un quiz sur le hameçonnage'],
      [1, ''],
    ]);
  });

  it('keeps versions immutable even against a direct update', async () => {
    const author = await signUp(t.app);
    const slug = await publishedSheet(author, null);
    const sheet = await t.db.selectFrom('sheets').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
    await expect(sql`update sheet_versions set title = 'piraté' where sheet_id = ${sheet.id}`.execute(t.db)).rejects.toThrow(
      /immutable/,
    );
  });

  it('compares two versions: words in text blocks, quiz, indexing', async () => {
    const author = await signUp(t.app);
    const slug = await publishedSheet(author, null);
    await save(author, slug, {
      body: doc(
        p('Objectifs : repérer les arnaques par courriel.'),
        quiz(
          question('q1', 'Un courriel urgent est-il suspect ?', false),
          question('q2', 'Faut-il cliquer sur le lien ?', false),
        ),
      ),
      indexing: { ...INDEXING, audiences: ['seniors', 'tres-eloignes'] },
    });
    await call(author, 'POST', `/api/v1/sheets/${slug}/publish`, { changeNote: 'Deuxième question' });
    const diff = (await call(null, 'GET', `/api/v1/sheets/${slug}/diff?from=1&to=2`)).json();
    const changed = diff.blocks.find((b: { kind: string }) => b.kind === 'changed');
    expect(changed.parts).toEqual([
      { value: 'Objectifs : repérer les arnaques ' },
      { value: 'par courriel', added: true },
      { value: '.' },
    ]);
    expect(diff.quiz.added).toEqual(['Faut-il cliquer sur le lien ?']);
    expect(diff.quiz.changed).toEqual([
      {
        prompt: 'Un courriel urgent est-il suspect ?',
        changes: ['« Oui » est maintenant fausse', '« Non » est maintenant juste'],
      },
    ]);
    expect(diff.indexing).toEqual([
      { facet: 'audiences', label: 'Publics', added: ['Personnes très éloignées du numérique'], removed: [] },
    ]);
    expect(diff.title).toBeNull();
  });

  it('restores an old version into the draft, to publish it as a new version', async () => {
    const author = await signUp(t.app);
    const slug = await publishedSheet(author, null);
    await save(author, slug, { title: 'Titre changé', body: doc(p('Tout autre chose.')) });
    await call(author, 'POST', `/api/v1/sheets/${slug}/publish`, { changeNote: 'Refonte' });
    const restored = await call(author, 'POST', `/api/v1/sheets/${slug}/restore`, { version: 1 });
    expect(restored.statusCode).toBe(200);
    const draft = await draftOf(author, slug);
    expect(draft).toMatchObject({ title: 'Reconnaître un mail d’hameçonnage', hasChanges: true });
    expect(
      (await call(author, 'POST', `/api/v1/sheets/${slug}/publish`, { changeNote: 'Retour à la version 1' })).json(),
    ).toEqual({ version: 3 });
  });
});

describe('authorization matrix', () => {
  let admin: Agent;
  let contributor: Agent;
  let outsider: Agent;
  let base: string;
  let privateSheet: string;
  let draftOnly: string;
  beforeAll(async () => {
    admin = await signUp(t.app);
    contributor = await signUp(t.app);
    outsider = await signUp(t.app);
    base = await createBase(admin, 'Réseau des aidants du Nord');
    await addMember(admin, base, contributor);
    privateSheet = await publishedSheet(admin, base, 'private');
    draftOnly = await newSheet(admin, base, 'Brouillon en cours');
  });

  const who = () =>
    [
      ['anonymous', null],
      ['outsider', outsider],
      ['contributor', contributor],
      ['administrator', admin],
    ] as const;

  it('reading a private sheet and a draft', async () => {
    const expected = { anonymous: 404, outsider: 404, contributor: 200, administrator: 200 };
    for (const [name, agent] of who()) {
      expect((await call(agent, 'GET', `/api/v1/sheets/${privateSheet}`)).statusCode, name).toBe(expected[name]);
      expect((await call(agent, 'GET', `/api/v1/sheets/${privateSheet}/versions/1`)).statusCode, name).toBe(expected[name]);
      expect((await call(agent, 'GET', `/api/v1/sheets/${draftOnly}`)).statusCode, name).toBe(expected[name]);
    }
  });

  it('editing, publishing and restoring', async () => {
    const expected = { anonymous: 401, outsider: 404, contributor: 200, administrator: 200 };
    for (const [name, agent] of who()) {
      const draft = agent
        ? await call(agent, 'GET', `/api/v1/sheets/${privateSheet}/draft`)
        : await call(null, 'GET', `/api/v1/sheets/${privateSheet}/draft`);
      expect(draft.statusCode, name).toBe(expected[name]);
      const restore = await call(agent, 'POST', `/api/v1/sheets/${privateSheet}/restore`, { version: 1 });
      expect(restore.statusCode, name).toBe(expected[name]);
    }
    // Once public, outsiders can read but still not edit (403, since it exists for them).
    await call(admin, 'PUT', `/api/v1/sheets/${privateSheet}/visibility`, { visibility: 'public' });
    expect((await call(outsider, 'GET', `/api/v1/sheets/${privateSheet}`)).statusCode).toBe(200);
    expect((await call(outsider, 'GET', `/api/v1/sheets/${privateSheet}/draft`)).statusCode).toBe(403);
    expect((await call(outsider, 'POST', `/api/v1/sheets/${privateSheet}/publish`, { changeNote: '' })).statusCode).toBe(403);
    await call(admin, 'PUT', `/api/v1/sheets/${privateSheet}/visibility`, { visibility: 'private' });
  });

  it('a sheet in a private base is never public', async () => {
    const secretBase = await createBase(admin, 'Équipe interne du Nord', false);
    const slug = await newSheet(admin, secretBase);
    await save(admin, slug, { indexing: INDEXING });
    const pub = await call(admin, 'POST', `/api/v1/sheets/${slug}/publish`, { changeNote: '', visibility: 'public' });
    expect(pub.statusCode).toBe(400);
    expect(pub.json().error.details.fields).toEqual([
      { path: 'visibility', message: 'Une fiche d’une base privée ne peut pas être publique.' },
    ]);
    // A public sheet whose base becomes private is private from then on.
    const openSlug = await publishedSheet(admin, base, 'public');
    expect((await call(null, 'GET', `/api/v1/sheets/${openSlug}`)).statusCode).toBe(200);
    await call(admin, 'PUT', `/api/v1/bases/${base}`, {
      name: 'Réseau des aidants du Nord',
      description: '',
      departement: null,
      contactEmail: null,
      contactEmailPublic: false,
      isPublic: false,
    });
    expect((await call(null, 'GET', `/api/v1/sheets/${openSlug}`)).statusCode).toBe(404);
    await call(admin, 'PUT', `/api/v1/bases/${base}`, {
      name: 'Réseau des aidants du Nord',
      description: '',
      departement: null,
      contactEmail: null,
      contactEmailPublic: false,
      isPublic: true,
    });
  });

  it('lists a base’s published sheets: public ones for everyone, all of them for members', async () => {
    const publicOne = await publishedSheet(admin, base, 'public');
    const list = async (agent: Agent | null) =>
      (await call(agent, 'GET', `/api/v1/bases/${base}/sheets`)).json<Array<{ slug: string }>>().map((s) => s.slug);
    expect(await list(null)).toContain(publicOne);
    expect(await list(null)).not.toContain(privateSheet);
    expect(await list(null)).not.toContain(draftOnly);
    expect(await list(contributor)).toEqual(expect.arrayContaining([publicOne, privateSheet]));
    expect(await list(contributor)).not.toContain(draftOnly);

    // Unpublished edits stay with the editors: lists show the published title and summary.
    await saveDraft(admin, publicOne, { title: 'Titre pas encore publié', summary: 'Résumé en cours de réécriture' });
    const rows = async (agent: Agent | null) =>
      (await call(agent, 'GET', `/api/v1/bases/${base}/sheets`)).json<Array<{ slug: string; title: string; summary: string }>>();
    for (const agent of [null, contributor]) {
      const row = (await rows(agent)).find((s) => s.slug === publicOne)!;
      expect(row.title).not.toBe('Titre pas encore publié');
      expect(row.summary).not.toContain('en cours de réécriture');
    }
    const mine = (await call(admin, 'GET', '/api/v1/me/sheets')).json<Array<{ slug: string; title: string }>>();
    expect(mine.find((s) => s.slug === publicOne)!.title).toBe('Titre pas encore publié');
  });

  it('shares by secret link, and revokes it', async () => {
    const slug = await publishedSheet(admin, base, 'secret_link');
    const token = (await call(admin, 'GET', `/api/v1/sheets/${slug}`)).json().secretLinkToken as string;
    expect(token).toMatch(/^[\w-]{20,}$/);
    expect((await call(null, 'GET', `/api/v1/sheets/${slug}`)).statusCode).toBe(404);
    const withKey = await call(null, 'GET', `/api/v1/sheets/${slug}?cle=${token}`);
    expect(withKey.statusCode).toBe(200);
    expect(withKey.json().secretLinkToken).toBeNull();
    await call(admin, 'PUT', `/api/v1/sheets/${slug}/visibility`, { visibility: 'secret_link', regenerateLink: true });
    expect((await call(null, 'GET', `/api/v1/sheets/${slug}?cle=${token}`)).statusCode).toBe(404);
  });
});

describe('adapting a sheet', () => {
  it('copies a published version into another base, with attribution and a count on the original', async () => {
    const author = await signUp(t.app);
    const adapter = await signUp(t.app);
    const slug = await publishedSheet(author, null, 'public');
    const theirBase = await createBase(adapter, 'Centre social Lille Sud');
    const res = await call(adapter, 'POST', `/api/v1/sheets/${slug}/adapt`, { baseSlug: theirBase });
    expect(res.statusCode, res.body).toBe(201);
    const copy = (await call(adapter, 'GET', `/api/v1/sheets/${res.json().slug}`)).json();
    expect(copy).toMatchObject({
      latestVersion: 0,
      adaptedFrom: { slug, title: 'Reconnaître un mail d’hameçonnage', version: 1 },
      owner: { kind: 'base', slug: theirBase },
    });
    const draft = await draftOf(adapter, res.json().slug);
    expect(JSON.stringify(draft.body)).toContain('Objectifs : repérer les arnaques.');
    expect((await call(null, 'GET', `/api/v1/sheets/${slug}`)).json().adaptationCount).toBe(1);
    // Not into a base one does not belong to.
    const elsewhere = await call(adapter, 'POST', `/api/v1/sheets/${slug}/adapt`, {
      baseSlug: await createBase(author, 'Base de l’auteur'),
    });
    expect(elsewhere.statusCode).toBe(403);
  });

  it('is refused when the licence forbids derivatives, or when the sheet is not readable', async () => {
    const author = await signUp(t.app);
    const adapter = await signUp(t.app);
    const slug = await newSheet(author, null);
    await save(author, slug, { indexing: INDEXING, licence: 'tous-droits-reserves' });
    await call(author, 'POST', `/api/v1/sheets/${slug}/publish`, { changeNote: '', visibility: 'public' });
    const refused = await call(adapter, 'POST', `/api/v1/sheets/${slug}/adapt`, { baseSlug: null });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('adaptation_forbidden');
    const hidden = await publishedSheet(author, null, 'private');
    expect((await call(adapter, 'POST', `/api/v1/sheets/${hidden}/adapt`, { baseSlug: null })).statusCode).toBe(404);
  });
});

describe('contributors and personal spaces', () => {
  it('lets an editor add a contributor by e-mail, who can then edit (and no longer after removal)', async () => {
    const author = await signUp(t.app);
    const helper = await signUp(t.app, { displayName: 'Léa Relectrice' });
    const slug = await publishedSheet(author, null, 'private');
    expect((await call(helper, 'GET', `/api/v1/sheets/${slug}/draft`)).statusCode).toBe(404);
    const unknown = await call(author, 'POST', `/api/v1/sheets/${slug}/contributors`, { email: 'personne@nulle-part.fr' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details.fields[0].path).toBe('email');
    expect((await call(helper, 'POST', `/api/v1/sheets/${slug}/contributors`, { email: helper.email })).statusCode).toBe(404);
    expect((await call(author, 'POST', `/api/v1/sheets/${slug}/contributors`, { email: helper.email })).statusCode).toBe(204);
    expect((await call(author, 'GET', `/api/v1/sheets/${slug}/contributors`)).json()).toEqual([
      { userId: helper.userId, displayName: 'Léa Relectrice' },
    ]);
    expect((await save(helper, slug, { summary: 'Relu et corrigé.' })).statusCode).toBe(200);
    expect((await call(author, 'DELETE', `/api/v1/sheets/${slug}/contributors/${helper.userId}`)).statusCode).toBe(204);
    expect((await call(helper, 'GET', `/api/v1/sheets/${slug}/draft`)).statusCode).toBe(404);
  });

  it('lists a person’s published personal sheets: public ones for others, all for themself', async () => {
    const author = await signUp(t.app);
    const publicOne = await publishedSheet(author, null, 'public');
    const privateOne = await publishedSheet(author, null, 'private');
    const list = async (agent: Agent | null) =>
      (await call(agent, 'GET', `/api/v1/profiles/${author.userId}/sheets`)).json<Array<{ slug: string }>>().map((s) => s.slug);
    expect(await list(null)).toEqual([publicOne]);
    expect((await list(author)).sort()).toEqual([publicOne, privateOne].sort());
  });
});

describe('when an account is deleted', () => {
  it('keeps the sheets it published in a team base, with their versions', async () => {
    const leaving = await signUp(t.app, { displayName: 'Personne Partie' });
    const staying = await signUp(t.app);
    const base = await createBase(staying, 'Maison France Services de Tulle');
    await addMember(staying, base, leaving);
    const slug = await publishedSheet(leaving, base, 'public');
    await t.db.deleteFrom('users').where('id', '=', leaving.userId).execute();
    const sheet = await call(null, 'GET', `/api/v1/sheets/${slug}`);
    expect(sheet.statusCode).toBe(200);
    expect(sheet.json()).toMatchObject({
      owner: { kind: 'base', slug: base },
      version: { number: 1, authorName: 'Personne Partie' },
    });
    expect((await call(staying, 'GET', `/api/v1/sheets/${slug}/draft`)).statusCode).toBe(200);
  });
});

describe('my sheets', () => {
  it('lists drafts and published sheets across my bases and personal space', async () => {
    const me = await signUp(t.app);
    const base = await createBase(me, 'Tiers-lieu de Tourcoing');
    const draft = await newSheet(me, base, 'Atelier tablette');
    const published = await publishedSheet(me, null);
    const list = (await call(me, 'GET', '/api/v1/me/sheets')).json();
    expect(list.map((s: { slug: string }) => s.slug).sort()).toEqual([draft, published].sort());
    expect(list.find((s: { slug: string }) => s.slug === published)).toMatchObject({
      latestVersion: 1,
      hasDraftChanges: false,
      owner: { kind: 'person' },
    });
    expect(list.find((s: { slug: string }) => s.slug === draft)).toMatchObject({
      latestVersion: 0,
      hasDraftChanges: true,
      owner: { kind: 'base', slug: base },
    });
  });
});
