import type { ErrorBody, ErrorCode, FieldIssue } from '@malle/schema/errors';
import { ERROR_CODES } from '@malle/schema/errors';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from '../lib/errors.ts';

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
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.error({ err: error }, error.message);
      return send(request, reply, error.code, error.message, error.details);
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
