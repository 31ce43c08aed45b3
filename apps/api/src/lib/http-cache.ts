/**
 * Answers prepared once and sent many times (embeds, public API; ADR 012): the body is compressed
 * (brotli and gzip) and hashed when it is built, so that a cached answer costs no CPU to send, and
 * a client holding the same version gets `304 Not Modified` from its ETag.
 */
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface PreparedResponse {
  type: string;
  body: Buffer;
  br: Buffer;
  gzip: Buffer;
  /** Strong validator of the body. */
  etag: string;
  /** Extra headers stored with the body (for instance a CSP holding the page's script hashes). */
  headers: Readonly<Record<string, string>>;
}

/** Below this size compression is not worth a header. */
const MIN_COMPRESS_BYTES = 512;

export function prepareResponse(body: string | Buffer, type: string, headers: Record<string, string> = {}): PreparedResponse {
  const raw = typeof body === 'string' ? Buffer.from(body) : body;
  const small = raw.length < MIN_COMPRESS_BYTES;
  return {
    type,
    body: raw,
    br: small
      ? raw
      : brotliCompressSync(raw, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
        }),
    gzip: small ? raw : gzipSync(raw, { level: 9 }),
    etag: `"${createHash('sha256').update(raw).digest('base64url').slice(0, 27)}"`,
    headers,
  };
}

export function prepareJson(value: unknown, headers: Record<string, string> = {}): PreparedResponse {
  return prepareResponse(JSON.stringify(value), 'application/json; charset=utf-8', headers);
}

/** Does the request's If-None-Match name this ETag (or `*`)? */
export function notModified(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === etag || t === '*');
}

/** Picks the encoding the client accepts (brotli first), without parsing q-values to zero. */
function encodingFor(request: FastifyRequest): 'br' | 'gzip' | null {
  const accept = request.headers['accept-encoding'];
  if (typeof accept !== 'string') return null;
  const offered = accept
    .toLowerCase()
    .split(',')
    .map((part) => part.trim())
    .filter((part) => !/;\s*q=0(\.0*)?$/.test(part))
    .map((part) => part.split(';')[0]!.trim());
  if (offered.includes('br')) return 'br';
  if (offered.includes('gzip')) return 'gzip';
  return null;
}

export function sendPrepared(request: FastifyRequest, reply: FastifyReply, prepared: PreparedResponse, cacheControl: string) {
  reply.header('cache-control', cacheControl).header('etag', prepared.etag).header('vary', 'accept-encoding');
  for (const [name, value] of Object.entries(prepared.headers)) reply.header(name, value);
  if (notModified(request, prepared.etag)) return reply.code(304).send();
  reply.type(prepared.type);
  const encoding = prepared.br === prepared.body ? null : encodingFor(request);
  if (encoding) return reply.header('content-encoding', encoding).send(prepared[encoding]);
  return reply.send(prepared.body);
}
