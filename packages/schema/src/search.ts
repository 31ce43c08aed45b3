/**
 * Search: what can be searched, filtered and sorted, shared by the API (query validation, index
 * settings) and the web app (URL state, filter panel). Filter values are vocabulary ids, so a
 * filter can never inject anything into a Meilisearch filter expression.
 */
import { z } from 'zod';
import { DEPARTEMENTS } from './departements.ts';
import {
  AUDIENCES,
  COMPETENCES,
  DURATIONS,
  FORMATS,
  LEVELS,
  LICENCES,
  RESOURCE_TYPES,
  SECTORS,
  THEME_GROUPS,
  THEMES,
} from './taxonomies.ts';

export const SEARCH_TYPES = ['all', 'sheets', 'bases', 'collections', 'profiles'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];
/** The indexed kinds (every type but `all`). */
export type SearchKind = Exclude<SearchType, 'all'>;
export const SEARCH_KINDS: readonly SearchKind[] = ['sheets', 'bases', 'collections', 'profiles'];

/** Tabs of the results page, in order, with their French URL value. */
export const SEARCH_TABS: ReadonlyArray<{ type: SearchType; param: string; label: string }> = [
  { type: 'all', param: 'tout', label: 'Tout' },
  { type: 'sheets', param: 'fiches', label: 'Fiches' },
  { type: 'bases', param: 'bases', label: 'Bases' },
  { type: 'collections', param: 'collections', label: 'Collections' },
  { type: 'profiles', param: 'profils', label: 'Profils' },
];

export const SEARCH_SORTS = ['pertinence', 'recent', 'mieux-evaluees', 'plus-adaptees'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];
export const SORT_LABELS: Record<SearchSort, string> = {
  pertinence: 'Pertinence',
  recent: 'Les plus récentes',
  'mieux-evaluees': 'Les mieux évaluées',
  'plus-adaptees': 'Les plus utilisées et adaptées',
};

/**
 * Kinds of attached files, for the "has attachments of each kind" filter. The files module maps
 * media types onto these when it extracts attachment text.
 */
export const ATTACHMENT_KINDS = [
  { id: 'pdf', label: 'PDF' },
  { id: 'texte', label: 'Document texte' },
  { id: 'diaporama', label: 'Diaporama' },
  { id: 'tableur', label: 'Tableur' },
  { id: 'image', label: 'Image' },
  { id: 'audio', label: 'Audio' },
  { id: 'video', label: 'Vidéo' },
] as const;

/** The files module's stored kinds (`blobs.kind`) → the attachment kinds people know. */
export const ATTACHMENT_KIND_OF_FILE_KIND: Readonly<Record<string, (typeof ATTACHMENT_KINDS)[number]['id']>> = {
  pdf: 'pdf',
  document: 'texte',
  slides: 'diaporama',
  spreadsheet: 'tableur',
  image: 'image',
  audio: 'audio',
  video: 'video',
};

/**
 * Rating buckets are cumulative ("4 étoiles et plus" includes 5): a sheet carries every bucket it
 * reaches, so one filter value selects "at least N". `sans-note` marks sheets nobody rated yet.
 */
export const RATING_BUCKETS = [
  { id: '4', label: '4 étoiles et plus' },
  { id: '3', label: '3 étoiles et plus' },
  { id: '2', label: '2 étoiles et plus' },
  { id: 'sans-note', label: 'Pas encore évaluée' },
] as const;

/** Buckets of an average score (1–5), or `sans-note` when nobody rated. */
export function ratingBuckets(score: number | null, count: number): string[] {
  if (score === null || count === 0) return ['sans-note'];
  return ['4', '3', '2'].filter((b) => score >= Number(b));
}

export interface FilterDef {
  /** API query parameter (English). */
  key: string;
  /** Web URL parameter (French). */
  param: string;
  label: string;
  /** Attribute in the index. */
  field: string;
  /** Known values with labels; null for values that come from the data (bases). */
  terms: ReadonlyArray<{ id: string; label: string }> | null;
}

const YES = [{ id: 'true', label: 'Avec un quiz' }] as const;

/** Sheet filters, in the order of the side panel. OR within a filter, AND across filters. */
export const SHEET_FILTERS: readonly FilterDef[] = [
  { key: 'themeGroups', param: 'groupe', label: 'Grands thèmes', field: 'themeGroups', terms: THEME_GROUPS },
  { key: 'themes', param: 'thematique', label: 'Thématiques', field: 'themes', terms: THEMES },
  { key: 'resourceTypes', param: 'type', label: 'Types de ressource', field: 'resourceTypes', terms: RESOURCE_TYPES },
  { key: 'audiences', param: 'public', label: 'Publics', field: 'audiences', terms: AUDIENCES },
  { key: 'sectors', param: 'secteur', label: 'Secteurs professionnels', field: 'sectors', terms: SECTORS },
  { key: 'durations', param: 'duree', label: 'Durée', field: 'durations', terms: DURATIONS },
  { key: 'levels', param: 'niveau', label: 'Niveau', field: 'levels', terms: LEVELS },
  { key: 'formats', param: 'format', label: 'Format', field: 'formats', terms: FORMATS },
  { key: 'competences', param: 'competence', label: 'Compétences CRCN / Pix', field: 'competences', terms: COMPETENCES },
  { key: 'licences', param: 'licence', label: 'Licence', field: 'licence', terms: LICENCES },
  { key: 'hasQuiz', param: 'quiz', label: 'Quiz', field: 'hasQuiz', terms: YES },
  { key: 'attachmentKinds', param: 'piece-jointe', label: 'Pièces jointes', field: 'attachmentKinds', terms: ATTACHMENT_KINDS },
  { key: 'ratings', param: 'note', label: 'Évaluation', field: 'ratingBuckets', terms: RATING_BUCKETS },
  { key: 'bases', param: 'base', label: 'Base', field: 'baseSlug', terms: null },
];

const DEPARTEMENT_TERMS = DEPARTEMENTS.map(([id, name]) => ({ id, label: `${name} (${id})` }));
const DEPARTEMENT_FILTER: FilterDef = {
  key: 'departements',
  param: 'departement',
  label: 'Département',
  field: 'departement',
  terms: DEPARTEMENT_TERMS,
};

/** Filters of each kind. Collections get theirs when the collections index lands. */
export const FILTERS_BY_KIND: Record<SearchKind, readonly FilterDef[]> = {
  sheets: SHEET_FILTERS,
  bases: [DEPARTEMENT_FILTER],
  collections: [],
  profiles: [DEPARTEMENT_FILTER],
};

/** Every filter key once (the query schema accepts them all; each kind uses its own). */
export const ALL_FILTERS: readonly FilterDef[] = [...SHEET_FILTERS, DEPARTEMENT_FILTER];

export const MAX_PAGE_SIZE = 50;
export const MAX_QUERY_LENGTH = 200;

const BASE_SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A repeated query parameter arrives as a string or an array of strings. */
function filterValues(def: FilterDef) {
  const ids = def.terms ? new Set(def.terms.map((t) => t.id)) : null;
  return z
    .preprocess(
      (v) => (typeof v === 'string' ? [v] : v),
      z
        .array(z.string().max(80))
        .max(30, { error: `${def.label} : 30 valeurs au plus.` })
        .refine((values) => values.every((v) => (ids ? ids.has(v) : BASE_SLUG.test(v))), {
          error: `${def.label} : valeur inconnue.`,
        }),
    )
    .optional();
}

export const SearchQuery = z.strictObject({
  q: z
    .string()
    .max(MAX_QUERY_LENGTH, { error: `La recherche contient au plus ${MAX_QUERY_LENGTH} caractères.` })
    .default(''),
  type: z.enum(SEARCH_TYPES, { error: 'Type inconnu (all, sheets, bases, collections ou profiles).' }).default('all'),
  sort: z.enum(SEARCH_SORTS, { error: 'Tri inconnu.' }).default('pertinence'),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
  ...(Object.fromEntries(ALL_FILTERS.map((f) => [f.key, filterValues(f)])) as Record<string, ReturnType<typeof filterValues>>),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

/** The active filters of a query: key → values (only non-empty ones). */
export function activeFilters(query: Record<string, unknown>, defs: readonly FilterDef[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const def of defs) {
    const values = query[def.key];
    if (Array.isArray(values) && values.length) out[def.key] = values as string[];
  }
  return out;
}

const Owner = z.object({ kind: z.enum(['base', 'person']), slug: z.string().nullable(), id: z.string(), name: z.string() });

/** Text fields of hits are HTML: escaped, with matches wrapped in <mark>. */
export const SheetHit = z.object({
  type: z.literal('sheet'),
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  /** A passage of the body or attachments around the match, when the match is there. */
  snippet: z.string().nullable(),
  owner: Owner,
  themes: z.array(z.string()),
  resourceTypes: z.array(z.string()),
  /** `restricted`: private to its base or author (shown to members only). */
  access: z.enum(['public', 'restricted']),
  hasQuiz: z.boolean(),
  adaptationCount: z.number().int(),
  rating: z.object({ score: z.number(), count: z.number().int() }).nullable(),
  publishedAt: z.iso.datetime({ offset: true }),
});
export const BaseHit = z.object({
  type: z.literal('base'),
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  departement: z.string().nullable(),
  memberCount: z.number().int(),
  sheetCount: z.number().int(),
  access: z.enum(['public', 'restricted']),
});
export const ProfileHit = z.object({
  type: z.literal('profile'),
  id: z.string(),
  name: z.string(),
  bio: z.string(),
  departement: z.string().nullable(),
  sheetCount: z.number().int(),
});
export const CollectionHit = z.object({
  type: z.literal('collection'),
  id: z.string(),
  title: z.string(),
  description: z.string(),
  owner: Owner,
  itemCount: z.number().int(),
  access: z.enum(['public', 'restricted']),
});
export const SearchHit = z.discriminatedUnion('type', [SheetHit, BaseHit, CollectionHit, ProfileHit]);
export type SearchHit = z.infer<typeof SearchHit>;

export const FacetValue = z.object({ value: z.string(), label: z.string(), count: z.number().int(), selected: z.boolean() });
export const SearchFacet = z.object({
  key: z.string(),
  param: z.string(),
  label: z.string(),
  values: z.array(FacetValue),
});
export type SearchFacet = z.infer<typeof SearchFacet>;

export const SearchResult = z.object({
  q: z.string(),
  type: z.enum(SEARCH_TYPES),
  sort: z.enum(SEARCH_SORTS),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Hits of the asked type (all types merged for `all`). */
  total: z.number().int(),
  totalPages: z.number().int(),
  /** Hits of each type for the same words (filters apply to the type they belong to). */
  totals: z.object({
    sheets: z.number().int(),
    bases: z.number().int(),
    collections: z.number().int(),
    profiles: z.number().int(),
  }),
  hits: z.array(SearchHit),
  facets: z.array(SearchFacet),
  tookMs: z.number().int(),
});
export type SearchResult = z.infer<typeof SearchResult>;

export const Suggestion = z.object({
  type: z.enum(['sheet', 'base', 'profile']),
  label: z.string(),
  url: z.string(),
});
export const SuggestResult = z.object({ q: z.string(), suggestions: z.array(Suggestion) });
