import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SheetRatings } from '@malle/schema/ratings';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { fixtures } from '../../test/api-fixtures.ts';
import { signUp, type Agent } from '../../test/session-client.ts';
import { bayesianScore, ratingScores, ratingSummaries } from './service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const { call, createBase, addMember, draftSheet, publishedSheet, republish } = fixtures(() => t.app);

const stars = (useful: number, clear = useful, reliable = useful) => ({ useful, clear, reliable });

async function rate(agent: Agent | null, slug: string, body: Record<string, unknown>, key?: string) {
  return call(agent, 'PUT', `/api/v1/sheets/${slug}/ratings/mine${key ? `?cle=${key}` : ''}`, body);
}
async function ratingsOf(agent: Agent | null, slug: string): Promise<SheetRatings> {
  const res = await call(agent, 'GET', `/api/v1/sheets/${slug}/ratings`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('bayesianScore', () => {
  it('keeps one 5-star rating below fifty 4.6 ratings for a platform mean below 4.5', () => {
    for (const mean of [3, 3.5, 3.9, 4.2, 4.5]) {
      expect(bayesianScore(5, 1, mean)).toBeLessThan(bayesianScore(4.6 * 50, 50, mean));
    }
    // Without ratings the score is the prior; with many, it tends to the sheet's own mean.
    expect(bayesianScore(0, 0, 3.8)).toBe(3.8);
    expect(bayesianScore(4.2 * 1000, 1000, 3)).toBeCloseTo(4.19, 2);
  });
});

describe('rating a sheet', () => {
  it('records three criteria, the workshop box, a plain-text comment and the version; one rating per person, editable', async () => {
    const author = await signUp(t.app);
    const { slug } = await publishedSheet(author, null, 'Premiers pas sur ordinateur');
    const rater = await signUp(t.app, { displayName: 'Inès Rater' });

    const comment = 'Très utile <script>alert(1)</script> & clair';
    const first = await rate(rater, slug, { ...stars(4, 5, 3), usedInWorkshop: true, comment });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ version: 1, useful: 4, clear: 5, reliable: 3, usedInWorkshop: true, comment });

    // Editing replaces the rating: still one.
    const again = await rate(rater, slug, { ...stars(2), usedInWorkshop: false });
    expect(again.json()).toMatchObject({ useful: 2, clear: 2, reliable: 2, usedInWorkshop: false, comment: '' });
    const view = await ratingsOf(rater, slug);
    expect(view.ratings).toHaveLength(1);
    expect(view.viewer.mine?.useful).toBe(2);
    expect(view.viewer.cannotRate).toBeNull();
    expect(view.summary).toMatchObject({ count: 1, score: null, hasBadge: false, usedInWorkshopShare: 0 });
    expect(view.summary.distributions.useful).toEqual([0, 1, 0, 0, 0]);

    // Invalid input: out of range, missing criterion, too long a comment.
    for (const body of [
      { ...stars(6) },
      { useful: 3, clear: 3 },
      { ...stars(3), comment: 'x'.repeat(1001) },
      { ...stars(3), extra: true },
    ]) {
      const res = await rate(rater, slug, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
    // A version that does not exist.
    expect((await rate(rater, slug, { ...stars(3), version: 9 })).statusCode).toBe(404);
  });

  it('computes averages, distributions, workshop share and, from three ratings on, a score and badge', async () => {
    const author = await signUp(t.app);
    const { slug, id } = await publishedSheet(author, null, 'Sécuriser son smartphone');
    const raters = await Promise.all([1, 2, 3].map(() => signUp(t.app)));
    await rate(raters[0]!, slug, { ...stars(5, 4, 3), usedInWorkshop: true });
    await rate(raters[1]!, slug, { ...stars(4, 4, 4) });
    let summary = (await ratingsOf(null, slug)).summary;
    expect(summary).toMatchObject({ count: 2, score: null, hasBadge: false });
    await rate(raters[2]!, slug, { ...stars(3, 5, 5), usedInWorkshop: true });
    summary = (await ratingsOf(null, slug)).summary;
    expect(summary).toMatchObject({
      count: 3,
      hasBadge: true,
      averages: { useful: 4, clear: 4.33, reliable: 4 },
      distributions: { useful: [0, 0, 1, 1, 1], clear: [0, 0, 0, 2, 1], reliable: [0, 0, 1, 1, 1] },
      usedInWorkshopShare: 0.67,
    });
    expect(summary.score).toBeTypeOf('number');
    // The search module's entry point gives the same summary.
    const direct = await ratingSummaries(t.db, [id]);
    expect(direct.get(id)).toEqual(summary);
  });

  it('orders a constructed example by Bayesian score: ten ratings averaging 4.6 beat a single 5, which beats five 3s', async () => {
    const author = await signUp(t.app);
    const single = await publishedSheet(author, null, 'Une seule note parfaite');
    const many = await publishedSheet(author, null, 'Beaucoup de bonnes notes');
    const weak = await publishedSheet(author, null, 'Des notes moyennes');
    const raters = await Promise.all(Array.from({ length: 10 }, () => signUp(t.app)));
    // A fresh database for this file: these are the only ratings on the platform besides the
    // tests above, so the platform mean stays well below 4.6.
    await rate(raters[0]!, single.slug, stars(5));
    for (const [i, r] of raters.entries()) await rate(r, many.slug, stars(i < 6 ? 5 : 4)); // mean 4.6
    for (const r of raters.slice(0, 5)) await rate(r, weak.slug, stars(3));

    const scores = await ratingScores(t.db, [single.id, many.id, weak.id]);
    expect(scores.get(many.id)!).toBeGreaterThan(scores.get(single.id)!);
    expect(scores.get(single.id)!).toBeGreaterThan(scores.get(weak.id)!);
    const summaries = await ratingSummaries(t.db, [single.id, many.id, weak.id]);
    expect(summaries.get(single.id)).toMatchObject({ count: 1, score: null, hasBadge: false });
    expect(summaries.get(many.id)!.score!).toBeGreaterThan(4);
    expect(summaries.get(many.id)!.score!).toBeLessThan(4.6);
  });

  it('refuses anonymous people, authors, base members, contributors, drafts and sheets one cannot read', async () => {
    const author = await signUp(t.app);
    const colleague = await signUp(t.app);
    const contributor = await signUp(t.app);
    const outsider = await signUp(t.app);
    const base = await createBase(author, 'Médiathèque de Lens');
    await addMember(author, base, colleague);
    const { slug } = await publishedSheet(author, base, 'Faire une démarche sur ants.gouv.fr');
    expect((await call(author, 'POST', `/api/v1/sheets/${slug}/contributors`, { email: contributor.email })).statusCode).toBe(
      204,
    );

    expect((await rate(null, slug, stars(5))).statusCode).toBe(401);
    for (const editor of [author, colleague, contributor]) {
      const res = await rate(editor, slug, stars(5));
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('cannot_rate_own_sheet');
    }
    expect((await ratingsOf(colleague, slug)).viewer.cannotRate).toBe('editor');
    expect((await ratingsOf(null, slug)).viewer.cannotRate).toBe('anonymous');

    // A draft does not exist for outsiders; a private sheet neither.
    const draft = await draftSheet(author, base, 'Brouillon');
    expect((await rate(outsider, draft, stars(4))).statusCode).toBe(404);
    const privateSheet = await publishedSheet(author, base, 'Fiche privée', 'private');
    expect((await rate(outsider, privateSheet.slug, stars(4))).statusCode).toBe(404);
    expect((await call(outsider, 'GET', `/api/v1/sheets/${privateSheet.slug}/ratings`)).statusCode).toBe(404);

    // A secret-link sheet with its key can be rated; without, it does not exist.
    const secret = await publishedSheet(author, base, 'Fiche partagée', 'secret_link');
    const key = (await call(author, 'GET', `/api/v1/sheets/${secret.slug}`)).json().secretLinkToken as string;
    expect((await rate(outsider, secret.slug, stars(4))).statusCode).toBe(404);
    expect((await rate(outsider, secret.slug, stars(4), key)).statusCode).toBe(200);

    // A former author who left the base still cannot rate the versions they wrote.
    const formerAuthor = await signUp(t.app);
    await addMember(author, base, formerAuthor);
    const theirs = await publishedSheet(formerAuthor, base, 'Écrite par un ancien membre');
    expect((await call(formerAuthor, 'DELETE', `/api/v1/bases/${base}/members/${formerAuthor.userId}`)).statusCode).toBe(204);
    expect((await rate(formerAuthor, theirs.slug, stars(5))).json().error.code).toBe('cannot_rate_own_sheet');
  });

  it('keeps ratings across versions, shows which version each was given on, and counts per version for authors', async () => {
    const author = await signUp(t.app);
    const [early, late, reader] = await Promise.all([signUp(t.app), signUp(t.app), signUp(t.app)]);
    const { slug } = await publishedSheet(author, null, 'Créer son adresse e-mail');
    await rate(early, slug, { ...stars(3), comment: 'Il manque les captures.' });
    expect(await republish(author, slug, 'Avec des captures d’écran.')).toBe(2);
    await rate(late, slug, stars(5));

    const view = await ratingsOf(reader, slug);
    expect(view.latestVersion).toBe(2);
    expect(view.summary.count).toBe(2);
    expect(view.ratings.map((r) => r.version).sort()).toEqual([1, 2]);
    expect(view.perVersion).toBeNull();
    const authorView = await ratingsOf(author, slug);
    expect(authorView.perVersion).toEqual([
      { version: 2, count: 1, averages: { useful: 5, clear: 5, reliable: 5 } },
      { version: 1, count: 1, averages: { useful: 3, clear: 3, reliable: 3 } },
    ]);

    // Rating an older version explicitly is recorded as such; editing moves it to the rated version.
    expect((await rate(reader, slug, { ...stars(4), version: 1 })).json().version).toBe(1);
    expect((await rate(early, slug, stars(4))).json().version).toBe(2);
  });
});

describe('replies and reports', () => {
  it('lets the sheet’s editors reply once to a comment, and anyone report a comment once', async () => {
    const author = await signUp(t.app);
    const base = await createBase(author, 'Tiers-lieu de Brest');
    const colleague = await signUp(t.app);
    await addMember(author, base, colleague);
    const { slug } = await publishedSheet(author, base, 'Visioconférence en famille');
    const rater = await signUp(t.app);
    const reader = await signUp(t.app);
    const silent = await signUp(t.app);
    const rating = (await rate(rater, slug, { ...stars(2), comment: 'Le lien vers l’outil ne marche plus.' })).json();
    const bare = (await rate(silent, slug, stars(4))).json();

    const replyUrl = `/api/v1/sheets/${slug}/ratings/${rating.id}/reply`;
    expect((await call(reader, 'POST', replyUrl, { reply: 'Je ne suis pas l’auteur.' })).statusCode).toBe(403);
    expect((await call(colleague, 'POST', replyUrl, { reply: '' })).statusCode).toBe(400);
    expect((await call(colleague, 'POST', replyUrl, { reply: 'Corrigé dans la version 2, merci !' })).statusCode).toBe(204);
    const second = await call(author, 'POST', replyUrl, { reply: 'Encore merci.' });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('already_replied');
    expect((await call(author, 'POST', `/api/v1/sheets/${slug}/ratings/${bare.id}/reply`, { reply: 'Merci' })).statusCode).toBe(
      400,
    );
    const shown = (await ratingsOf(null, slug)).ratings.find((r) => r.id === rating.id);
    expect(shown?.reply).toMatchObject({ text: 'Corrigé dans la version 2, merci !' });
    // The rater editing their rating keeps the reply.
    await rate(rater, slug, { ...stars(4), comment: 'Réparé, merci.' });
    expect((await ratingsOf(null, slug)).ratings.find((r) => r.id === rating.id)?.reply).not.toBeNull();

    const reportUrl = `/api/v1/sheets/${slug}/ratings/${rating.id}/reports`;
    expect((await call(null, 'POST', reportUrl, { reason: 'spam' })).statusCode).toBe(401);
    expect((await call(reader, 'POST', reportUrl, { reason: 'nope' })).statusCode).toBe(400);
    expect((await call(reader, 'POST', reportUrl, { reason: 'abusive', text: 'Propos déplacés.' })).statusCode).toBe(204);
    const twice = await call(reader, 'POST', reportUrl, { reason: 'abusive' });
    expect(twice.json().error.code).toBe('already_reported');
    const stored = await sql<{ reason: string; text: string; status: string }>`
      select reason, text, status from rating_reports where rating_id = ${rating.id}`.execute(t.db);
    expect(stored.rows).toEqual([{ reason: 'abusive', text: 'Propos déplacés.', status: 'open' }]);
    // Unknown rating, or a rating of another sheet.
    const other = await publishedSheet(author, base, 'Autre fiche');
    expect(
      (await call(reader, 'POST', `/api/v1/sheets/${other.slug}/ratings/${rating.id}/reports`, { reason: 'spam' })).statusCode,
    ).toBe(404);
  });
});

describe('rating badges on sheet lists', () => {
  it('shows count and score on base, profile and "my sheets" lists', async () => {
    const author = await signUp(t.app);
    const base = await createBase(author, 'Espace numérique de Rodez');
    const inBase = await publishedSheet(author, base, 'Les bases du traitement de texte');
    const personal = await publishedSheet(author, null, 'Tableur : premiers calculs');
    const raters = await Promise.all([1, 2, 3].map(() => signUp(t.app)));
    for (const r of raters) await rate(r, inBase.slug, stars(4));
    await rate(raters[0]!, personal.slug, stars(5));

    const baseList = (await call(null, 'GET', `/api/v1/bases/${base}/sheets`)).json();
    expect(baseList[0]).toMatchObject({ slug: inBase.slug, rating: { count: 3 } });
    expect(baseList[0].rating.score).toBeTypeOf('number');
    const profileList = (await call(null, 'GET', `/api/v1/profiles/${author.userId}/sheets`)).json();
    expect(profileList[0]).toMatchObject({ slug: personal.slug, rating: { count: 1, score: null } });
    const mine = (await call(author, 'GET', '/api/v1/me/sheets')).json();
    expect(mine.find((s: { slug: string }) => s.slug === inBase.slug).rating.count).toBe(3);
  });
});

describe('rate limit', () => {
  it('refuses ratings beyond the limit per person', async () => {
    const limited = await createTestApp({ RATE_LIMIT_RATING_MAX: '2' });
    try {
      const f = fixtures(() => limited.app);
      const author = await signUp(limited.app);
      const rater = await signUp(limited.app);
      const { slug } = await f.publishedSheet(author, null, 'Limite');
      const url = `/api/v1/sheets/${slug}/ratings/mine`;
      expect((await f.call(rater, 'PUT', url, stars(3))).statusCode).toBe(200);
      expect((await f.call(rater, 'PUT', url, stars(4))).statusCode).toBe(200);
      const third = await f.call(rater, 'PUT', url, stars(5));
      expect(third.statusCode).toBe(429);
      expect(third.json().error.code).toBe('rate_limited');
      // Another person from the same address is not affected.
      const other = await signUp(limited.app);
      expect((await f.call(other, 'PUT', url, stars(5))).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
