import {
  Base,
  BaseCreateInput,
  BaseMember,
  BaseSummary,
  BaseUpdateInput,
  Invitation,
  InvitationInput,
  JoinRequest,
  JoinRequestInput,
  RoleChangeInput,
} from '@malle/schema/bases';
import { ErrorResponse } from '@malle/schema/errors';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { signedIn, viewerOf } from '../../plugins/session.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { presentBase, presentBaseSummary, presentInvitation, presentJoinRequest, presentMember } from './presenter.ts';
import type { BaseService } from './service.ts';
import type { SheetService } from '../sheets/service.ts';
import { SheetListItem } from '@malle/schema/sheets';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const slugParams = z.object({ slug: z.string().max(60) });
const tags = ['bases'];
const auth = [{ session: [], csrf: [] }];

export const baseRoutes: FastifyPluginAsyncZod<{
  bases: BaseService;
  sheets: SheetService;
}> = async (app, { bases, sheets }) => {
  async function baseFor(slug: string, viewer: Viewer | null) {
    const { base, role } = await bases.readable(slug, viewer);
    return presentBase(base, { role, ...(await bases.viewerState(base, viewer)) });
  }

  app.get(
    '/api/v1/bases',
    {
      schema: {
        tags,
        summary: 'Bases publiques',
        querystring: z.object({
          page: z.coerce.number().int().min(1).max(1000).default(1),
          pageSize: z.coerce.number().int().min(1).max(100).default(24),
        }),
        response: { 200: z.object({ items: z.array(BaseSummary), page: z.number() }) },
      },
    },
    async (request) => {
      const { page, pageSize } = request.query;
      const rows = await bases.listPublic(pageSize, (page - 1) * pageSize);
      return { items: rows.map(presentBaseSummary), page };
    },
  );

  app.post(
    '/api/v1/bases',
    {
      schema: {
        tags,
        summary: 'Créer une base (vous en devenez administrateur)',
        security: auth,
        body: BaseCreateInput,
        response: { 201: Base, ...errors },
      },
    },
    async (request, reply) => {
      const viewer = signedIn(request);
      const slug = await bases.create(viewer, request.body);
      return reply.status(201).send(await baseFor(slug, viewer));
    },
  );

  app.get(
    '/api/v1/bases/:slug',
    { schema: { tags, summary: 'Une base', params: slugParams, response: { 200: Base, 404: ErrorResponse } } },
    async (request) => baseFor(request.params.slug, viewerOf(request)),
  );

  app.put(
    '/api/v1/bases/:slug',
    {
      schema: {
        tags,
        summary: 'Modifier une base (administrateurs)',
        security: auth,
        params: slugParams,
        body: BaseUpdateInput,
        response: { 200: Base, ...errors },
      },
    },
    async (request) => {
      const viewer = signedIn(request);
      await bases.update(request.params.slug, viewer, request.body);
      return baseFor(request.params.slug, viewer);
    },
  );

  app.delete(
    '/api/v1/bases/:slug',
    {
      schema: {
        tags,
        summary: 'Supprimer une base (administrateurs)',
        security: auth,
        params: slugParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await bases.remove(request.params.slug, signedIn(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/me/bases',
    {
      schema: {
        tags,
        summary: 'Mes bases',
        security: auth,
        response: { 200: z.array(BaseSummary.extend({ role: z.enum(['admin', 'contributor']) })), 401: ErrorResponse },
      },
    },
    async (request) =>
      (await bases.mine(signedIn(request))).map((row) => ({
        ...presentBaseSummary(row),
        role: row.role as 'admin' | 'contributor',
      })),
  );

  app.get(
    '/api/v1/bases/:slug/members',
    {
      schema: {
        tags,
        summary: 'Membres d’une base',
        params: slugParams,
        response: { 200: z.array(BaseMember), 404: ErrorResponse },
      },
    },
    async (request) => (await bases.members(request.params.slug, viewerOf(request))).map(presentMember),
  );

  app.get(
    '/api/v1/bases/:slug/sheets',
    {
      schema: {
        tags,
        summary: 'Fiches publiées d’une base (les privées pour ses membres)',
        params: slugParams,
        response: { 200: z.array(SheetListItem), 404: ErrorResponse },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const { base } = await bases.readable(request.params.slug, viewer);
      return sheets.presentList(await sheets.ofBase(base.id, viewer));
    },
  );

  const memberParams = slugParams.extend({ userId: z.uuid() });
  app.put(
    '/api/v1/bases/:slug/members/:userId/role',
    {
      schema: {
        tags,
        summary: 'Changer le rôle d’un membre (administrateurs)',
        security: auth,
        params: memberParams,
        body: RoleChangeInput,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await bases.changeRole(request.params.slug, signedIn(request), request.params.userId, request.body.role);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/v1/bases/:slug/members/:userId',
    {
      schema: {
        tags,
        summary: 'Retirer un membre, ou quitter la base',
        security: auth,
        params: memberParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await bases.removeMember(request.params.slug, signedIn(request), request.params.userId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/bases/:slug/invitations',
    {
      schema: {
        tags,
        summary: 'Inviter une personne par e-mail (administrateurs)',
        security: auth,
        params: slugParams,
        body: InvitationInput,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await bases.invite(request.params.slug, signedIn(request), request.body.email, request.body.role);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/bases/:slug/invitations',
    {
      schema: {
        tags,
        summary: 'Invitations en attente (administrateurs)',
        security: auth,
        params: slugParams,
        response: { 200: z.array(Invitation), ...errors },
      },
    },
    async (request) => (await bases.pendingInvitationsOfBase(request.params.slug, signedIn(request))).map(presentInvitation),
  );

  app.delete(
    '/api/v1/bases/:slug/invitations/:id',
    {
      schema: {
        tags,
        summary: 'Annuler une invitation (administrateurs)',
        security: auth,
        params: slugParams.extend({ id: z.uuid() }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await bases.revokeInvitation(request.params.slug, signedIn(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/me/invitations',
    {
      schema: {
        tags,
        summary: 'Mes invitations en attente',
        security: auth,
        response: { 200: z.array(Invitation), 401: ErrorResponse },
      },
    },
    async (request) => (await bases.myInvitations(signedIn(request))).map(presentInvitation),
  );

  app.post(
    '/api/v1/invitations/:id/:answer',
    {
      schema: {
        tags,
        summary: 'Accepter ou refuser une invitation',
        security: auth,
        params: z.object({ id: z.uuid(), answer: z.enum(['accept', 'decline']) }),
        response: { 200: z.object({ baseSlug: z.string() }), ...errors },
      },
    },
    async (request) => ({
      baseSlug: await bases.answerInvitation(request.params.id, signedIn(request), request.params.answer === 'accept'),
    }),
  );

  app.post(
    '/api/v1/bases/:slug/join-requests',
    {
      schema: {
        tags,
        summary: 'Demander à rejoindre une base publique',
        security: auth,
        params: slugParams,
        body: JoinRequestInput,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await bases.requestToJoin(request.params.slug, signedIn(request), request.body.message);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/bases/:slug/join-requests',
    {
      schema: {
        tags,
        summary: 'Demandes d’adhésion en attente (administrateurs)',
        security: auth,
        params: slugParams,
        response: { 200: z.array(JoinRequest), ...errors },
      },
    },
    async (request) => (await bases.pendingJoinRequests(request.params.slug, signedIn(request))).map(presentJoinRequest),
  );

  app.post(
    '/api/v1/bases/:slug/join-requests/:id/:decision',
    {
      schema: {
        tags,
        summary: 'Accepter ou refuser une demande d’adhésion (administrateurs)',
        security: auth,
        params: slugParams.extend({ id: z.uuid(), decision: z.enum(['accept', 'decline']) }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await bases.decideJoinRequest(
        request.params.slug,
        signedIn(request),
        request.params.id,
        request.params.decision === 'accept',
      );
      return reply.status(204).send(null);
    },
  );

  for (const [method, following] of [
    ['put', true],
    ['delete', false],
  ] as const) {
    app[method](
      '/api/v1/bases/:slug/follow',
      {
        schema: {
          tags,
          summary: following ? 'Suivre une base publique' : 'Ne plus suivre une base',
          security: auth,
          params: slugParams,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await bases.setFollowing(request.params.slug, signedIn(request), following);
        return reply.status(204).send(null);
      },
    );
  }
};
