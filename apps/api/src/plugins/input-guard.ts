import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../lib/errors.ts';

/** Deeper than any document the editor accepts (its own limit is checked later, with its message). */
const MAX_DEPTH = 64;

/**
 * The path of the first string (key or value) holding a NUL character, or of a structure nested
 * deeper than anything legitimate. PostgreSQL stores neither in text or jsonb.
 */
export function findRefusedText(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '(valeur)' : null;
  if (value === null || typeof value !== 'object') return null;
  if (depth > MAX_DEPTH) return path || '(valeur)';
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findRefusedText(item, path ? `${path}.${i}` : String(i), depth + 1);
      if (found) return found;
    }
    return null;
  }
  // Streams (uploads) and bytes carry no text to check here. (Query objects have a prototype of
  // their own, without Object's: they are checked like plain objects.)
  if (Buffer.isBuffer(value) || typeof (value as { pipe?: unknown }).pipe === 'function') return null;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const keyPath = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return keyPath;
    const found = findRefusedText(item, keyPath, depth + 1);
    if (found) return found;
  }
  return null;
}

function check(request: FastifyRequest) {
  for (const [part, value] of [
    ['params', request.params],
    ['query', request.query],
    ['body', request.body],
  ] as const) {
    const path = findRefusedText(value);
    if (path === null) continue;
    const where = part === 'body' ? path : `${part}.${path}`;
    const message = 'Ce texte contient un caractère non accepté (caractère nul) ou une structure trop imbriquée.';
    throw new AppError('validation_failed', { message, details: { fields: [{ path: where, message }] } });
  }
}

/**
 * Refuses, for every route and before any schema or handler sees them, text that no part of
 * Malle can store: NUL characters in path parameters, query strings or JSON bodies (ADR 014).
 * One check here instead of one per field.
 */
export const inputGuard = fp(async (app: FastifyInstance) => {
  app.addHook('preValidation', async (request) => check(request));
});
