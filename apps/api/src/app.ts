import '@malle/schema/zod-locale';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import type { Config } from './config.ts';
import type { Database } from './lib/db.ts';
import { AppError } from './lib/errors.ts';
import type { Mailer } from './lib/mailer.ts';
import { createPublicCache, type PublicCache } from './lib/public-cache.ts';
import { createRateLimitStore } from './lib/rate-limits.ts';
import { mailOf } from './lib/mailer.ts';
import { inputGuard } from './plugins/input-guard.ts';
import type { Search } from './lib/search.ts';
import type { Storage } from './lib/storage.ts';
import { accountRoutes } from './modules/accounts/routes.ts';
import { createAccountService, type AccountService } from './modules/accounts/service.ts';
import { baseRoutes } from './modules/bases/routes.ts';
import { createBaseService } from './modules/bases/service.ts';
import { apiKeyRoutes } from './modules/api-keys/routes.ts';
import { createApiKeyService } from './modules/api-keys/service.ts';
import { healthRoutes } from './modules/health/routes.ts';
import { publicApiRoutes } from './modules/public-api/routes.ts';
import { createPublicApi } from './modules/public-api/service.ts';
import { createSearchRelay, type SearchRelay } from './modules/search/relay.ts';
import { searchRoutes } from './modules/search/routes.ts';
import { createSearchService } from './modules/search/service.ts';
import { taxonomyRoutes } from './modules/taxonomies/routes.ts';
import { createJobs, type Jobs } from './lib/jobs.ts';
import { fileRoutes } from './modules/files/routes.ts';
import { createFileService, createSheetFileHooks, type FileService } from './modules/files/service.ts';
import { createUrlSigner } from './modules/files/signing.ts';
import { sheetRoutes } from './modules/sheets/routes.ts';
import { createSheetService } from './modules/sheets/service.ts';
import { collectionRoutes } from './modules/collections/routes.ts';
import { createCollectionService } from './modules/collections/service.ts';
import { ratingRoutes } from './modules/ratings/routes.ts';
import { embedRoutes } from './modules/embeds/routes.ts';
import { createEmbedService } from './modules/embeds/service.ts';
import { createEmbedStats, type EmbedStats } from './modules/embeds/stats.ts';
import { createRatingService } from './modules/ratings/service.ts';
import { errorHandler } from './plugins/error-handler.ts';
import { openapi } from './plugins/openapi.ts';
import { security } from './plugins/security.ts';
import { session, sessionCookieName } from './plugins/session.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Exposed for housekeeping timers in server.ts and for tests. */
    accounts: AccountService;
    /** The background worker: server.ts starts it; tests run pending jobs on demand. */
    jobs: Jobs;
    files: FileService;
    /** Displays of embedded collections, counted in memory and written in batches. */
    embedStats: EmbedStats;
    /** Embeds and the public API, invalidated by the change feed (ADR 012). */
    publicCache: PublicCache;
    /** The search outbox relay (started with the app unless `SEARCH_RELAY=false`). */
    searchRelay: SearchRelay;
  }
}

/** Everything the API talks to, created by the caller (server.ts, or a test). */
export interface AppDeps {
  config: Config;
  db: Database;
  search: Search;
  storage: Storage;
  mailer: Mailer;
  logger?: FastifyBaseLogger | boolean;
}

/** Largest JSON body accepted (documents and forms; files never go through JSON). */
export const BODY_LIMIT_BYTES = 1_048_576;

/**
 * Builds the API without listening: server.ts listens; tests call `app.inject()`. Plugins for
 * outside concerns load before the domain modules.
 */
export async function buildApp(deps: AppDeps) {
  const { config } = deps;
  const app = Fastify({
    loggerInstance: typeof deps.logger === 'object' ? deps.logger : undefined,
    logger: typeof deps.logger === 'boolean' ? deps.logger : undefined,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    genReqId: (req) => {
      // Keep a well-formed id set by our own proxy so that web and API logs line up.
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
    ajv: undefined,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(errorHandler);
  await app.register(inputGuard);
  await app.register(security, { corsOrigins: config.corsOrigins, hsts: config.session.secureCookie });
  await app.register(cookie);
  // Counters shared by every API process (ADR 014).
  const rateLimits = createRateLimitStore(deps.db);
  app.addHook('onClose', async () => rateLimits.flush());
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimit.globalMax,
    timeWindow: '1 minute',
    store: rateLimits.Store,
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', {
        message: `Trop de tentatives. Réessayez dans ${Math.max(1, Math.ceil(context.ttl / 60_000))} minute(s).`,
        details: { retryAfterSeconds: Math.ceil(context.ttl / 1000) },
      }),
  });
  await app.register(openapi);

  const accounts = createAccountService({
    db: deps.db,
    mailer: deps.mailer,
    log: app.log,
    sessionSecret: config.session.secret,
    sessionTtlDays: config.session.ttlDays,
    publicUrl: config.publicUrl,
    counters: rateLimits.counters,
  });
  const cookieOptions = { name: sessionCookieName(config.session.secureCookie), secure: config.session.secureCookie };
  await app.register(session, {
    authenticate: (token) => accounts.authenticate(token),
    cookie: cookieOptions,
    allowedOrigins: [new URL(config.publicUrl).origin, ...config.corsOrigins],
  });

  await app.register(healthRoutes, { db: deps.db, search: deps.search, storage: deps.storage });
  await app.register(accountRoutes, {
    accounts,
    cookie: cookieOptions,
    authRateLimit: { max: config.rateLimit.authMax, timeWindow: config.rateLimit.authWindow },
  });

  // With a size of 0 nothing is cached: every public answer is built from the database.
  const publicCache = createPublicCache({
    databaseUrl: config.database.url,
    log: app.log,
    maxEntries: Math.max(1, config.publicCache.maxEntries),
    ttlMs: config.publicCache.ttlSeconds * 1000,
    disabled: config.publicCache.maxEntries === 0,
  });
  app.addHook('onReady', async () => publicCache.start());
  app.addHook('onClose', async () => publicCache.stop());

  const bases = createBaseService({ db: deps.db, log: app.log, publicUrl: config.publicUrl });
  const sheets = createSheetService({ db: deps.db, bases, files: createSheetFileHooks() });
  const files = createFileService({
    db: deps.db,
    storage: deps.storage,
    config: config.files,
    signer: createUrlSigner(config.session.secret, config.files.urlTtlSeconds),
    sheets,
    log: app.log,
  });
  const ratings = createRatingService({ db: deps.db, sheets });
  const collections = createCollectionService({ db: deps.db, bases, sheets });
  await app.register(baseRoutes, { bases, sheets });
  await app.register(taxonomyRoutes);
  await app.register(sheetRoutes, { sheets, files, ratings });
  await app.register(ratingRoutes, {
    ratings,
    rateLimit: { max: config.rateLimit.ratingMax, timeWindow: config.rateLimit.ratingWindow },
  });
  await app.register(collectionRoutes, { collections });
  const embedStats = createEmbedStats({ db: deps.db, log: app.log, ownHost: new URL(config.publicUrl).hostname });
  app.addHook('onReady', async () => embedStats.start());
  app.addHook('onClose', async () => embedStats.stop());
  await app.register(embedRoutes, {
    embeds: createEmbedService({ db: deps.db, cache: publicCache, collections, sheets, publicUrl: config.publicUrl }),
    stats: embedStats,
    collections,
    rateLimit: { max: config.rateLimit.embedMax, timeWindow: '1 minute' },
  });
  await app.register(fileRoutes, { files, sheets, collections, db: deps.db, storage: deps.storage, publicUrl: config.publicUrl });

  const jobs = createJobs({
    databaseUrl: config.database.url,
    concurrency: config.jobs.concurrency,
    log: app.log,
    tasks: {
      process_blob: async (payload) => {
        await files.processBlob((payload as { sha256: string }).sha256);
      },
      cleanup_files: async () => {
        const removed = await files.cleanup();
        app.log.info(removed, 'files cleanup');
      },
      purge_accounts: async () => {
        const purged = await accounts.purgeExpired();
        const counters = await rateLimits.counters.purge();
        app.log.info({ ...purged, rateLimitCounters: counters }, 'purged expired sessions, reset links and counters');
      },
      send_mail: async (payload) => {
        await deps.mailer.send(mailOf(payload));
      },
      password_reset_mail: async (payload) => {
        const email = (payload as { email?: unknown }).email;
        if (typeof email === 'string') await accounts.sendPasswordReset(email);
      },
    },
    crontab: ['15 * * * * cleanup_files', '45 * * * * purge_accounts'].join('\n'),
  });
  app.addHook('onClose', async () => jobs.stop());

  const searchService = createSearchService({ db: deps.db, search: deps.search, log: app.log });
  await app.register(searchRoutes, { searchService });

  // The public read API and its keys (ADR 013).
  const apiKeys = createApiKeyService({
    db: deps.db,
    log: app.log,
    defaultRateLimit: config.publicApi.rateLimitKey,
    cacheTtlMs: config.publicApi.keyCacheSeconds * 1000,
  });
  await app.register(apiKeyRoutes, { apiKeys });
  await app.register(publicApiRoutes, {
    publicApi: createPublicApi({
      db: deps.db,
      publicUrl: config.publicUrl,
      sheets,
      files,
      collections,
      bases,
      search: searchService,
    }),
    apiKeys,
    cache: publicCache,
    anonymousRateLimit: config.publicApi.rateLimitAnonymous,
  });

  // Keeps the indexes in sync with the database (ADR 007); stopped when the app closes.
  const searchRelay = createSearchRelay({ db: deps.db, search: deps.search, databaseUrl: config.database.url, log: app.log });
  if (config.search.relay) app.addHook('onReady', async () => searchRelay.start());
  app.addHook('onClose', async () => searchRelay.stop());

  app.decorate('accounts', accounts);
  app.decorate('jobs', jobs);
  app.decorate('publicCache', publicCache);
  app.decorate('embedStats', embedStats);
  app.decorate('files', files);
  app.decorate('searchRelay', searchRelay);
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
