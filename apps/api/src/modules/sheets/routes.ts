import { Email } from '@malle/schema/accounts';
import { ErrorResponse } from '@malle/schema/errors';
import {
  AdaptInput,
  Draft,
  DraftInput,
  PublishInput,
  Sheet,
  SheetCreateInput,
  SheetListItem,
  VersionSummary,
  VISIBILITIES,
} from '@malle/schema/sheets';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { signedIn, viewerOf } from '../../plugins/session.ts';
import type { Viewer } from '../../lib/viewer.ts';
import type { FileService } from '../files/service.ts';
import type { RatingService } from '../ratings/service.ts';
import { presentDraft, presentListItems, presentSheet, presentVersion } from './presenter.ts';
import type { SheetService } from './service.ts';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const tags = ['fiches'];
const auth = [{ session: [], csrf: [] }];
const slugParams = z.object({ slug: z.string().max(80) });
/** `cle`: the secret-link key, for sheets shared by "lien secret". */
const keyQuery = z.object({ cle: z.string().max(100).optional() });

const TextPart = z.object({ value: z.string(), added: z.boolean().optional(), removed: z.boolean().optional() });
const VersionDiff = z.object({
  from: z.number().int(),
  to: z.number().int(),
  title: z.array(TextPart).nullable(),
  summary: z.array(TextPart).nullable(),
  licence: z.object({ from: z.string(), to: z.string() }).nullable(),
  blocks: z.array(
    z.union([
      z.object({ kind: z.enum(['same', 'added', 'removed']), text: z.string() }),
      z.object({ kind: z.literal('changed'), parts: z.array(TextPart) }),
    ]),
  ),
  quiz: z.object({
    added: z.array(z.string()),
    removed: z.array(z.string()),
    changed: z.array(z.object({ prompt: z.string(), changes: z.array(z.string()) })),
  }),
  attachments: z.object({ added: z.array(z.string()), removed: z.array(z.string()) }),
  indexing: z.array(z.object({ facet: z.string(), label: z.string(), added: z.array(z.string()), removed: z.array(z.string()) })),
});

export const sheetRoutes: FastifyPluginAsyncZod<{
  sheets: SheetService;
  files: FileService;
  ratings: Pick<RatingService, 'summaries'>;
}> = async (app, { sheets, files, ratings }) => {
  async function show(slug: string, viewer: Viewer | null, key: string | undefined, number?: number) {
    const access = await sheets.readable(slug, viewer, key);
    const { sheet, editor } = access;
    const wanted = number ?? sheet.latestVersion;
    const version = wanted > 0 ? await sheets.version(sheet, wanted) : null;
    if (!version) return presentSheet(access, null);
    const resolved = await files.presentVersionFiles(sheet, version.body, version.bodyHtml, viewer, editor, key);
    return presentSheet(access, presentVersion(version, sheets.tableOfContents(version.body), resolved));
  }

  app.post(
    '/api/v1/sheets',
    {
      schema: {
        tags,
        summary: 'Créer une fiche (brouillon)',
        security: auth,
        body: SheetCreateInput,
        response: { 201: Draft, ...errors },
      },
    },
    async (request, reply) => {
      const viewer = signedIn(request);
      const slug = await sheets.create(viewer, request.body);
      return reply.status(201).send(presentDraft(await sheets.editable(slug, viewer), true));
    },
  );

  app.get(
    '/api/v1/me/sheets',
    {
      schema: {
        tags,
        summary: 'Mes fiches : brouillons et publiées, dans toutes mes bases',
        security: auth,
        response: { 200: z.array(SheetListItem), 401: ErrorResponse },
      },
    },
    async (request) => presentListItems(await sheets.mine(signedIn(request)), ratings.summaries, { drafts: true }),
  );

  app.get(
    '/api/v1/profiles/:id/sheets',
    {
      schema: {
        tags,
        summary: 'Fiches publiées dans l’espace personnel d’une personne',
        params: z.object({ id: z.uuid() }),
        response: { 200: z.array(SheetListItem), 404: ErrorResponse },
      },
    },
    async (request) => presentListItems(await sheets.ofPerson(request.params.id, viewerOf(request)), ratings.summaries),
  );

  app.get(
    '/api/v1/sheets/:slug',
    {
      schema: {
        tags,
        summary: 'Une fiche, à sa dernière version',
        params: slugParams,
        querystring: keyQuery,
        response: { 200: Sheet, 404: ErrorResponse },
      },
    },
    async (request) => show(request.params.slug, viewerOf(request), request.query.cle),
  );

  app.get(
    '/api/v1/sheets/:slug/versions',
    {
      schema: {
        tags,
        summary: 'Historique des versions',
        params: slugParams,
        querystring: keyQuery,
        response: { 200: z.array(VersionSummary), 404: ErrorResponse },
      },
    },
    async (request) => {
      const { sheet } = await sheets.readable(request.params.slug, viewerOf(request), request.query.cle);
      return (await sheets.versions(sheet)).map((v) => ({
        number: v.number,
        title: v.title,
        changeNote: v.change_note,
        authorName: v.author_name,
        createdAt: v.created_at.toISOString(),
      }));
    },
  );

  app.get(
    '/api/v1/sheets/:slug/versions/:number',
    {
      schema: {
        tags,
        summary: 'Une version précise d’une fiche',
        params: slugParams.extend({ number: z.coerce.number().int().min(1) }),
        querystring: keyQuery,
        response: { 200: Sheet, 404: ErrorResponse },
      },
    },
    async (request) => show(request.params.slug, viewerOf(request), request.query.cle, request.params.number),
  );

  app.get(
    '/api/v1/sheets/:slug/diff',
    {
      schema: {
        tags,
        summary: 'Comparer deux versions',
        params: slugParams,
        querystring: keyQuery.extend({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }),
        response: { 200: VersionDiff, 404: ErrorResponse },
      },
    },
    async (request) =>
      sheets.diff(request.params.slug, viewerOf(request), request.query.from, request.query.to, request.query.cle),
  );

  app.get(
    '/api/v1/sheets/:slug/draft',
    {
      schema: {
        tags,
        summary: 'Le brouillon (éditeurs)',
        security: auth,
        params: slugParams,
        response: { 200: Draft, ...errors },
      },
    },
    async (request) => {
      const { sheet, hasChanges } = await sheets.draft(request.params.slug, signedIn(request));
      return presentDraft(sheet, hasChanges);
    },
  );

  app.put(
    '/api/v1/sheets/:slug/draft',
    {
      schema: {
        tags,
        summary: 'Enregistrer le brouillon (refusé si quelqu’un l’a modifié entre-temps)',
        security: auth,
        params: slugParams,
        body: DraftInput,
        response: { 200: z.object({ revision: z.number().int() }), ...errors },
      },
    },
    async (request) => ({ revision: await sheets.saveDraft(request.params.slug, signedIn(request), request.body) }),
  );

  app.post(
    '/api/v1/sheets/:slug/publish',
    {
      schema: {
        tags,
        summary: 'Publier le brouillon comme nouvelle version',
        security: auth,
        params: slugParams,
        body: PublishInput,
        response: { 201: z.object({ version: z.number().int() }), ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ version: await sheets.publish(request.params.slug, signedIn(request), request.body) }),
  );

  app.post(
    '/api/v1/sheets/:slug/restore',
    {
      schema: {
        tags,
        summary: 'Restaurer une ancienne version dans le brouillon',
        security: auth,
        params: slugParams,
        body: z.strictObject({ version: z.number().int().min(1) }),
        response: { 200: z.object({ revision: z.number().int() }), ...errors },
      },
    },
    async (request) => ({ revision: await sheets.restore(request.params.slug, signedIn(request), request.body.version) }),
  );

  app.post(
    '/api/v1/sheets/:slug/adapt',
    {
      schema: {
        tags,
        summary: 'Adapter une fiche dans une de mes bases ou mon espace personnel',
        security: auth,
        params: slugParams,
        querystring: keyQuery,
        body: AdaptInput,
        response: { 201: z.object({ slug: z.string() }), ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ slug: await sheets.adapt(request.params.slug, signedIn(request), request.body, request.query.cle) }),
  );

  const Contributor = z.object({ userId: z.uuid(), displayName: z.string() });
  app.get(
    '/api/v1/sheets/:slug/contributors',
    {
      schema: {
        tags,
        summary: 'Contributeurs d’une fiche',
        params: slugParams,
        querystring: keyQuery,
        response: { 200: z.array(Contributor), 404: ErrorResponse },
      },
    },
    async (request) => {
      const { sheet } = await sheets.readable(request.params.slug, viewerOf(request), request.query.cle);
      return (await sheets.contributors(sheet)).map((c) => ({ userId: c.id, displayName: c.display_name }));
    },
  );

  app.post(
    '/api/v1/sheets/:slug/contributors',
    {
      schema: {
        tags,
        summary: 'Ajouter un contributeur (par e-mail)',
        security: auth,
        params: slugParams,
        body: z.strictObject({ email: Email }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await sheets.addContributor(request.params.slug, signedIn(request), request.body.email);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/v1/sheets/:slug/contributors/:userId',
    {
      schema: {
        tags,
        summary: 'Retirer un contributeur',
        security: auth,
        params: slugParams.extend({ userId: z.uuid() }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await sheets.removeContributor(request.params.slug, signedIn(request), request.params.userId);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/v1/sheets/:slug',
    {
      schema: {
        tags,
        summary: 'Supprimer une fiche (propriétaire ou administrateur de sa base)',
        security: auth,
        params: slugParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await sheets.remove(request.params.slug, signedIn(request));
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/v1/sheets/:slug/visibility',
    {
      schema: {
        tags,
        summary: 'Changer la visibilité (et renouveler le lien secret)',
        security: auth,
        params: slugParams,
        body: z.strictObject({ visibility: z.enum(VISIBILITIES), regenerateLink: z.boolean().default(false) }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await sheets.setVisibility(request.params.slug, signedIn(request), request.body.visibility, request.body.regenerateLink);
      return reply.status(204).send(null);
    },
  );
};
