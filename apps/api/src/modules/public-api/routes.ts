/**
 * The public read API, `/api/v1/public/...` (ADR 013). Every caller is an anonymous visitor: the
 * session is never read, so answers are the same for everyone and are cached (ADR 012) as
 * prepared, compressed bodies with an ETag. API keys only raise the rate limit. CORS is open for
 * these routes (plugins/security.ts).
 */
import { ErrorResponse } from '@malle/schema/errors';
import {
  PageQuery,
  paginated,
  PublicBase,
  PublicBaseSummary,
  PublicCollection,
  PublicCollectionSummary,
  PublicSearchQuery,
  PublicSearchResult,
  PublicSheet,
  PublicSheetSummary,
} from '@malle/schema/public-api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../lib/errors.ts';
import { prepareJson, sendPrepared, type PreparedResponse } from '../../lib/http-cache.ts';
import type { Built, PublicCache } from '../../lib/public-cache.ts';
import type { ApiKeyService } from '../api-keys/service.ts';
import { EXAMPLES } from './examples.ts';
import { searchCacheKey, type PublicApi } from './service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Public API only: the checked API key, `invalid` for an unknown or revoked one, or null. */
    publicApiKey: { id: string; rateLimitPerMinute: number } | 'invalid' | null;
  }
}

/**
 * Shared caches (proxies, CDNs) and browsers may keep an answer one minute: partner pages stay
 * fast, and a change shows within a minute (the server-side cache is invalidated at once).
 */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=60';
/** Answers opened with a secret link: not for shared caches. */
const SECRET_CACHE_CONTROL = 'private, max-age=60';

const tags = ['API publique'];
/** The key is optional: no key means the anonymous rate limit. */
const security: Array<Record<string, string[]>> = [{ apiKey: [] }, { apiKeyHeader: [] }, {}];
const errors = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse };
const slugParams = z.object({ slug: z.string().max(80) });

/**
 * The standard `RateLimit-*` header names (IETF draft) instead of `X-RateLimit-*`. The plugin only
 * switches names globally (`enableDraftSpec`); its per-limiter options take them as they are, though
 * its types do not list them.
 */
const DRAFT_SPEC_HEADERS = {
  labels: {
    rateLimit: 'ratelimit-limit',
    rateRemaining: 'ratelimit-remaining',
    rateReset: 'ratelimit-reset',
    retryAfter: 'retry-after',
  },
  addHeaders: { 'ratelimit-limit': true, 'ratelimit-remaining': true, 'ratelimit-reset': true, 'retry-after': true },
  addHeadersOnExceeding: { 'ratelimit-limit': true, 'ratelimit-remaining': true, 'ratelimit-reset': true },
};

/** The key from `Authorization: Bearer <key>` or `X-Api-Key: <key>`, if any. */
function sentKey(request: FastifyRequest): string | null {
  const auth = request.headers.authorization;
  if (typeof auth === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (match) return match[1]!;
  }
  const header = request.headers['x-api-key'];
  return typeof header === 'string' && header.trim() ? header.trim() : null;
}

export const publicApiRoutes: FastifyPluginAsyncZod<{
  publicApi: PublicApi;
  apiKeys: Pick<ApiKeyService, 'authenticate'>;
  cache: PublicCache;
  /** Requests per minute per client address without a valid key (keys carry their own limit). */
  anonymousRateLimit: number;
}> = async (app, { publicApi, apiKeys, cache, anonymousRateLimit }) => {
  app.decorateRequest('publicApiKey', null);

  app.addHook('onRequest', async (request) => {
    const secret = sentKey(request);
    if (secret) request.publicApiKey = (await apiKeys.authenticate(secret)) ?? 'invalid';
  });

  // One counter per key (or per client address without a valid key) across the whole public API.
  app.addHook(
    'onRequest',
    app.rateLimit({
      timeWindow: '1 minute',
      keyGenerator: (request) => {
        const key = request.publicApiKey;
        return key && key !== 'invalid' ? `public-api:key:${key.id}` : `public-api:ip:${request.ip}`;
      },
      max: (request) => {
        const key = request.publicApiKey;
        return key && key !== 'invalid' ? key.rateLimitPerMinute : anonymousRateLimit;
      },
      ...DRAFT_SPEC_HEADERS,
    }),
  );

  // Errors are never cached (a 404 is heuristically cacheable otherwise): a sheet made public shows at once.
  app.addHook('onSend', async (_request, reply) => {
    if (reply.statusCode >= 400) reply.header('cache-control', 'no-store');
  });

  // A wrong key is an error, not a silent downgrade: the partner learns at once that it is dead.
  app.addHook('preHandler', async (request) => {
    if (request.publicApiKey === 'invalid') throw new AppError('invalid_api_key');
  });

  /** Builds (or finds) the prepared answer, then sends it with its ETag (304 when unchanged). */
  async function answer(
    request: FastifyRequest,
    reply: FastifyReply,
    key: string,
    build: () => Promise<Built<unknown>>,
    cacheControl = PUBLIC_CACHE_CONTROL,
  ) {
    const prepared = await cache.get<PreparedResponse>(key, async () => {
      const built = await build();
      return { value: prepareJson(built.value), tags: built.tags };
    });
    return sendPrepared(request, reply, prepared, cacheControl);
  }

  // The global per-address ceiling is replaced by the limits above on these routes.
  const config = { rateLimit: false as const, anonymous: true };

  app.get(
    '/api/v1/public/sheets',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Fiches publiques, les plus récemment publiées d’abord',
        description:
          'Chaque fiche est montrée à sa dernière version publiée. Pagination : `page` (à partir de 1) et `pageSize` (100 au plus).',
        querystring: PageQuery,
        response: { 200: paginated(PublicSheetSummary).meta({ examples: [EXAMPLES.sheets] }), ...errors },
      },
    },
    async (request, reply) => {
      const { page, pageSize } = request.query;
      return answer(request, reply, `public-api:sheets:${page}:${pageSize}`, () => publicApi.sheets({ page, pageSize }));
    },
  );

  app.get(
    '/api/v1/public/sheets/:slug',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Une fiche publique, à sa dernière version',
        description:
          'Métadonnées, indexation (identifiants et libellés), HTML rendu et assaini, pièces jointes et synthèse des évaluations. ' +
          'Les liens vers les fichiers sont absolus et stables : ils vérifient l’accès puis redirigent vers un lien signé de courte durée.',
        params: slugParams,
        response: { 200: PublicSheet.meta({ examples: [EXAMPLES.sheet] }), ...errors },
      },
    },
    async (request, reply) =>
      answer(request, reply, `public-api:sheet:${request.params.slug}`, () => publicApi.sheet(request.params.slug)),
  );

  app.get(
    '/api/v1/public/sheets/:slug/versions/:version',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Une version précise d’une fiche publique',
        params: slugParams.extend({ version: z.coerce.number().int().min(1).max(1_000_000) }),
        response: { 200: PublicSheet.meta({ examples: [EXAMPLES.sheet] }), ...errors },
      },
    },
    async (request, reply) =>
      answer(request, reply, `public-api:sheet:${request.params.slug}:v${request.params.version}`, () =>
        publicApi.sheet(request.params.slug, request.params.version),
      ),
  );

  app.get(
    '/api/v1/public/collections',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Collections publiques, les plus récemment modifiées d’abord',
        querystring: PageQuery,
        response: { 200: paginated(PublicCollectionSummary).meta({ examples: [EXAMPLES.collections] }), ...errors },
      },
    },
    async (request, reply) => {
      const { page, pageSize } = request.query;
      return answer(request, reply, `public-api:collections:${page}:${pageSize}`, () =>
        publicApi.collections({ page, pageSize }),
      );
    },
  );

  app.get(
    '/api/v1/public/collections/:id',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Une collection publique (ou partagée par lien secret, avec sa `cle`) et ses fiches publiques',
        params: z.object({ id: z.uuid() }),
        querystring: z.strictObject({ cle: z.string().min(1).max(100).optional() }),
        response: { 200: PublicCollection.meta({ examples: [EXAMPLES.collection] }), ...errors },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const key = request.query.cle;
      // The key is part of the cache key: an answer opened with it is never served without it.
      return answer(
        request,
        reply,
        `public-api:collection:${id}:${key ?? ''}`,
        () => publicApi.collection(id, key),
        key ? SECRET_CACHE_CONTROL : PUBLIC_CACHE_CONTROL,
      );
    },
  );

  app.get(
    '/api/v1/public/bases',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Bases publiques, par nom',
        querystring: PageQuery,
        response: { 200: paginated(PublicBaseSummary).meta({ examples: [EXAMPLES.bases] }), ...errors },
      },
    },
    async (request, reply) => {
      const { page, pageSize } = request.query;
      return answer(request, reply, `public-api:bases:${page}:${pageSize}`, () => publicApi.bases({ page, pageSize }));
    },
  );

  app.get(
    '/api/v1/public/bases/:slug',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Une base publique, ses dernières fiches publiques et ses collections publiques',
        params: z.object({ slug: z.string().max(60) }),
        response: { 200: PublicBase.meta({ examples: [EXAMPLES.base] }), ...errors },
      },
    },
    async (request, reply) =>
      answer(request, reply, `public-api:base:${request.params.slug}`, () => publicApi.base(request.params.slug)),
  );

  app.get(
    '/api/v1/public/search',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Rechercher dans le contenu public',
        description:
          'Mêmes paramètres et même réponse que `GET /api/v1/search`, toujours comme un visiteur anonyme : seul le contenu public est cherché et compté. ' +
          'Filtres répétables (`themes=a&themes=b`) : OU dans un filtre, ET entre filtres.',
        querystring: PublicSearchQuery,
        response: { 200: PublicSearchResult.meta({ examples: [EXAMPLES.search] }), ...errors, 503: ErrorResponse },
      },
    },
    async (request, reply) => answer(request, reply, searchCacheKey(request.query), () => publicApi.search(request.query)),
  );
};
