import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const port = z.coerce.number().int().min(1).max(65535);
const DEV_SESSION_SECRET = 'development-only-session-secret-do-not-use-in-production';

const Env = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    API_HOST: z.string().default('127.0.0.1'),
    API_PORT: port.default(3001),
    /** Public address of the site (the web app), used in e-mailed links and CSRF origin checks. */
    PUBLIC_URL: z.url().default('http://localhost:3000'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Proxies whose X-Forwarded-For is trusted (the web server). Comma-separated addresses/CIDRs. */
    TRUST_PROXY: z.string().default('127.0.0.1,::1'),
    /** Origins allowed to call the API from a browser. Empty: CORS closed. */
    CORS_ORIGINS: z.string().default(''),

    DATABASE_URL: z.url({ error: 'must be a postgres:// URL' }),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    /** Longest statement (server-side limit; the client stops waiting one second later). */
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
    /** Longest wait for a database connection (opening one, or a free one in the pool). */
    DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
    MEILI_URL: z.url(),
    MEILI_MASTER_KEY: z.string().min(16, { error: 'must be at least 16 characters' }),
    /** Prefix of every Meilisearch index, so that several environments can share one server. */
    MEILI_INDEX_PREFIX: z
      .string()
      .regex(/^[a-z0-9_]*$/)
      .default(''),
    /** Longest wait for a search answer; indexing requests get more room. */
    MEILI_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
    /** `false`: this process does not run the search outbox relay (another one does). */
    SEARCH_RELAY: bool.default(true),
    S3_ENDPOINT: z.url(),
    S3_REGION: z.string().default('us-east-1'),
    S3_BUCKET: z.string().min(3),
    S3_ACCESS_KEY_ID: z.string().min(1),
    S3_SECRET_ACCESS_KEY: z.string().min(1),
    S3_FORCE_PATH_STYLE: bool.default(true),
    /** Longest silence on a storage connection (a stalled server), not a limit on a large transfer. */
    S3_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),

    /** Signs CSRF tokens. At least 32 characters; required outside development and tests. */
    SESSION_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
    SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    /** SMTP server for outgoing mail (smtp://user:pass@host:587). Unset: mail goes to MAIL_DIR. */
    SMTP_URL: z.url().optional(),
    MAIL_FROM: z.string().default('Malle <ne-pas-repondre@malle.local>'),
    MAIL_DIR: z.string().default('.data/mail'),

    /** Attempts per window on the account endpoints (per client address). */
    RATE_LIMIT_AUTH_MAX: z.coerce.number().int().min(1).default(10),
    RATE_LIMIT_AUTH_WINDOW: z.string().default('15 minutes'),
    /** Largest file accepted (bytes); images have their own, lower limit. */
    FILE_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(50 * 1024 * 1024),
    IMAGE_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(10 * 1024 * 1024),
    /** How long an announced upload may wait for its bytes before it is cleaned up. */
    UPLOAD_TTL_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
    /** Lifetime of the signed links that serve files (after an authorization check). */
    FILE_URL_TTL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
    /** Limits of the isolated thread that reads uploaded files (thumbnails, text, page count). */
    FILE_PROCESSING_TIMEOUT_SECONDS: z.coerce.number().int().min(5).default(120),
    FILE_PROCESSING_MEMORY_MB: z.coerce.number().int().min(64).default(512),
    /** Background jobs run at once by this process (file processing is CPU-bound). */
    JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
    /** Set to false to run the API without its background worker (another process runs it). */
    JOBS_ENABLED: bool.default(true),
    /** Global ceiling per client address, for every route. */
    RATE_LIMIT_GLOBAL_MAX: z.coerce.number().int().min(1).default(600),
    /** Ratings, replies and reports per window (per signed-in person, or client address). */
    RATE_LIMIT_RATING_MAX: z.coerce.number().int().min(1).default(30),
    RATE_LIMIT_RATING_WINDOW: z.string().default('10 minutes'),
    /** Embed pages and embed.js per client address and minute (a school behind one address shows many). */
    EMBED_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(1200),
    /** Public answers (embeds, public API) kept in memory, invalidated by the change feed (ADR 012). */
    PUBLIC_CACHE_MAX_ENTRIES: z.coerce.number().int().min(0).default(5000),
    /** Safety net: the longest a cached public answer is kept, even without a change. */
    PUBLIC_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
    /** Public read API: requests per minute per client address without an API key (ADR 013). */
    PUBLIC_API_RATE_LIMIT_ANONYMOUS: z.coerce.number().int().min(1).default(60),
    /** Public read API: requests per minute per API key, unless the key has its own limit. */
    PUBLIC_API_RATE_LIMIT_KEY: z.coerce.number().int().min(1).default(1200),
    /** How long an API key lookup is remembered: a revoked key may work this long in other processes. */
    PUBLIC_API_KEY_CACHE_SECONDS: z.coerce.number().int().min(1).max(300).default(30),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production') {
      if (!env.SESSION_SECRET) ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required in production' });
      if (!env.SMTP_URL)
        ctx.addIssue({ code: 'custom', path: ['SMTP_URL'], message: 'is required in production, for password reset mails' });
    }
  });

export type Config = ReturnType<typeof toConfig>;

function toConfig(env: z.output<typeof Env>) {
  return {
    env: env.NODE_ENV,
    host: env.API_HOST,
    port: env.API_PORT,
    publicUrl: env.PUBLIC_URL.replace(/\/$/, ''),
    logLevel: env.LOG_LEVEL,
    trustProxy: env.TRUST_PROXY.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    corsOrigins: env.CORS_ORIGINS.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    database: {
      url: env.DATABASE_URL,
      poolMax: env.DATABASE_POOL_MAX,
      statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
      connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
    },
    meili: {
      url: env.MEILI_URL,
      masterKey: env.MEILI_MASTER_KEY,
      indexPrefix: env.MEILI_INDEX_PREFIX,
      queryTimeoutMs: env.MEILI_TIMEOUT_MS,
    },
    search: { relay: env.SEARCH_RELAY },
    s3: {
      endpoint: env.S3_ENDPOINT,
      region: env.S3_REGION,
      bucket: env.S3_BUCKET,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
      requestTimeoutMs: env.S3_TIMEOUT_MS,
    },
    session: {
      // The fallback only exists in development and tests (refused in production above).
      secret: env.SESSION_SECRET ?? DEV_SESSION_SECRET,
      ttlDays: env.SESSION_TTL_DAYS,
      secureCookie: env.PUBLIC_URL.startsWith('https://'),
    },
    mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, dir: env.MAIL_DIR },
    files: {
      maxBytes: env.FILE_MAX_BYTES,
      imageMaxBytes: env.IMAGE_MAX_BYTES,
      uploadTtlMinutes: env.UPLOAD_TTL_MINUTES,
      urlTtlSeconds: env.FILE_URL_TTL_SECONDS,
      processingTimeoutMs: env.FILE_PROCESSING_TIMEOUT_SECONDS * 1000,
      processingMemoryMb: env.FILE_PROCESSING_MEMORY_MB,
    },
    jobs: { enabled: env.JOBS_ENABLED, concurrency: env.JOBS_CONCURRENCY },
    publicCache: { maxEntries: env.PUBLIC_CACHE_MAX_ENTRIES, ttlSeconds: env.PUBLIC_CACHE_TTL_SECONDS },
    publicApi: {
      rateLimitAnonymous: env.PUBLIC_API_RATE_LIMIT_ANONYMOUS,
      rateLimitKey: env.PUBLIC_API_RATE_LIMIT_KEY,
      keyCacheSeconds: env.PUBLIC_API_KEY_CACHE_SECONDS,
    },
    rateLimit: {
      authMax: env.RATE_LIMIT_AUTH_MAX,
      authWindow: env.RATE_LIMIT_AUTH_WINDOW,
      globalMax: env.RATE_LIMIT_GLOBAL_MAX,
      ratingMax: env.RATE_LIMIT_RATING_MAX,
      ratingWindow: env.RATE_LIMIT_RATING_WINDOW,
      embedMax: env.EMBED_RATE_LIMIT_MAX,
    },
  };
}

/** Every missing or invalid variable, so that one boot attempt shows all of them. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment once, at boot. Throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.') || '(environment)';
        const value = env[name];
        if (value !== undefined) return `${name}: ${issue.message}`;
        return issue.code === 'custom' ? `${name}: is missing (${issue.message})` : `${name}: is missing`;
      }),
    );
  }
  return toConfig(parsed.data);
}
