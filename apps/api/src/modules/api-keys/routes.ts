import { ApiKey, ApiKeyCreateInput, CreatedApiKey } from '@malle/schema/api-keys';
import { ErrorResponse } from '@malle/schema/errors';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { signedIn } from '../../plugins/session.ts';
import type { ApiKeyService } from './service.ts';

const tags = ['clés d’API'];
const auth = [{ session: [], csrf: [] }];
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

/** A person's keys for the public API, managed from their settings (session + CSRF). */
export const apiKeyRoutes: FastifyPluginAsyncZod<{ apiKeys: ApiKeyService }> = async (app, { apiKeys }) => {
  app.get(
    '/api/v1/me/api-keys',
    {
      schema: {
        tags,
        summary: 'Mes clés d’API (sans leur secret)',
        security: auth,
        response: { 200: z.array(ApiKey), 401: ErrorResponse },
      },
    },
    async (request) => apiKeys.list(signedIn(request).id),
  );

  app.post(
    '/api/v1/me/api-keys',
    {
      schema: {
        tags,
        summary: 'Créer une clé d’API',
        description:
          'La réponse contient le secret de la clé (`secret`) : il n’est montré qu’une fois, seule son empreinte est gardée.',
        security: auth,
        body: ApiKeyCreateInput,
        response: { 201: CreatedApiKey, ...errors },
      },
    },
    async (request, reply) => {
      const created = await apiKeys.create(signedIn(request).id, request.body.name);
      return reply.status(201).header('cache-control', 'no-store').send(created);
    },
  );

  app.delete(
    '/api/v1/me/api-keys/:id',
    {
      schema: {
        tags,
        summary: 'Révoquer une clé d’API (elle est refusée aussitôt)',
        security: auth,
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await apiKeys.revoke(signedIn(request).id, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
