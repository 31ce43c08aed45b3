import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { sessionCookieFrom, signUp, STRONG_PASSWORD } from '../../test/session-client.ts';
import { hashToken } from '../../lib/tokens.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const json = (payload: unknown, extra: Record<string, string> = {}) => ({
  payload: payload as object,
  headers: { 'content-type': 'application/json', ...extra },
});

describe('sign-up', () => {
  it('creates the account, opens a session with a safe cookie and stores no secret in clear', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      ...json({ email: '  Claire.Martin@Exemple.FR ', password: STRONG_PASSWORD, displayName: 'Claire Martin' }),
    });
    expect(res.statusCode).toBe(201);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/malle_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(res.json().user).toMatchObject({
      email: 'claire.martin@exemple.fr',
      displayName: 'Claire Martin',
      profilePublic: false,
    });

    const user = await t.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', 'claire.martin@exemple.fr')
      .executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    expect(user.password_hash).not.toContain(STRONG_PASSWORD);
    const token = sessionCookieFrom(res.headers).split('=')[1]!;
    const sessions = await t.db.selectFrom('sessions').selectAll().where('user_id', '=', user.id).execute();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.token_hash.equals(hashToken(token))).toBe(true);

    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: sessionCookieFrom(res.headers) } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ email: 'claire.martin@exemple.fr' });
    expect(me.json()).not.toHaveProperty('passwordHash');
  });

  it('refuses a duplicate e-mail whatever its case, leaving one account', async () => {
    await signUp(t.app, { email: 'doublon@exemple.fr' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      ...json({ email: 'DOUBLON@exemple.fr', password: STRONG_PASSWORD, displayName: 'Autre' }),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'email_taken', details: { fields: [{ path: 'email' }] } });
    expect(res.json().error.message).toMatch(/existe déjà/);
    const { count } = await t.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('email', '=', 'doublon@exemple.fr')
      .executeTakeFirstOrThrow();
    expect(count).toBe(1);
  });

  it('refuses a weak password with French advice and creates nothing', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      ...json({ email: 'faible@exemple.fr', password: 'motdepasse1', displayName: 'Faible' }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('weak_password');
    expect(res.json().error.message).toMatch(/trop facile à deviner/);
    const user = await t.db.selectFrom('users').select('id').where('email', '=', 'faible@exemple.fr').executeTakeFirst();
    expect(user).toBeUndefined();
  });

  it('refuses a password built from the e-mail address', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      ...json({ email: 'jeanbaptiste.lefebvre@exemple.fr', password: 'jeanbaptistelefebvre', displayName: 'JB' }),
    });
    expect(res.json().error.code).toBe('weak_password');
  });

  it('reports each invalid field, in French', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      ...json({ email: 'pas-un-email', password: 'court', displayName: '' }),
    });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('validation_failed');
    const paths = error.details.fields.map((f: { path: string }) => f.path).sort();
    expect(paths).toEqual(['displayName', 'email', 'password']);
    expect(error.details.fields.find((f: { path: string }) => f.path === 'password').message).toMatch(/au moins 10 caractères/);
  });

  it('refuses unknown fields by name', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      ...json({ email: 'x@exemple.fr', password: STRONG_PASSWORD, displayName: 'X', isAdmin: true }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields).toContainEqual({ path: 'isAdmin', message: 'Champ inconnu : « isAdmin ».' });
  });

  it('answers malformed JSON and oversize bodies with their own codes', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_json');
    expect(bad.json().requestId).toBeTruthy();

    const huge = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      ...json({ email: 'x@exemple.fr', password: STRONG_PASSWORD, displayName: 'x'.repeat(2_000_000) }),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('payload_too_large');
  });
});

describe('login and logout', () => {
  it('logs in, then logs out only with the CSRF token, which ends the session', async () => {
    const agent = await signUp(t.app);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      ...json({ email: agent.email.toUpperCase(), password: STRONG_PASSWORD }),
    });
    expect(login.statusCode).toBe(200);
    const cookie = sessionCookieFrom(login.headers);
    const csrf = login.json().user.csrfToken as string;

    const noToken = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('csrf_failed');
    const wrongToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'x-csrf-token': agent.csrf },
    });
    expect(wrongToken.json().error.code).toBe('csrf_failed');

    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie, 'x-csrf-token': csrf } });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/malle_session=;/);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
    expect(me.json().error.code).toBe('unauthenticated');
    // The other session (from sign-up) is untouched.
    const other = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: agent.cookie } });
    expect(other.statusCode).toBe(200);
  });

  it('gives the same answer for a wrong password and an unknown e-mail', async () => {
    const agent = await signUp(t.app);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      ...json({ email: agent.email, password: 'pas-le-bon-mot-de-passe' }),
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      ...json({ email: 'personne@nulle-part.fr', password: 'pas-le-bon-mot-de-passe' }),
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error).toEqual(unknown.json().error);
    expect(wrong.json().error).toMatchObject({
      code: 'invalid_credentials',
      message: 'Adresse e-mail ou mot de passe incorrect.',
    });
  });

  it('refuses writes sent from another site', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      ...json({ email: 'a@exemple.fr', password: 'x' }, { origin: 'https://evil.example' }),
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_failed');
  });

  it('ignores expired sessions', async () => {
    const agent = await signUp(t.app);
    await t.db
      .updateTable('sessions')
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where('user_id', '=', agent.userId)
      .execute();
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: agent.cookie } });
    expect(me.statusCode).toBe(401);
  });
});

describe('housekeeping', () => {
  it('forgets expired sessions and old reset links, and nothing else', async () => {
    const expired = await signUp(t.app);
    const live = await signUp(t.app);
    await t.db
      .updateTable('sessions')
      .set({ expires_at: sql<Date>`now() - interval '1 minute'` })
      .where('user_id', '=', expired.userId)
      .execute();
    await t.db
      .insertInto('password_reset_tokens')
      .values([
        { token_hash: hashToken('old'), user_id: live.userId, expires_at: sql<Date>`now() - interval '2 days'` },
        { token_hash: hashToken('fresh'), user_id: live.userId, expires_at: sql<Date>`now() + interval '1 hour'` },
      ])
      .execute();
    const purged = await t.app.accounts.purgeExpired();
    expect(purged.sessions).toBeGreaterThanOrEqual(1);
    expect(purged.resetTokens).toBeGreaterThanOrEqual(1);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: live.cookie } })).statusCode).toBe(200);
    const left = await t.db.selectFrom('password_reset_tokens').select('token_hash').where('user_id', '=', live.userId).execute();
    expect(left.map((r) => r.token_hash.equals(hashToken('fresh')))).toEqual([true]);
  });
});

describe('password reset', () => {
  async function requestReset(email: string) {
    const before = t.mails.length;
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', ...json({ email }) });
    expect(res.statusCode).toBe(202);
    return { res, before };
  }

  async function tokenFromMail(email: string, before: number): Promise<string> {
    // Mails go through the job queue (ADR 014); the test runs it.
    await t.app.jobs.runPending();
    expect(t.mails.length).toBe(before + 1);
    const mail = t.mails.at(-1)!;
    expect(mail.to).toBe(email);
    const match = /\/mot-de-passe\/nouveau\?token=([\w-]+)/.exec(mail.text);
    expect(match).not.toBeNull();
    return match![1]!;
  }

  it('e-mails a one-time link that sets a new password and closes every other session', async () => {
    const agent = await signUp(t.app);
    const { before } = await requestReset(agent.email);
    const token = await tokenFromMail(agent.email, before);
    expect(t.mails.at(-1)!.text).toContain(`${t.config.publicUrl}/mot-de-passe/nouveau?token=`);

    const newPassword = 'sardine-lanterne-gravier-42';
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      ...json({ token, password: newPassword }),
    });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.json().user.email).toBe(agent.email);
    const fresh = sessionCookieFrom(confirm.headers);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: fresh } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: agent.cookie } })).statusCode).toBe(401);

    const oldLogin = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      ...json({ email: agent.email, password: STRONG_PASSWORD }),
    });
    expect(oldLogin.statusCode).toBe(401);
    const newLogin = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      ...json({ email: agent.email, password: newPassword }),
    });
    expect(newLogin.statusCode).toBe(200);

    const reused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      ...json({ token, password: 'autre-phrase-bien-longue-77' }),
    });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().error.code).toBe('reset_token_invalid');
  });

  it('does not reveal whether an account exists', async () => {
    const agent = await signUp(t.app);
    const known = await requestReset(agent.email);
    const unknown = await requestReset('inconnu@exemple.fr');
    expect(unknown.res.json()).toEqual(known.res.json());
    await t.app.jobs.runPending();
    expect(t.mails.length).toBe(known.before + 1);
    expect(t.mails.filter((m) => m.to === 'inconnu@exemple.fr')).toHaveLength(0);
  });

  it('does the same work whether the account exists or not: one queued job, nothing looked up before it runs', async () => {
    await t.app.jobs.runPending();
    const agent = await signUp(t.app);
    const jobs = () =>
      sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'password_reset_mail'`
        .execute(t.db)
        .then((r) => r.rows[0]!.n);
    await requestReset(agent.email);
    await requestReset(`absent.${Date.now()}@exemple.fr`);
    expect(await jobs()).toBe(2);
    const tokens = await t.db.selectFrom('password_reset_tokens').select('id').where('user_id', '=', agent.userId).execute();
    expect(tokens).toEqual([]);
    await t.app.jobs.runPending();
    expect(await jobs()).toBe(0);
  });

  it('sends at most three reset mails an hour to one account', async () => {
    const agent = await signUp(t.app);
    for (let i = 0; i < 5; i++) await requestReset(agent.email);
    await t.app.jobs.runPending();
    expect(t.mails.filter((m) => m.to === agent.email)).toHaveLength(3);
  });

  it('refuses an expired link, and a weak new password without spending the link', async () => {
    const agent = await signUp(t.app);
    const { before } = await requestReset(agent.email);
    const token = await tokenFromMail(agent.email, before);

    const weak = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      ...json({ token, password: 'azertyuiop' }),
    });
    expect(weak.json().error.code).toBe('weak_password');

    await t.db
      .updateTable('password_reset_tokens')
      .set({ expires_at: sql<Date>`now() - interval '1 minute'` })
      .where('token_hash', '=', hashToken(token))
      .execute();
    const expired = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      ...json({ token, password: 'sardine-lanterne-gravier-42' }),
    });
    expect(expired.statusCode).toBe(400);
    expect(expired.json().error.code).toBe('reset_token_expired');
    // The old password still works: nothing was changed.
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      ...json({ email: agent.email, password: STRONG_PASSWORD }),
    });
    expect(login.statusCode).toBe(200);
  });

  it('refuses a made-up token', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      ...json({ token: 'a'.repeat(43), password: 'sardine-lanterne-gravier-42' }),
    });
    expect(res.json().error.code).toBe('reset_token_invalid');
  });
});

describe('profiles', () => {
  it('lets a person edit their profile and choose who sees it', async () => {
    const agent = await signUp(t.app, { displayName: 'Nadia Benali' });
    const headers = { cookie: agent.cookie, 'x-csrf-token': agent.csrf };
    const update = {
      displayName: 'Nadia B.',
      bio: 'Conseillère numérique à Villeurbanne.',
      departement: '69',
      profilePublic: false,
    };

    const noCsrf = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/profile',
      headers: { cookie: agent.cookie },
      payload: update,
    });
    expect(noCsrf.json().error.code).toBe('csrf_failed');

    const res = await t.app.inject({ method: 'PUT', url: '/api/v1/me/profile', headers, payload: update });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ displayName: 'Nadia B.', departement: '69', profilePublic: false });

    const anonymous = await t.app.inject({ method: 'GET', url: `/api/v1/profiles/${agent.userId}` });
    expect(anonymous.statusCode).toBe(404);
    const own = await t.app.inject({ method: 'GET', url: `/api/v1/profiles/${agent.userId}`, headers: { cookie: agent.cookie } });
    expect(own.statusCode).toBe(200);

    await t.app.inject({ method: 'PUT', url: '/api/v1/me/profile', headers, payload: { ...update, profilePublic: true } });
    const publicView = await t.app.inject({ method: 'GET', url: `/api/v1/profiles/${agent.userId}` });
    expect(publicView.statusCode).toBe(200);
    expect(publicView.json()).toEqual({
      id: agent.userId,
      displayName: 'Nadia B.',
      bio: update.bio,
      departement: '69',
      createdAt: expect.any(String),
    });
  });

  it('refuses an unknown département and anonymous edits', async () => {
    const agent = await signUp(t.app);
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/profile',
      headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrf },
      payload: { displayName: 'X', bio: '', departement: '99', profilePublic: true },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields).toContainEqual({
      path: 'departement',
      message: 'Choisissez un département dans la liste.',
    });
    const anon = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/profile',
      payload: { displayName: 'X', bio: '', departement: null, profilePublic: true },
    });
    expect(anon.statusCode).toBe(401);
  });
});

describe('rate limits', () => {
  it('limits login attempts per client address', async () => {
    const limited = await createTestApp({ RATE_LIMIT_AUTH_MAX: '3' });
    try {
      const attempt = () =>
        limited.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          ...json({ email: 'a@exemple.fr', password: 'nimporte-quoi' }),
        });
      for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
      const blocked = await attempt();
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().error.code).toBe('rate_limited');
      expect(blocked.json().error.message).toMatch(/Réessayez dans/);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      // Sign-up and reset have limits of their own.
      const signup = await limited.app.inject({
        method: 'POST',
        url: '/api/v1/auth/signup',
        ...json({ email: 'z@exemple.fr', password: STRONG_PASSWORD, displayName: 'Z' }),
      });
      expect(signup.statusCode).toBe(201);
    } finally {
      await limited.close();
    }
  });
});
