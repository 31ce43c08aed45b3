import { z } from 'zod';
import { Attachment } from './files.ts';
import { RatingBadge } from './ratings.ts';
import { FACETS, isActiveTerm, LICENCES, type Facet } from './taxonomies.ts';

export const VISIBILITIES = ['public', 'private', 'secret_link'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
export const VISIBILITY_LABELS: Record<Visibility, string> = {
  public: 'Publique',
  private: 'Privée (membres de la base et contributeurs)',
  secret_link: 'Lien secret (toute personne qui a le lien)',
};

const facetNames = Object.keys(FACETS) as Facet[];

/** Term ids of one facet: known, still offered, no duplicates, at most the facet's maximum. */
function facetTerms(facet: Facet) {
  const def = FACETS[facet];
  return z
    .array(z.string())
    .max(def.max, { error: `${def.label} : ${def.max} au plus.` })
    .refine((ids) => new Set(ids).size === ids.length, { error: `${def.label} : un terme est en double.` })
    .refine((ids) => ids.every((id) => isActiveTerm(facet, id)), { error: `${def.label} : terme inconnu.` })
    .default([]);
}

/** A sheet's indexing. Drafts may be incomplete; publishing checks the minimums (see missingIndexing). */
export const Indexing = z.strictObject(
  Object.fromEntries(facetNames.map((f) => [f, facetTerms(f)])) as { [F in Facet]: ReturnType<typeof facetTerms> },
);
export type Indexing = z.infer<typeof Indexing>;

export const EMPTY_INDEXING: Indexing = Object.fromEntries(facetNames.map((f) => [f, []])) as unknown as Indexing;

/** French messages for facets below their minimum, keyed by field path; empty when publishable. */
export function missingIndexing(indexing: Indexing): Array<{ path: string; message: string }> {
  return facetNames
    .filter((f) => indexing[f].length < FACETS[f].min)
    .map((f) => ({
      path: `indexing.${f}`,
      message: `${FACETS[f].label} : choisissez-en au moins ${FACETS[f].min}.`,
    }));
}

export const Licence = z.enum(LICENCES.map((l) => l.id) as [string, ...string[]], {
  error: 'Choisissez une licence dans la liste.',
});

export const SheetTitle = z
  .string({ error: 'Indiquez un titre.' })
  .trim()
  .min(1, { error: 'Indiquez un titre.' })
  .max(200, { error: 'Le titre doit contenir au plus 200 caractères.' });

export const SheetCreateInput = z.strictObject({
  title: SheetTitle,
  /** The base that will own the sheet; null for the personal space. */
  baseSlug: z.string().max(60).nullable(),
});

export const DraftInput = z.strictObject({
  /** The revision this edit started from; a newer one on the server means a conflict. */
  revision: z.number().int().min(1),
  title: SheetTitle,
  summary: z.string().trim().max(1000, { error: 'Le résumé doit contenir au plus 1000 caractères.' }),
  /** ProseMirror JSON, validated against the editor's schema by the API. */
  body: z.unknown(),
  indexing: Indexing,
  licence: Licence,
});
export type DraftInput = z.infer<typeof DraftInput>;

export const PublishInput = z.strictObject({
  changeNote: z.string().trim().max(500, { error: 'La note de version doit contenir au plus 500 caractères.' }).default(''),
  visibility: z.enum(VISIBILITIES).optional(),
});

export const VisibilityInput = z.strictObject({ visibility: z.enum(VISIBILITIES) });

export const AdaptInput = z.strictObject({
  /** Target base; null for the personal space. */
  baseSlug: z.string().max(60).nullable(),
  /** Version to adapt; the latest when absent. */
  version: z.number().int().min(1).optional(),
});

const Owner = z.object({
  kind: z.enum(['base', 'person']),
  slug: z.string().nullable(),
  id: z.string(),
  name: z.string(),
});

export const SheetVersion = z.object({
  number: z.number().int(),
  title: z.string(),
  summary: z.string(),
  html: z.string(),
  body: z.unknown(),
  indexing: Indexing,
  licence: z.string(),
  changeNote: z.string(),
  authorName: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  toc: z.array(z.object({ id: z.string(), level: z.number().int(), text: z.string() })),
  /** The version's attachment blocks, in document order, with their files. */
  attachments: z.array(Attachment),
});
export type SheetVersion = z.infer<typeof SheetVersion>;

export const Sheet = z.object({
  id: z.uuid(),
  slug: z.string(),
  owner: Owner,
  visibility: z.enum(VISIBILITIES),
  latestVersion: z.number().int(),
  adaptationCount: z.number().int(),
  adaptedFrom: z.object({ slug: z.string(), title: z.string(), version: z.number().int() }).nullable(),
  /** The version shown (latest, or the one asked for); null for a never-published sheet. */
  version: SheetVersion.nullable(),
  /** What this viewer may do with it (ADR 015): pages show only the actions that will work. */
  viewer: z.object({
    canEdit: z.boolean(),
    canShare: z.boolean(),
    canManageContributors: z.boolean(),
    canDelete: z.boolean(),
  }),
  /** Only for those who may share a secret-link sheet. */
  secretLinkToken: z.string().nullable(),
});
export type Sheet = z.infer<typeof Sheet>;

export const Draft = z.object({
  slug: z.string(),
  revision: z.number().int(),
  title: z.string(),
  summary: z.string(),
  body: z.unknown(),
  indexing: Indexing,
  licence: z.string(),
  updatedAt: z.iso.datetime({ offset: true }),
  updatedBy: z.string().nullable(),
  latestVersion: z.number().int(),
  /** True when the draft differs from the latest version. */
  hasChanges: z.boolean(),
});
export type Draft = z.infer<typeof Draft>;

export const VersionSummary = z.object({
  number: z.number().int(),
  title: z.string(),
  changeNote: z.string(),
  authorName: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
});

export const SheetListItem = z.object({
  id: z.uuid(),
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  owner: Owner,
  visibility: z.enum(VISIBILITIES),
  latestVersion: z.number().int(),
  hasDraftChanges: z.boolean(),
  updatedAt: z.iso.datetime({ offset: true }),
  /** Rating count, and score once there are enough ratings (ratings module). */
  rating: RatingBadge,
});
export type SheetListItem = z.infer<typeof SheetListItem>;
