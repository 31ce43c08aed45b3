import { ErrorResponse } from '@malle/schema/errors';
import { MAX_QUERY_LENGTH, SearchQuery, SearchResult, SuggestResult } from '@malle/schema/search';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { viewerOf } from '../../plugins/session.ts';
import type { SearchService } from './service.ts';

const tags = ['recherche'];

export const searchRoutes: FastifyPluginAsyncZod<{ searchService: SearchService }> = async (app, { searchService }) => {
  app.get(
    '/api/v1/search',
    {
      schema: {
        tags,
        summary: 'Rechercher des fiches, bases, collections et profils',
        description:
          'Filtres répétables (`themes=a&themes=b`) : OU dans un filtre, ET entre filtres. `type=all` cherche partout ' +
          'avec un total par type. Les extraits sont du HTML échappé où les correspondances sont entourées de <mark>. ' +
          'Seul ce que la personne peut lire est compté et montré.',
        querystring: SearchQuery,
        response: { 200: SearchResult, 400: ErrorResponse, 503: ErrorResponse },
      },
    },
    async (request) => searchService.search(request.query, viewerOf(request)),
  );

  app.get(
    '/api/v1/search/suggestions',
    {
      schema: {
        tags,
        summary: 'Suggestions pendant la saisie',
        querystring: z.strictObject({ q: z.string().trim().min(1).max(MAX_QUERY_LENGTH) }),
        response: { 200: SuggestResult, 400: ErrorResponse, 503: ErrorResponse },
      },
    },
    async (request) => ({ q: request.query.q, suggestions: await searchService.suggest(request.query.q, viewerOf(request)) }),
  );
};
