import type { ErrorBody, ErrorCode, FieldIssue } from '@malle/schema/errors';
import { ERROR_CODES } from '@malle/schema/errors';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { unavailableDependency, type Dependency } from '../lib/dependencies.ts';
import { AppError } from '../lib/errors.ts';

const UNAVAILABLE_CODE: Record<Dependency, ErrorCode> = {
  database: 'database_unavailable',
  search: 'search_unavailable',
  storage: 'storage_unavailable',
};

/** Seconds a client should wait before retrying after an outage answer. */
export const RETRY_AFTER_SECONDS = 5;

// PostgreSQL refuses some text (a NUL character); input checks refuse it first, this is the net.
const INVALID_TEXT_SQLSTATES = new Set(['22P05', '22021', '54000']);

// Fastify's own error codes that map onto our vocabulary.
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation_failed',
};

const BY_STATUS: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

function send(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  message: string,
  details?: ErrorBody['error']['details'],
) {
  const body: ErrorBody = { error: { code, message, ...(details ? { details } : {}) }, requestId: request.id };
  return reply.status(ERROR_CODES[code].status).type('application/json; charset=utf-8').send(body);
}

function toFieldIssues(error: {
  validation: Array<{ keyword: string; instancePath: string; message?: string; params?: Record<string, unknown> }>;
}): FieldIssue[] {
  return error.validation.flatMap((v) => {
    const base = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const keys = v.params?.keys;
    if (v.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
      return keys.map((key) => ({
        path: base ? `${base}.${String(key)}` : String(key),
        message: `Champ inconnu : « ${String(key)} ».`,
      }));
    }
    return [{ path: base, message: v.message ?? 'Valeur invalide.' }];
  });
}

/**
 * The single place where errors become responses: `{ error: { code, message, details? }, requestId }`.
 * Messages of 5xx errors are masked; the error itself is logged with the request id.
 */
export const errorHandler = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const outage = unavailableDependency(error);
    if (outage) {
      // Expected while a dependency is down: logged once per request, without a stack storm.
      request.log.warn({ dependency: outage.dependency, err: outage.cause }, `${outage.dependency} unavailable`);
      const code = UNAVAILABLE_CODE[outage.dependency];
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return send(request, reply, code, ERROR_CODES[code].message, { dependency: outage.dependency });
    }
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.error({ err: error }, error.message);
      if (error.status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return send(request, reply, error.code, error.message, error.details);
    }
    const sqlState = (error as { code?: unknown }).code;
    if (typeof sqlState === 'string' && INVALID_TEXT_SQLSTATES.has(sqlState)) {
      request.log.warn({ err: error }, 'text refused by the database');
      return send(request, reply, 'validation_failed', 'Un des textes envoyés contient un caractère non accepté.');
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      return send(request, reply, 'validation_failed', ERROR_CODES.validation_failed.message, { fields: toFieldIssues(error) });
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
      return send(request, reply, 'internal', ERROR_CODES.internal.message);
    }
    const mapped =
      (error.code && FASTIFY_CODES[error.code]) ||
      (error.statusCode && error.statusCode < 500 ? BY_STATUS[error.statusCode] : undefined);
    if (mapped) return send(request, reply, mapped, ERROR_CODES[mapped].message);
    request.log.error({ err: error }, 'unhandled error');
    return send(request, reply, 'internal', ERROR_CODES.internal.message);
  });

  app.setNotFoundHandler((request, reply) => send(request, reply, 'not_found', ERROR_CODES.not_found.message));
});
