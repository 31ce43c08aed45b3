import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Security headers for JSON responses (nothing may be framed or loaded from them) and CORS, closed
 * unless CORS_ORIGINS lists origins. The browser normally reaches the API through the web server's
 * `/api` proxy, on the same origin, and needs no CORS at all.
 */
export const security = fp(async (app: FastifyInstance, opts: { corsOrigins: string[]; hsts: boolean }) => {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
    },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: opts.hsts ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  const closed = {
    origin: opts.corsOrigins.length ? opts.corsOrigins : false,
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['content-type', 'x-csrf-token'],
    maxAge: 600,
  };
  await app.register(cors, {
    delegator: (request, callback) => callback(null, isOpenCorsPath(request.url) ? OPEN_CORS : closed),
  });
  // Partner pages may also load these answers without CORS (helmet's default is same-origin).
  app.addHook('onRequest', async (request, reply) => {
    if (isOpenCorsPath(request.url)) reply.header('cross-origin-resource-policy', 'cross-origin');
  });
});

/**
 * Read-only answers any site may fetch (public API, oEmbed; ADR 013): no credentials, GET only, the
 * API key headers allowed, the cache and rate-limit headers readable by the calling page.
 */
const OPEN_CORS = {
  origin: '*',
  credentials: false,
  methods: ['GET', 'HEAD', 'OPTIONS'],
  allowedHeaders: ['authorization', 'x-api-key'],
  exposedHeaders: ['etag', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after', 'x-request-id'],
  maxAge: 600,
};

export function isOpenCorsPath(url: string): boolean {
  const path = url.split('?', 1)[0]!;
  return path.startsWith('/api/v1/public/') || path === '/api/v1/oembed' || path.startsWith('/api/v1/oembed/');
}
