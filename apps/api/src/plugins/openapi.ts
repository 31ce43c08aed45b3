import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/**
 * OpenAPI document generated from the routes' zod schemas, at /api/v1/openapi.json, and a human
 * docs page at /api/v1/docs.
 */
export const openapi = fp(async (app: FastifyInstance) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'API Malle',
        version: '1.0.0',
        description:
          'API de Malle, la malle pédagogique partagée des médiateurs numériques. Les erreurs ont toutes la forme `{ error: { code, message, details? }, requestId }` ; `code` est stable, `message` est en français.',
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'malle_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
          apiKey: {
            type: 'http',
            scheme: 'bearer',
            description:
              'Clé d’API facultative de l’API publique (`Authorization: Bearer malle_…`) : elle relève la limite de débit.',
          },
          apiKeyHeader: {
            type: 'apiKey',
            in: 'header',
            name: 'x-api-key',
            description: 'La même clé, dans l’en-tête `X-Api-Key`.',
          },
        },
      },
      tags: [
        { name: 'santé', description: 'État du service' },
        { name: 'comptes', description: 'Inscription, connexion, mot de passe' },
        { name: 'profils', description: 'Profils des personnes' },
        { name: 'bases', description: 'Bases (espaces d’équipe), membres, invitations' },
        { name: 'indexation', description: 'Vocabulaires d’indexation et suggestions' },
        { name: 'fiches', description: 'Fiches : brouillons, versions, historique, adaptation' },
        { name: 'évaluations', description: 'Évaluations des fiches : critères, synthèse, réponses, signalements' },
        { name: 'collections', description: 'Collections de fiches : listes ordonnées et annotées, favoris' },
        {
          name: 'API publique',
          description:
            'Lecture seule du contenu public, pour les sites partenaires (`/api/v1/public/…`). Les réponses sont les mêmes pour tout le monde (la session n’est jamais lue), ' +
            'en cache une minute (`Cache-Control: public, max-age=60`, `ETag`, réponse 304). CORS ouvert en lecture. ' +
            'Sans clé : 60 requêtes par minute et par adresse ; avec une clé (`Authorization: Bearer …` ou `X-Api-Key`) : 1 200 par minute et par clé (valeurs par défaut). ' +
            'Au-delà : 429 `rate_limited` avec `Retry-After` et les en-têtes `RateLimit-*`. Une clé inconnue ou révoquée : 401 `invalid_api_key`.',
        },
        { name: 'clés d’API', description: 'Mes clés de l’API publique' },
      ],
    },
    transform: jsonSchemaTransform,
  });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, () => app.swagger());
  await app.register(swaggerUi, {
    routePrefix: '/api/v1/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true, url: '/api/v1/openapi.json' },
    staticCSP: true,
    // The docs page is served over plain http on loopback and must never be framed.
    transformStaticCSP: (header) =>
      header.replace(/upgrade-insecure-requests;?/, '').replace(/frame-ancestors 'self'/, "frame-ancestors 'none'"),
  });
});
