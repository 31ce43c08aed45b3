import { ErrorResponse } from '@malle/schema/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../lib/errors.ts';
import { prepareResponse, sendPrepared, type PreparedResponse } from '../../lib/http-cache.ts';
import { signedIn } from '../../plugins/session.ts';
import type { CollectionService } from '../collections/service.ts';
import { EmbedQuery } from '@malle/schema/embeds';
import { renderProblem } from './render.ts';
import { EMBED_SCRIPT } from './script.ts';
import type { EmbedOptions } from './options.ts';
import type { EmbedPage, EmbedService } from './service.ts';
import type { EmbedStats } from './stats.ts';

/**
 * Every embed display revalidates (cheap: 304 from the ETag, no database access), so that a
 * change shows on the partner's next page view and each display can be counted.
 */
const EMBED_CACHE_CONTROL = 'public, no-cache';
const SCRIPT_CACHE_CONTROL = 'public, max-age=3600, stale-while-revalidate=86400';

const script = prepareResponse(EMBED_SCRIPT, 'text/javascript; charset=utf-8');

/** Headers that let any site frame or load these answers, and nothing else. */
function openToPartners(reply: FastifyReply) {
  reply.removeHeader('x-frame-options');
  reply.header('cross-origin-resource-policy', 'cross-origin');
  reply.header('x-robots-tag', 'noindex');
}

const PROBLEMS: Record<number, string> = {
  404: 'Ce contenu n’existe pas, n’est pas public ou a été supprimé. Prévenez le site qui l’affiche.',
  500: 'Ce contenu ne peut pas être affiché pour le moment. Réessayez dans un instant.',
};

function sendProblem(reply: FastifyReply, status: number, message: string) {
  const page = renderProblem(message);
  openToPartners(reply);
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('content-security-policy', page.csp)
    .type('text/html; charset=utf-8')
    .send(page.html);
}

export const embedRoutes: FastifyPluginAsyncZod<{
  embeds: EmbedService;
  stats: EmbedStats;
  collections: Pick<CollectionService, 'readable'>;
  rateLimit: { max: number; timeWindow: string };
}> = async (app, { embeds, stats, collections, rateLimit }) => {
  const config = { anonymous: true, rateLimit };

  /** Reads the display options, loads the page (from the cache) and sends it, or a problem page. */
  async function sendEmbed(request: FastifyRequest, reply: FastifyReply, load: (options: EmbedOptions) => Promise<EmbedPage>) {
    const parsed = EmbedQuery.safeParse(request.query);
    if (!parsed.success)
      return sendProblem(
        reply,
        400,
        `Cette intégration est mal configurée : ${parsed.error.issues[0]?.message ?? 'paramètre invalide.'}`,
      );
    let result: EmbedPage;
    try {
      result = await load(embeds.options(parsed.data));
    } catch (error) {
      if (error instanceof AppError && error.status === 404) return sendProblem(reply, 404, PROBLEMS[404]!);
      request.log.error({ err: error }, 'embed failed');
      return sendProblem(reply, 500, PROBLEMS[500]!);
    }
    openToPartners(reply);
    if (result.collectionId) stats.count(result.collectionId, request.headers.referer);
    return sendPrepared(request, reply, result.page, EMBED_CACHE_CONTROL);
  }

  app.get('/embed.js', { config, schema: { hide: true } }, async (request, reply) => {
    reply.header('cross-origin-resource-policy', 'cross-origin');
    return sendPrepared(request, reply, script, SCRIPT_CACHE_CONTROL);
  });

  app.get(
    '/embed/collections/:id',
    { config, schema: { hide: true, params: z.object({ id: z.string().max(100) }) } },
    async (request, reply) => {
      return sendEmbed(request, reply, (options) => embeds.collectionPage(request.params.id, options));
    },
  );

  app.get(
    '/embed/fiches/:slug',
    { config, schema: { hide: true, params: z.object({ slug: z.string().max(100) }) } },
    async (request, reply) => {
      return sendEmbed(request, reply, (options) => embeds.sheetPage(request.params.slug, options));
    },
  );

  app.get(
    '/api/v1/oembed',
    {
      config,
      schema: {
        tags: ['embeds'],
        summary: 'oEmbed : le code d’intégration d’une collection ou d’une fiche publique de Malle',
        description:
          'Fournisseur oEmbed (https://oembed.com), type « rich ». Les CMS (WordPress…) le découvrent par le lien ' +
          '`<link rel="alternate" type="application/json+oembed">` des pages de collection et de fiche. ' +
          '404 : adresse qui n’est pas une page de Malle intégrable ; 401 : contenu qui n’est pas public.',
        querystring: z.object({
          url: z.string().max(2000).meta({ example: 'https://malle.example/collections/0b8e4c1e-5f0a-4c55-9a43-1f1f6f2d7a10' }),
          maxwidth: z.coerce.number().int().min(100).max(4000).optional(),
          maxheight: z.coerce.number().int().min(100).max(10000).optional(),
          format: z.enum(['json', 'xml']).default('json'),
        }),
        response: {
          200: z
            .object({
              version: z.literal('1.0'),
              type: z.literal('rich'),
              title: z.string(),
              author_name: z.string(),
              author_url: z.string().optional(),
              provider_name: z.string(),
              provider_url: z.string(),
              cache_age: z.number(),
              html: z.string(),
              width: z.number(),
              height: z.number(),
            })
            .meta({
              example: {
                version: '1.0',
                type: 'rich',
                title: 'Premiers pas sur internet',
                author_name: 'France Services du Cantal',
                provider_name: 'Malle',
                provider_url: 'https://malle.example',
                cache_age: 3600,
                html: '<iframe src="https://malle.example/embed/collections/0b8e4c1e-…" title="Premiers pas sur internet – collection de fiches Malle" width="640" height="930" loading="lazy" sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" style="border:0;max-width:100%"></iframe>',
                width: 640,
                height: 930,
              },
            }),
          401: ErrorResponse,
          404: ErrorResponse,
          501: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      if (request.query.format !== 'json') throw new AppError('format_not_implemented');
      const answer: PreparedResponse = await embeds.oembed(request.query.url, request.query);
      return sendPrepared(request, reply, answer, 'public, max-age=300');
    },
  );

  app.get(
    '/api/v1/collections/:id/embed-stats',
    {
      schema: {
        tags: ['embeds'],
        summary: 'Affichages de la collection sur des sites partenaires, par jour et par site (éditeurs seulement)',
        security: [{ session: [] }],
        params: z.object({ id: z.uuid() }),
        querystring: z.object({ jours: z.coerce.number().int().min(1).max(365).default(30) }),
        response: {
          200: z.object({
            since: z.string(),
            total: z.number().int(),
            /** Per partner site, most displays first; "" is a site that sends no referrer. */
            domains: z.array(z.object({ domain: z.string(), views: z.number().int() })),
            days: z.array(z.object({ day: z.string(), domain: z.string(), views: z.number().int() })),
          }),
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (request) => {
      const viewer = signedIn(request);
      const { editor } = await collections.readable(request.params.id, viewer);
      if (!editor) throw new AppError('forbidden', { message: 'Seuls les éditeurs de la collection voient ses statistiques.' });
      return stats.report(request.params.id, request.query.jours);
    },
  );
};
