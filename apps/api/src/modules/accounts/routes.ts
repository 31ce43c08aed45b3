import {
  LoginInput,
  Me,
  PasswordResetConfirmInput,
  PasswordResetRequestInput,
  ProfileUpdateInput,
  PublicProfile,
  SignUpInput,
} from '@malle/schema/accounts';
import { ErrorResponse } from '@malle/schema/errors';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clearSessionCookie, requireAuth, setSessionCookie, type SessionCookieOptions } from '../../plugins/session.ts';
import { presentMe, presentPublicProfile } from './presenter.ts';
import type { AccountService } from './service.ts';

const UserResponse = z.object({ user: Me });
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 409: ErrorResponse, 429: ErrorResponse };

export const accountRoutes: FastifyPluginAsyncZod<{
  accounts: AccountService;
  cookie: SessionCookieOptions;
  authRateLimit: { max: number; timeWindow: string };
}> = async (app, { accounts, cookie, authRateLimit }) => {
  const limited = { rateLimit: authRateLimit };

  app.post(
    '/api/v1/auth/signup',
    {
      config: limited,
      schema: {
        tags: ['comptes'],
        summary: 'Créer un compte (et ouvrir une session)',
        body: SignUpInput,
        response: { 201: UserResponse, ...errors },
      },
    },
    async (request, reply) => {
      const session = await accounts.signUp(request.body);
      setSessionCookie(reply, cookie, session.token, session.expiresAt);
      return reply.status(201).send({ user: presentMe(session.user, session.csrfToken) });
    },
  );

  app.post(
    '/api/v1/auth/login',
    {
      config: limited,
      schema: { tags: ['comptes'], summary: 'Se connecter', body: LoginInput, response: { 200: UserResponse, ...errors } },
    },
    async (request, reply) => {
      const session = await accounts.logIn(request.body);
      setSessionCookie(reply, cookie, session.token, session.expiresAt);
      return { user: presentMe(session.user, session.csrfToken) };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { schema: { tags: ['comptes'], summary: 'Se déconnecter', response: { 204: z.null(), 403: ErrorResponse } } },
    async (request, reply) => {
      if (request.sessionToken) await accounts.logOut(request.sessionToken);
      clearSessionCookie(reply, cookie);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/password-reset',
    {
      config: limited,
      schema: {
        tags: ['comptes'],
        summary: 'Demander un lien de réinitialisation du mot de passe',
        description: "Répond toujours 202, qu'un compte existe ou non pour cette adresse.",
        body: PasswordResetRequestInput,
        response: { 202: z.object({ message: z.string() }), ...errors },
      },
    },
    async (request, reply) => {
      await accounts.requestPasswordReset(request.body.email);
      return reply.status(202).send({
        message:
          'Si un compte existe avec cette adresse, un e-mail contenant un lien de réinitialisation vient de lui être envoyé.',
      });
    },
  );

  app.post(
    '/api/v1/auth/password-reset/confirm',
    {
      config: limited,
      schema: {
        tags: ['comptes'],
        summary: 'Choisir un nouveau mot de passe avec un lien de réinitialisation',
        body: PasswordResetConfirmInput,
        response: { 200: UserResponse, ...errors },
      },
    },
    async (request, reply) => {
      const session = await accounts.confirmPasswordReset(request.body.token, request.body.password);
      setSessionCookie(reply, cookie, session.token, session.expiresAt);
      return { user: presentMe(session.user, session.csrfToken) };
    },
  );

  app.get(
    '/api/v1/me',
    {
      schema: {
        tags: ['comptes'],
        summary: 'Mon compte',
        security: [{ session: [] }],
        response: { 200: Me, 401: ErrorResponse },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      return presentMe(auth.user, auth.csrfToken);
    },
  );

  app.put(
    '/api/v1/me/profile',
    {
      schema: {
        tags: ['profils'],
        summary: 'Modifier mon profil',
        security: [{ session: [], csrf: [] }],
        body: ProfileUpdateInput,
        response: { 200: Me, ...errors },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const user = await accounts.updateProfile(auth.user.id, request.body);
      return presentMe(user, auth.csrfToken);
    },
  );

  app.get(
    '/api/v1/profiles/:id',
    {
      schema: {
        tags: ['profils'],
        summary: "Profil public d'une personne",
        params: z.object({ id: z.uuid() }),
        response: { 200: PublicProfile, 404: ErrorResponse },
      },
    },
    async (request) => presentPublicProfile(await accounts.getProfile(request.params.id, request.auth?.user.id)),
  );
};
