import {
  Collection,
  CollectionCreateInput,
  CollectionSummary,
  CollectionUpdateInput,
  ItemAddInput,
  ItemOrderInput,
  ItemUpdateInput,
  SavedInInput,
} from '@malle/schema/collections';
import { ErrorResponse } from '@malle/schema/errors';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { signedIn, viewerOf } from '../../plugins/session.ts';
import type { CollectionService } from './service.ts';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const tags = ['collections'];
const auth = [{ session: [], csrf: [] }];
const idParams = z.object({ id: z.uuid() });
const itemParams = idParams.extend({ sheetId: z.uuid() });
/** `cle`: the secret-link key, for collections shared by "lien secret". */
const keyQuery = z.object({ cle: z.string().max(100).optional() });

export const collectionRoutes: FastifyPluginAsyncZod<{ collections: CollectionService }> = async (app, { collections }) => {
  app.get(
    '/api/v1/me/collections',
    {
      schema: {
        tags,
        summary: 'Mes collections (et celles de mes bases) ; avec `sheet`, lesquelles contiennent cette fiche',
        security: auth,
        querystring: keyQuery.extend({ sheet: z.string().max(80).optional() }),
        response: { 200: z.array(CollectionSummary), 401: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => collections.mine(signedIn(request), request.query.sheet, request.query.cle),
  );

  app.post(
    '/api/v1/collections',
    {
      schema: {
        tags,
        summary: 'Créer une collection (personnelle ou d’une base)',
        security: auth,
        body: CollectionCreateInput,
        response: { 201: Collection, ...errors },
      },
    },
    async (request, reply) => {
      const viewer = signedIn(request);
      const id = await collections.create(viewer, request.body);
      return reply.status(201).send(await collections.read(id, viewer));
    },
  );

  app.get(
    '/api/v1/collections/:id',
    {
      schema: {
        tags,
        summary: 'Une collection, avec les fiches que vous pouvez lire (`contenu=1` : avec leur contenu, pour imprimer)',
        params: idParams,
        querystring: keyQuery.extend({ contenu: z.enum(['0', '1']).optional() }),
        response: { 200: Collection, 404: ErrorResponse },
      },
    },
    async (request) => collections.read(request.params.id, viewerOf(request), request.query.cle, request.query.contenu === '1'),
  );

  app.put(
    '/api/v1/collections/:id',
    {
      schema: {
        tags,
        summary: 'Modifier une collection (titre, description, visibilité, renouveler le lien secret)',
        security: auth,
        params: idParams,
        body: CollectionUpdateInput,
        response: { 200: Collection, ...errors },
      },
    },
    async (request) => {
      const viewer = signedIn(request);
      await collections.update(request.params.id, viewer, request.body);
      return collections.read(request.params.id, viewer);
    },
  );

  app.delete(
    '/api/v1/collections/:id',
    {
      schema: {
        tags,
        summary: 'Supprimer une collection',
        security: auth,
        params: idParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await collections.remove(request.params.id, signedIn(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/collections/:id/items',
    {
      schema: {
        tags,
        summary: 'Ajouter une fiche à la fin de la collection',
        security: auth,
        params: idParams,
        body: ItemAddInput,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await collections.addItem(request.params.id, signedIn(request), request.body);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/v1/collections/:id/items/:sheetId',
    {
      schema: {
        tags,
        summary: 'Modifier la note d’une fiche, ou la fixer à une version (null : suivre la dernière)',
        security: auth,
        params: itemParams,
        body: ItemUpdateInput,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await collections.updateItem(request.params.id, signedIn(request), request.params.sheetId, request.body);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/v1/collections/:id/items/:sheetId',
    {
      schema: {
        tags,
        summary: 'Retirer une fiche de la collection',
        security: auth,
        params: itemParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await collections.removeItem(request.params.id, signedIn(request), request.params.sheetId);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/v1/collections/:id/unavailable-items',
    {
      schema: {
        tags,
        summary: 'Retirer les fiches qui ne sont plus disponibles',
        security: auth,
        params: idParams,
        response: { 200: z.object({ removed: z.number().int() }), ...errors },
      },
    },
    async (request) => ({ removed: await collections.removeUnavailable(request.params.id, signedIn(request)) }),
  );

  app.put(
    '/api/v1/collections/:id/order',
    {
      schema: {
        tags,
        summary: 'Réordonner les fiches',
        security: auth,
        params: idParams,
        body: ItemOrderInput,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await collections.reorder(request.params.id, signedIn(request), request.body.sheetIds);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/v1/sheets/:slug/saved-in',
    {
      schema: {
        tags,
        summary: 'Enregistrer une fiche dans exactement ces collections (parmi celles que je peux modifier)',
        security: auth,
        params: z.object({ slug: z.string().max(80) }),
        body: SavedInInput,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await collections.saveIn(request.params.slug, signedIn(request), request.body.collectionIds, request.body.key);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/bases/:slug/collections',
    {
      schema: {
        tags,
        summary: 'Collections d’une base (publiques, ou toutes pour ses membres)',
        params: z.object({ slug: z.string().max(60) }),
        response: { 200: z.array(CollectionSummary), 404: ErrorResponse },
      },
    },
    async (request) => collections.ofBase(request.params.slug, viewerOf(request)),
  );

  app.get(
    '/api/v1/profiles/:id/collections',
    {
      schema: {
        tags,
        summary: 'Collections publiques d’une personne (toutes, pour elle-même)',
        params: z.object({ id: z.uuid() }),
        response: { 200: z.array(CollectionSummary) },
      },
    },
    async (request) => collections.ofPerson(request.params.id, viewerOf(request)),
  );
};
