import { suggestIndexing } from '@malle/schema/suggest-indexing';
import { CRCN, FACETS, LICENCES, TAXONOMY_VERSION, THEME_GROUPS, type Facet } from '@malle/schema/taxonomies';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const TermDto = z.object({ id: z.string(), label: z.string() });
const Suggestion = TermDto.extend({ score: z.number() });
const facetNames = Object.keys(FACETS) as [Facet, ...Facet[]];

const Taxonomies = z.object({
  version: z.number().int(),
  themeGroups: z.array(z.object({ id: z.string(), label: z.string(), themes: z.array(TermDto) })),
  competenceDomains: z.array(z.object({ id: z.string(), label: z.string(), competences: z.array(TermDto) })),
  licences: z.array(TermDto.extend({ allowsAdaptation: z.boolean(), url: z.string().nullable() })),
  facets: z.record(
    z.enum(facetNames),
    z.object({ label: z.string(), min: z.number().int(), max: z.number().int(), terms: z.array(TermDto) }),
  ),
});

const term = (t: { id: string; label: string }) => ({ id: t.id, label: t.label });

// Built once: the vocabularies only change with a deploy.
const body: z.infer<typeof Taxonomies> = {
  version: TAXONOMY_VERSION,
  themeGroups: THEME_GROUPS.map((g) => ({ id: g.id, label: g.label, themes: g.themes.filter((t) => !t.retired).map(term) })),
  competenceDomains: CRCN.map((d) => ({ id: d.id, label: d.label, competences: d.competences.map(term) })),
  licences: LICENCES.map((l) => ({ ...term(l), allowsAdaptation: l.allowsAdaptation, url: l.url })),
  facets: Object.fromEntries(
    Object.entries(FACETS).map(([facet, def]) => [
      facet,
      { label: def.label, min: def.min, max: def.max, terms: def.terms.filter((t) => !('retired' in t && t.retired)).map(term) },
    ]),
  ) as z.infer<typeof Taxonomies>['facets'],
};

/** The indexing vocabularies, and suggestions of indexing from a text. */
export const taxonomyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/taxonomies',
    {
      schema: {
        tags: ['indexation'],
        summary: 'Vocabulaires d’indexation (thématiques, publics, types…)',
        response: { 200: Taxonomies },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      return body;
    },
  );

  app.post(
    '/api/v1/indexing/suggestions',
    {
      schema: {
        tags: ['indexation'],
        summary: 'Suggérer une indexation à partir du texte d’une fiche',
        body: z.strictObject({ title: z.string().max(300), text: z.string().max(200_000) }),
        response: { 200: z.record(z.enum(facetNames), z.array(Suggestion)) },
      },
    },
    async (request) => suggestIndexing(request.body),
  );
};
