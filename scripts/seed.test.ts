import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../apps/api/src/test/test-app.ts';
import { DEMO_ACCOUNT, seedDemo } from './seed.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('demo content', () => {
  it('loads once, through the real rules, and the demo account can log in', async () => {
    const quiet = () => undefined;
    expect(await seedDemo(t.config.database.url, quiet, t.config.s3)).toBe(true);
    expect(await seedDemo(t.config.database.url, quiet, t.config.s3)).toBe(false);

    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: DEMO_ACCOUNT });
    expect(login.statusCode).toBe(200);
    const publicBases = (await t.app.inject({ method: 'GET', url: '/api/v1/bases' })).json().items;
    expect(publicBases.map((b: { slug: string }) => b.slug).sort()).toEqual([
      'france-services-villeurbanne',
      'reseau-des-conseillers-numeriques-du-cantal',
    ]);
    const cantal = publicBases.find((b: { slug: string }) => b.slug === 'reseau-des-conseillers-numeriques-du-cantal');
    expect(cantal.memberCount).toBe(3);
    const phishing = (await t.app.inject({ method: 'GET', url: '/api/v1/sheets/reconnaitre-un-mail-d-hameconnage' })).json();
    expect(phishing).toMatchObject({
      latestVersion: 4,
      adaptationCount: 1,
      version: { changeNote: 'Ajout du guide d’animation et du diaporama' },
    });
    await t.app.jobs.runPending();
    const [guide, deck] = (await t.app.inject({ method: 'GET', url: '/api/v1/sheets/reconnaitre-un-mail-d-hameconnage' })).json()
      .version.attachments;
    expect(guide.file).toMatchObject({ kind: 'pdf', pageCount: 4, status: 'ready' });
    expect(deck.file).toMatchObject({ kind: 'slides', pageCount: 4, status: 'ready' });
    const adapted = (await t.app.inject({ method: 'GET', url: '/api/v1/sheets/reconnaitre-un-mail-d-hameconnage-2' })).json();
    expect(adapted).toMatchObject({
      adaptedFrom: { slug: 'reconnaitre-un-mail-d-hameconnage', version: 4 },
      owner: { slug: 'reseau-des-conseillers-numeriques-du-cantal' },
    });
    // The fablab's draft is in a private base: invisible to visitors.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/sheets/initiation-a-l-impression-3d' })).statusCode).toBe(404);
    // Ratings: a score on the phishing sheet (one rating given on version 1, answered), none yet on
    // the tax sheet; a public collection of the Villeurbanne base.
    const ratings = (
      await t.app.inject({ method: 'GET', url: '/api/v1/sheets/reconnaitre-un-mail-d-hameconnage/ratings' })
    ).json();
    expect(ratings.summary).toMatchObject({ count: 4, hasBadge: true });
    expect(ratings.ratings.find((r: { version: number }) => r.version === 1).reply).not.toBeNull();
    const tax = (await t.app.inject({ method: 'GET', url: '/api/v1/sheets/creer-son-espace-sur-impots-gouv-fr/ratings' })).json();
    expect(tax.summary).toMatchObject({ count: 1, score: null });
    const baseCollections = (
      await t.app.inject({ method: 'GET', url: '/api/v1/bases/france-services-villeurbanne/collections' })
    ).json();
    expect(baseCollections).toMatchObject([{ visibility: 'public', itemCount: 3 }]);
    const sessions = await t.db.selectFrom('sessions').select('id').execute();
    expect(sessions).toHaveLength(1); // only the login above: seeding leaves no session behind
  });
});
