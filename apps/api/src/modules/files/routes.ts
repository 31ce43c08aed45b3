import type { Readable } from 'node:stream';
import { ErrorResponse } from '@malle/schema/errors';
import { FileInfo, Upload, UploadRequest } from '@malle/schema/files';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../lib/errors.ts';
import { signedIn, viewerOf } from '../../plugins/session.ts';
import type { SheetService } from '../sheets/service.ts';
import type { CollectionService } from '../collections/service.ts';
import { collectionArchive, sheetArchive } from './archive.ts';
import type { FileService } from './service.ts';
import { ANYONE, VARIANTS } from './signing.ts';
import type { Database } from '../../lib/db.ts';
import type { Storage } from '../../lib/storage.ts';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  410: ErrorResponse,
  413: ErrorResponse,
  415: ErrorResponse,
  422: ErrorResponse,
  429: ErrorResponse,
};
const tags = ['fichiers'];
const auth = [{ session: [], csrf: [] }];

/** RFC 6266 / 5987: an ASCII fallback plus the exact UTF-8 name. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii =
    name
      .normalize('NFKD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\]/g, '_') || 'fichier';
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export const fileRoutes: FastifyPluginAsyncZod<{
  files: FileService;
  sheets: SheetService;
  collections: Pick<CollectionService, 'read'>;
  db: Database;
  storage: Storage;
  publicUrl: string;
}> = async (app, { files, sheets, collections, db, storage, publicUrl }) => {
  // Upload bodies are streamed to disk by the service, never buffered by a parser.
  app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));

  app.post(
    '/api/v1/sheets/:slug/uploads',
    {
      schema: {
        tags,
        summary: 'Annoncer un fichier à envoyer (nom, taille, type)',
        description:
          'Vérifie le droit de modifier la fiche et les limites annoncées, puis donne l’adresse où envoyer les octets (PUT, application/octet-stream). Le type réel est vérifié à la réception.',
        security: auth,
        params: z.object({ slug: z.string().max(80) }),
        body: UploadRequest,
        response: { 201: Upload, ...errors },
      },
      config: { rateLimit: { max: 120, timeWindow: '1 hour' } },
    },
    async (request, reply) => reply.status(201).send(await files.announce(request.params.slug, signedIn(request), request.body)),
  );

  app.put(
    '/api/v1/uploads/:id',
    {
      schema: {
        tags,
        summary: 'Envoyer les octets d’un fichier annoncé',
        description:
          'Corps : le fichier brut (application/octet-stream). Le fichier est vérifié (taille réelle, type détecté dans son contenu, archives, dimensions, scripts) avant d’être rangé. Renvoyer le même envoi après succès redonne le même fichier.',
        security: auth,
        params: z.object({ id: z.uuid() }),
        response: { 200: z.object({ file: FileInfo }), 201: z.object({ file: FileInfo }), ...errors },
      },
      config: { rateLimit: { max: 120, timeWindow: '1 hour' } },
    },
    async (request, reply) => {
      const body = request.body as Readable | undefined;
      if (!body || typeof body.pipe !== 'function')
        throw new AppError('unsupported_media_type', {
          message: 'Envoyez le fichier brut (Content-Type: application/octet-stream).',
        });
      const { file, created } = await files.receive(request.params.id, signedIn(request), body);
      return reply.status(created ? 201 : 200).send({ file });
    },
  );

  app.get(
    '/api/v1/files/:id',
    {
      schema: {
        tags,
        summary: 'Ouvrir un fichier (vérifie l’accès, puis redirige vers un lien signé de courte durée)',
        params: z.object({ id: z.uuid() }),
        querystring: z.object({ variant: z.enum(VARIANTS).default('original'), cle: z.string().max(100).optional() }),
        response: { 302: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const url = await files.authorize(request.params.id, viewerOf(request), request.query.variant, request.query.cle);
      // Files anyone may read can be shown by partner pages (public API, embeds; ADR 013).
      if (new URLSearchParams(url.split('?')[1]).get('aud') === ANYONE)
        reply.header('cross-origin-resource-policy', 'cross-origin');
      return reply.header('cache-control', 'no-store').redirect(url, 302);
    },
  );

  app.get(
    '/api/v1/files/:id/:variant',
    {
      schema: {
        tags,
        summary: 'Contenu d’un fichier, par lien signé (expire en quelques minutes)',
        params: z.object({ id: z.uuid(), variant: z.enum(VARIANTS) }),
        querystring: z.object({
          exp: z.string().max(20).optional(),
          aud: z.string().max(64).optional(),
          sig: z.string().max(64).optional(),
        }),
        response: { ...errors },
      },
    },
    async (request, reply) => {
      const opened = await files.open(request.params.id, request.params.variant, request.query, viewerOf(request));
      const remaining = Math.max(0, opened.expires - Math.floor(Date.now() / 1000));
      reply
        .header('content-type', opened.mediaType)
        .header('content-disposition', contentDisposition(opened.inline ? 'inline' : 'attachment', opened.fileName))
        .header('cache-control', `${opened.public ? 'public' : 'private'}, max-age=${remaining}`)
        .header('etag', opened.etag)
        .header('x-content-type-options', 'nosniff');
      if (opened.public) reply.header('cross-origin-resource-policy', 'cross-origin');
      if (opened.size !== null) reply.header('content-length', opened.size);
      if (opened.isPdf) {
        // The browser's PDF viewer must be allowed to run and to be framed by our own pages.
        reply.header('content-security-policy', "frame-ancestors 'self'").header('x-frame-options', 'SAMEORIGIN');
      } else {
        reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox");
      }
      if (request.headers['if-none-match'] === opened.etag) {
        opened.body.destroy();
        return reply
          .removeHeader('content-length')
          .status(304)
          .send(null as never);
      }
      // Streams are sent as they are (no response serialization).
      return reply.send(opened.body as never);
    },
  );

  app.get(
    '/api/v1/sheets/:slug/archive',
    {
      schema: {
        tags,
        summary: 'Télécharger la fiche : page imprimable et fichiers, en un ZIP',
        params: z.object({ slug: z.string().max(80) }),
        querystring: z.object({ version: z.coerce.number().int().min(1).optional(), cle: z.string().max(100).optional() }),
        response: { ...errors },
      },
      config: { rateLimit: { max: 60, timeWindow: '1 hour' } },
    },
    async (request, reply) => {
      const { sheet } = await sheets.readable(request.params.slug, viewerOf(request), request.query.cle);
      const version = await sheets.version(sheet, request.query.version ?? sheet.latestVersion);
      const stream = await sheetArchive({
        db,
        storage,
        sheetId: sheet.id,
        version,
        pageUrl: `${publicUrl}/fiches/${sheet.slug}/v/${version.number}`,
      });
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', contentDisposition('attachment', `${sheet.slug}-v${version.number}.zip`))
        .header('cache-control', 'private, no-store')
        .send(stream as never);
    },
  );

  app.get(
    '/api/v1/collections/:id/archive',
    {
      schema: {
        tags,
        summary: 'Télécharger une collection : ses fiches (pages imprimables et fichiers), en un ZIP',
        params: z.object({ id: z.uuid() }),
        querystring: z.object({ cle: z.string().max(100).optional() }),
        response: { ...errors },
      },
      config: { rateLimit: { max: 30, timeWindow: '1 hour' } },
    },
    async (request, reply) => {
      const viewer = viewerOf(request);
      // The collection answers only with the items this viewer may read.
      const collection = await collections.read(request.params.id, viewer, request.query.cle);
      const items = [];
      for (const item of collection.items) {
        const { sheet } = await sheets.readableById(item.sheetId, viewer);
        const version = await sheets.version(sheet, item.version);
        items.push({
          sheetId: sheet.id,
          slug: sheet.slug,
          note: item.note,
          version,
          pageUrl: `${publicUrl}/fiches/${sheet.slug}/v/${version.number}`,
        });
      }
      const stream = await collectionArchive({
        db,
        storage,
        title: collection.title,
        description: collection.description,
        pageUrl: `${publicUrl}/collections/${collection.id}`,
        items,
      });
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', contentDisposition('attachment', `collection-${collection.id.slice(0, 8)}.zip`))
        .header('cache-control', 'private, no-store')
        .send(stream as never);
    },
  );
};
