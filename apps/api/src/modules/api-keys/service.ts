/**
 * API keys of the public read API (ADR 013). A person creates keys in their settings; the secret
 * is shown once and only its SHA-256 is stored. Keys only raise the caller's rate limit: the
 * public API answers the same public content with or without one.
 *
 * Lookups are cached in memory for `cacheTtlMs` (a burst of calls costs one query per key), so a
 * key revoked in another API process keeps working there for at most that long; in the process
 * that revoked it, revocation is immediate. `last_used_at` is written at most once per
 * `touchEveryMs` per key and process.
 */
import { randomBytes } from 'node:crypto';
import { MAX_API_KEYS_PER_PERSON, type ApiKey, type CreatedApiKey } from '@malle/schema/api-keys';
import { LRUCache } from 'lru-cache';
import type { Database } from '../../lib/db.ts';
import { AppError } from '../../lib/errors.ts';
import { hashToken } from '../../lib/tokens.ts';
import * as repo from './repo.ts';
import type { ApiKeyRow } from './repo.ts';

/** Every secret starts with this, so that leaked keys are easy to recognise (secret scanners). */
export const KEY_PREFIX = 'malle_';
const VISIBLE_CHARS = KEY_PREFIX.length + 8;

/** The key a request carries, once checked. */
export interface CallerKey {
  id: string;
  rateLimitPerMinute: number;
}

interface Logger {
  warn(obj: object, msg: string): void;
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>;

export function createApiKeyService(deps: {
  db: Database;
  log: Logger;
  defaultRateLimit: number;
  cacheTtlMs?: number;
  touchEveryMs?: number;
}) {
  const { db } = deps;
  const cacheTtlMs = deps.cacheTtlMs ?? 30_000;
  const touchEveryMs = deps.touchEveryMs ?? 60_000;
  // Hash (hex) → the key, or null for an unknown secret (a flood of wrong keys costs one query each
  // per TTL, not one per request).
  const cache = new LRUCache<string, { key: CallerKey | null }>({ max: 10_000, ttl: cacheTtlMs });
  const touchedAt = new Map<string, number>();

  const limitOf = (row: Pick<ApiKeyRow, 'rate_limit_per_minute'>) => row.rate_limit_per_minute ?? deps.defaultRateLimit;

  function present(row: ApiKeyRow): ApiKey {
    return {
      id: row.id,
      name: row.name,
      prefix: row.prefix,
      rateLimitPerMinute: limitOf(row),
      createdAt: row.created_at.toISOString(),
      lastUsedAt: row.last_used_at?.toISOString() ?? null,
    };
  }

  function touch(id: string) {
    const now = Date.now();
    if (now - (touchedAt.get(id) ?? 0) < touchEveryMs) return;
    touchedAt.set(id, now);
    if (touchedAt.size > 10_000) touchedAt.clear();
    repo.touch(db, id).catch((error: unknown) => deps.log.warn({ err: error }, 'could not record API key use'));
  }

  return {
    async list(userId: string): Promise<ApiKey[]> {
      return (await repo.listLive(db, userId)).map(present);
    },

    async create(userId: string, name: string): Promise<CreatedApiKey> {
      const secret = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
      const row = await db.transaction().execute(async (trx) => {
        await repo.lockUser(trx, userId);
        if ((await repo.countLive(trx, userId)) >= MAX_API_KEYS_PER_PERSON) throw new AppError('api_key_limit');
        return repo.insertKey(trx, { userId, name, prefix: secret.slice(0, VISIBLE_CHARS), hash: hashToken(secret) });
      });
      return { ...present(row), secret };
    },

    async revoke(userId: string, id: string): Promise<void> {
      if (!(await repo.revoke(db, userId, id))) throw new AppError('not_found');
      // Immediate in this process; other processes forget it within cacheTtlMs.
      for (const [hash, entry] of cache.entries()) if (entry.key?.id === id) cache.delete(hash);
    },

    /** The live key for this secret, or null (unknown, malformed or revoked). */
    async authenticate(secret: string): Promise<CallerKey | null> {
      if (!secret.startsWith(KEY_PREFIX) || secret.length > 200) return null;
      const hash = hashToken(secret);
      const id = hash.toString('hex');
      let entry = cache.get(id);
      if (!entry) {
        const row = await repo.findByHash(db, hash);
        entry = { key: row ? { id: row.id, rateLimitPerMinute: limitOf(row) } : null };
        cache.set(id, entry);
      }
      if (entry.key) touch(entry.key.id);
      return entry.key;
    },
  };
}
