import { ErrorResponse } from '@malle/schema/errors';
import { Rating, RatingInput, ReplyInput, ReportInput, SheetRatings } from '@malle/schema/ratings';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth, signedIn, viewerOf } from '../../plugins/session.ts';
import type { RatingService } from './service.ts';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  429: ErrorResponse,
};
const tags = ['évaluations'];
const auth = [{ session: [], csrf: [] }];
const slugParams = z.object({ slug: z.string().max(80) });
const ratingParams = slugParams.extend({ id: z.uuid() });
const keyQuery = z.object({ cle: z.string().max(100).optional() });

export const ratingRoutes: FastifyPluginAsyncZod<{
  ratings: RatingService;
  rateLimit: { max: number; timeWindow: string };
}> = async (app, { ratings, rateLimit }) => {
  // Per person rather than per address: a whole workshop room may share one address.
  const limited = {
    rateLimit: {
      ...rateLimit,
      keyGenerator: (request: FastifyRequest) => (request.auth ? `user:${request.auth.user.id}` : request.ip),
    },
  };

  app.get(
    '/api/v1/sheets/:slug/ratings',
    {
      schema: {
        tags,
        summary: 'Évaluations d’une fiche : synthèse, évaluations, la mienne, par version (auteurs)',
        params: slugParams,
        querystring: keyQuery,
        response: { 200: SheetRatings, 404: ErrorResponse },
      },
    },
    async (request) => ratings.forSheet(request.params.slug, viewerOf(request), request.query.cle),
  );

  app.put(
    '/api/v1/sheets/:slug/ratings/mine',
    {
      config: limited,
      schema: {
        tags,
        summary: 'Évaluer une fiche (ou modifier mon évaluation)',
        security: auth,
        params: slugParams,
        querystring: keyQuery,
        body: RatingInput,
        response: { 200: Rating, ...errors },
      },
    },
    async (request) => ratings.rate(request.params.slug, signedIn(request), request.body, request.query.cle),
  );

  app.post(
    '/api/v1/sheets/:slug/ratings/:id/reply',
    {
      config: limited,
      schema: {
        tags,
        summary: 'Répondre à un commentaire (auteurs, une fois)',
        security: auth,
        params: ratingParams,
        body: ReplyInput,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const { user } = requireAuth(request);
      await ratings.reply(
        request.params.slug,
        request.params.id,
        { id: user.id, email: user.email },
        request.body.reply,
        user.displayName,
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/sheets/:slug/ratings/:id/reports',
    {
      config: limited,
      schema: {
        tags,
        summary: 'Signaler un commentaire aux modérateurs',
        security: auth,
        params: ratingParams,
        querystring: keyQuery,
        body: ReportInput,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await ratings.report(request.params.slug, request.params.id, signedIn(request), request.body, request.query.cle);
      return reply.status(204).send(null);
    },
  );
};
