/**
 * Answers of the public read API (`/api/v1/public/...`, ADR 013): only public content, the same
 * for every caller, with absolute links. Links to files go through the access-checked address
 * (`/api/v1/files/:id`, which redirects to a fresh signed link), so that a cached answer never
 * holds an expired link.
 */
import { z } from 'zod';
import { RatingBadge, RatingSummary } from './ratings.ts';
import { SearchQuery, SearchResult } from './search.ts';

export const PUBLIC_MAX_PAGE_SIZE = 100;

export const PageQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(PUBLIC_MAX_PAGE_SIZE).default(20),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** A page of a list, with its place in the whole. */
export function paginated<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
    totalPages: z.number().int(),
  });
}

export const PublicOwner = z.object({
  kind: z.enum(['base', 'person']),
  id: z.string(),
  /** The base's slug; null for a person. */
  slug: z.string().nullable(),
  name: z.string(),
  /** The owner's page on Malle (null for a person whose profile is not public). */
  url: z.string().nullable(),
});
export type PublicOwner = z.infer<typeof PublicOwner>;

/** One indexing term: its stable id and its French label. */
export const PublicTerm = z.object({ id: z.string(), label: z.string() });
export const PublicIndexing = z.object({
  themes: z.array(PublicTerm),
  resourceTypes: z.array(PublicTerm),
  audiences: z.array(PublicTerm),
  sectors: z.array(PublicTerm),
  durations: z.array(PublicTerm),
  levels: z.array(PublicTerm),
  formats: z.array(PublicTerm),
  competences: z.array(PublicTerm),
});
export type PublicIndexing = z.infer<typeof PublicIndexing>;

export const PublicSheetSummary = z.object({
  id: z.uuid(),
  slug: z.string(),
  /** Title and summary of the latest published version (never the unpublished draft). */
  title: z.string(),
  summary: z.string(),
  owner: PublicOwner,
  latestVersion: z.number().int(),
  publishedAt: z.iso.datetime({ offset: true }),
  licence: z.string(),
  indexing: PublicIndexing,
  rating: RatingBadge,
  /** The sheet's page on Malle. */
  url: z.string(),
  /** This sheet in the public API. */
  apiUrl: z.string(),
});
export type PublicSheetSummary = z.infer<typeof PublicSheetSummary>;

export const PublicFile = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.string(),
  typeLabel: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  sizeLabel: z.string(),
  pageCount: z.number().int().nullable(),
  /** Stable address: checks access, then redirects to a short-lived signed link. */
  downloadUrl: z.string().nullable(),
  thumbnailUrl: z.string().nullable(),
});
export const PublicAttachment = z.object({
  role: z.string(),
  roleLabel: z.string(),
  label: z.string(),
  file: PublicFile.nullable(),
});

export const PublicSheet = z.object({
  id: z.uuid(),
  slug: z.string(),
  owner: PublicOwner,
  latestVersion: z.number().int(),
  adaptedFrom: z.object({ slug: z.string(), title: z.string(), version: z.number().int() }).nullable(),
  version: z.object({
    number: z.number().int(),
    title: z.string(),
    summary: z.string(),
    /** Rendered and sanitized HTML of the body, with absolute, stable links to its images and files. */
    html: z.string(),
    indexing: PublicIndexing,
    licence: z.string(),
    licenceLabel: z.string(),
    changeNote: z.string(),
    authorName: z.string(),
    createdAt: z.iso.datetime({ offset: true }),
    attachments: z.array(PublicAttachment),
    /** This version's page on Malle. */
    url: z.string(),
  }),
  versions: z.array(z.object({ number: z.number().int(), createdAt: z.iso.datetime({ offset: true }), apiUrl: z.string() })),
  rating: RatingSummary,
  url: z.string(),
  apiUrl: z.string(),
});
export type PublicSheet = z.infer<typeof PublicSheet>;

export const PublicCollectionSummary = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  owner: PublicOwner,
  itemCount: z.number().int(),
  updatedAt: z.iso.datetime({ offset: true }),
  url: z.string(),
  apiUrl: z.string(),
});
export type PublicCollectionSummary = z.infer<typeof PublicCollectionSummary>;

export const PublicCollectionItem = z.object({
  sheetId: z.uuid(),
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  owner: PublicOwner,
  /** The version shown: the pinned one, or the latest. */
  version: z.number().int(),
  pinnedVersion: z.number().int().nullable(),
  latestVersion: z.number().int(),
  note: z.string(),
  addedAt: z.iso.datetime({ offset: true }),
  rating: RatingBadge,
  url: z.string(),
  apiUrl: z.string(),
});

export const PublicCollection = PublicCollectionSummary.extend({
  /** `secret_link`: read with its `cle`; do not list it publicly. */
  visibility: z.enum(['public', 'secret_link']),
  items: z.array(PublicCollectionItem),
});
export type PublicCollection = z.infer<typeof PublicCollection>;

export const PublicBaseSummary = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  departement: z.string().nullable(),
  memberCount: z.number().int(),
  url: z.string(),
  apiUrl: z.string(),
});
export type PublicBaseSummary = z.infer<typeof PublicBaseSummary>;

export const PublicBase = PublicBaseSummary.extend({
  contactEmail: z.string().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  /** The base's latest public sheets (at most 100; the full list is in search, filter `bases`). */
  sheets: z.array(PublicSheetSummary),
  collections: z.array(PublicCollectionSummary),
});
export type PublicBase = z.infer<typeof PublicBase>;

/** The same query and answer as `GET /api/v1/search`, always as an anonymous visitor. */
export const PublicSearchQuery = SearchQuery;
export const PublicSearchResult = SearchResult;
