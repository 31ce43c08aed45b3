/**
 * Search queries. Privacy is enforced in the query sent to Meilisearch: every query carries a
 * filter on `readers` built from the viewer's id and memberships, read from PostgreSQL at query
 * time (ADR 007), so hits, snippets, facet counts and totals only ever count what the viewer may
 * read. Facets are disjunctive: OR within a facet, AND across facets, and each facet's counts
 * ignore its own selection (one extra query per active facet, all in one multi-search request).
 */
import {
  activeFilters,
  FILTERS_BY_KIND,
  SEARCH_KINDS,
  type FilterDef,
  type SearchFacet,
  type SearchHit,
  type SearchKind,
  type SearchQuery,
  type SearchResult,
} from '@malle/schema/search';
import { FACETS } from '@malle/schema/taxonomies';
import { MIN_RATINGS_FOR_SCORE } from '@malle/schema/ratings';
import type { FastifyBaseLogger } from 'fastify';
import type { MultiSearchQuery, SearchResponse } from 'meilisearch';
import type { Database } from '../../lib/db.ts';
import { AppError } from '../../lib/errors.ts';
import { meiliErrorCode, type Search } from '../../lib/search.ts';
import { ERROR_CODES } from '@malle/schema/errors';
import { departementLabel, INDEXES, type BaseDocument } from './documents.ts';
import type { IndexKey } from './outbox.ts';
import * as repo from './repo.ts';
import { findsWith, viewerReaders } from '../access/readers.ts';

export interface SearchViewer {
  id: string;
}

const PRE = '\u0002';
const POST = '\u0003';

/** Escapes HTML, then turns the highlight placeholders into <mark>: content can never inject markup. */
/** A document field as text (absent or non-text fields are empty). */
const asText = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

export function safeHighlight(text: unknown): string {
  return asText(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replaceAll(PRE, '<mark>')
    .replaceAll(POST, '</mark>');
}
const plain = (text: unknown) => safeHighlight(asText(text).replaceAll(PRE, '').replaceAll(POST, ''));

/** Kinds that have an index (every search kind does today; a new kind may land without one). */
const indexed = (kind: SearchKind): kind is IndexKey => kind in INDEXES;

/** Beyond this many documents waiting for the relay, search answers 503 rather than risk a leak. */
const MAX_PENDING_CHECKED = 2000;

const quote = (value: string) => `"${value.replace(/["\\]/g, '\\$&')}"`;
const anyOf = (field: string, values: readonly string[]) => `${field} IN [${values.map(quote).join(', ')}]`;

const SORTS: Record<IndexKey, Partial<Record<SearchQuery['sort'], string[]>>> = {
  sheets: {
    recent: ['publishedAt:desc'],
    'mieux-evaluees': ['ratingScore:desc', 'ratingCount:desc'],
    'plus-adaptees': ['usageCount:desc'],
  },
  bases: { recent: ['createdAt:desc'], 'plus-adaptees': ['sheetCount:desc'] },
  collections: { recent: ['updatedAt:desc'], 'plus-adaptees': ['itemCount:desc'] },
  profiles: { recent: ['createdAt:desc'], 'plus-adaptees': ['sheetCount:desc'] },
};

const HIGHLIGHT: Record<
  IndexKey,
  Pick<MultiSearchQuery, 'attributesToHighlight' | 'attributesToCrop' | 'attributesToRetrieve'>
> = {
  sheets: {
    attributesToRetrieve: [
      'id',
      'slug',
      'title',
      'summary',
      'ownerKind',
      'ownerId',
      'ownerName',
      'baseSlug',
      'themes',
      'resourceTypes',
      'readers',
      'hasQuiz',
      'adaptationCount',
      'ratingScore',
      'ratingCount',
      'publishedAt',
      // Meilisearch only formats retrieved attributes: the texts come along for their snippet.
      'bodyText',
      'attachmentText',
    ],
    attributesToHighlight: ['title', 'summary', 'bodyText', 'attachmentText'],
    attributesToCrop: ['summary:40', 'bodyText:24', 'attachmentText:24'],
  },
  bases: {
    attributesToRetrieve: ['id', 'slug', 'name', 'description', 'departement', 'memberCount', 'sheetCount', 'readers'],
    attributesToHighlight: ['name', 'description'],
    attributesToCrop: ['description:40'],
  },
  collections: {
    attributesToRetrieve: ['id', 'title', 'description', 'ownerKind', 'ownerId', 'ownerName', 'baseSlug', 'itemCount', 'readers'],
    attributesToHighlight: ['title', 'description'],
    attributesToCrop: ['description:40'],
  },
  profiles: {
    attributesToRetrieve: ['id', 'name', 'bio', 'departement', 'sheetCount'],
    attributesToHighlight: ['name', 'bio'],
    attributesToCrop: ['bio:40'],
  },
};

const termLabels = new Map<string, Map<string, string>>(
  Object.entries(FACETS).map(([facet, def]) => [facet, new Map(def.terms.map((t) => [t.id, t.label]))]),
);
const labelsOf = (facet: 'themes' | 'resourceTypes', ids: unknown) =>
  (Array.isArray(ids) ? (ids as string[]) : []).map((id) => termLabels.get(facet)?.get(id) ?? id);

type Hit = BaseDocument & { _formatted?: Record<string, unknown> };

function presentHit(kind: IndexKey, hit: Hit): SearchHit {
  const f = hit._formatted ?? {};
  const matched = (field: string) => {
    const value = f[field];
    return typeof value === 'string' && value.includes(PRE) ? safeHighlight(value) : null;
  };
  switch (kind) {
    case 'sheets': {
      const count = Number(hit.ratingCount ?? 0);
      return {
        type: 'sheet',
        id: hit.id,
        slug: String(hit.slug),
        title: safeHighlight(f.title ?? hit.title),
        summary: safeHighlight(f.summary ?? hit.summary),
        snippet: matched('bodyText') ?? matched('attachmentText'),
        owner: {
          kind: hit.ownerKind === 'base' ? 'base' : 'person',
          slug: (hit.baseSlug as string | null) ?? null,
          id: asText(hit.ownerId),
          name: plain(hit.ownerName),
        },
        themes: labelsOf('themes', hit.themes),
        resourceTypes: labelsOf('resourceTypes', hit.resourceTypes),
        access: hit.readers.includes('public') ? 'public' : 'restricted',
        hasQuiz: hit.hasQuiz === true,
        adaptationCount: Number(hit.adaptationCount ?? 0),
        // No score below the badge threshold (ADR 009): a score from one or two ratings misleads.
        rating: count >= MIN_RATINGS_FOR_SCORE ? { score: Number(hit.ratingScore), count } : null,
        publishedAt: new Date(Number(hit.publishedAt)).toISOString(),
      };
    }
    case 'bases':
      return {
        type: 'base',
        id: hit.id,
        slug: String(hit.slug),
        name: safeHighlight(f.name ?? hit.name),
        description: safeHighlight(f.description ?? hit.description),
        departement: departementLabel((hit.departement as string | null) ?? null),
        memberCount: Number(hit.memberCount ?? 0),
        sheetCount: Number(hit.sheetCount ?? 0),
        access: hit.readers.includes('public') ? 'public' : 'restricted',
      };
    case 'collections':
      return {
        type: 'collection',
        id: hit.id,
        title: safeHighlight(f.title ?? hit.title),
        description: safeHighlight(f.description ?? hit.description),
        owner: {
          kind: hit.ownerKind === 'base' ? 'base' : 'person',
          slug: (hit.baseSlug as string | null) ?? null,
          id: asText(hit.ownerId),
          name: plain(hit.ownerName),
        },
        itemCount: Number(hit.itemCount ?? 0),
        access: hit.readers.includes('public') ? 'public' : 'restricted',
      };
    case 'profiles':
      return {
        type: 'profile',
        id: hit.id,
        name: safeHighlight(f.name ?? hit.name),
        bio: safeHighlight(f.bio ?? hit.bio),
        departement: departementLabel((hit.departement as string | null) ?? null),
        sheetCount: Number(hit.sheetCount ?? 0),
      };
  }
}

export type SearchService = ReturnType<typeof createSearchService>;

/**
 * Outages come from the transport as `DependencyUnavailable('search')` (503, ADR 014). An index
 * that does not exist yet (a fresh install before the relay's first run) is an outage too; any
 * other refusal by Meilisearch is a bug here, answered 500.
 */
function notReady(error: unknown): unknown {
  if (meiliErrorCode(error) === 'index_not_found')
    return new AppError('search_unavailable', { message: ERROR_CODES.search_unavailable.message, cause: error });
  return error;
}

export function createSearchService(deps: { db: Database; search: Search; log: FastifyBaseLogger }) {
  const { db, search } = deps;
  const uid = (kind: IndexKey) => search.indexName(kind);

  /** The viewer's reader tokens: public, themself, and their bases. Read at query time. */
  async function readerTokens(viewer: SearchViewer | null): Promise<string[]> {
    return viewerReaders(viewer?.id ?? null, viewer ? await repo.baseIdsOf(db, viewer.id) : []);
  }

  /**
   * Privacy that does not wait for the index (ADR 014): documents with events the relay has not
   * applied yet may be stale in Meilisearch, so each is checked against the database with the
   * same readers rule the documents carry; those this viewer may not find now are excluded from
   * hits and counts alike. The outbox is empty most of the time, and small otherwise.
   */
  async function stalePrivate(kinds: readonly IndexKey[], tokens: readonly string[]): Promise<Map<IndexKey, string[]>> {
    const pending = await repo.pendingDocuments(db, kinds, MAX_PENDING_CHECKED + 1);
    if (pending.length > MAX_PENDING_CHECKED)
      throw new AppError('search_unavailable', {
        message: 'La recherche est en cours de mise à jour. Réessayez dans quelques secondes.',
      });
    const byKind = new Map<IndexKey, string[]>();
    for (const { index_name, doc_id } of pending) {
      const kind = index_name as IndexKey;
      byKind.set(kind, [...(byKind.get(kind) ?? []), doc_id]);
    }
    const out = new Map<IndexKey, string[]>();
    await Promise.all(
      [...byKind].map(async ([kind, ids]) => {
        const now = await INDEXES[kind].readers(db, ids);
        const hidden = ids.filter((id) => !findsWith(now.get(id) ?? null, tokens));
        if (hidden.length) out.set(kind, hidden);
      }),
    );
    return out;
  }

  /** The visibility part of every query, per index: the viewer's readers, minus stale documents. */
  async function visibility(viewer: SearchViewer | null, kinds: readonly IndexKey[]): Promise<(kind: IndexKey) => string> {
    const tokens = await readerTokens(viewer);
    const hidden = await stalePrivate(kinds, tokens);
    const readers = anyOf('readers', tokens);
    return (kind) => {
      const ids = hidden.get(kind);
      return ids ? `${readers} AND id NOT IN [${ids.map(quote).join(', ')}]` : readers;
    };
  }

  function filtersOf(defs: readonly FilterDef[], active: Record<string, string[]>, except?: string): string[] {
    return defs.filter((d) => d.key !== except && active[d.key]).map((d) => anyOf(d.field, active[d.key]!));
  }

  async function multi(queries: MultiSearchQuery[]): Promise<SearchResponse<Hit>[]> {
    try {
      const res = await search.client.multiSearch<{ queries: MultiSearchQuery[] }, Hit>({ queries });
      return res.results;
    } catch (error) {
      throw notReady(error);
    }
  }

  const totalOf = (r: SearchResponse<Hit> | undefined) => r?.totalHits ?? r?.estimatedTotalHits ?? 0;

  // Base names for the "Base" facet, cached for a minute: a renamed base shows its new name soon
  // enough, and a search does not pay a database round trip for labels.
  const nameCache = new Map<string, { name: string; at: number }>();
  async function baseNames(slugs: string[]): Promise<Map<string, string>> {
    const now = Date.now();
    const missing = slugs.filter((slug) => (nameCache.get(slug)?.at ?? 0) < now - 60_000);
    if (missing.length) {
      for (const b of await repo.baseNamesBySlug(db, missing)) nameCache.set(b.slug, { name: b.name, at: now });
      if (nameCache.size > 50_000) nameCache.clear();
    }
    return new Map(slugs.flatMap((slug) => (nameCache.has(slug) ? [[slug, nameCache.get(slug)!.name] as const] : [])));
  }

  async function presentFacets(
    defs: readonly FilterDef[],
    active: Record<string, string[]>,
    distributionOf: (def: FilterDef) => Record<string, number>,
  ): Promise<SearchFacet[]> {
    const dynamic = defs.filter((d) => d.terms === null).flatMap((d) => Object.keys(distributionOf(d)));
    const names = dynamic.length ? await baseNames(dynamic) : new Map<string, string>();
    return defs.map((def) => {
      const counts = distributionOf(def);
      const selected = new Set(active[def.key] ?? []);
      const values = def.terms
        ? def.terms.map((t) => ({ value: t.id, label: t.label, count: counts[t.id] ?? 0, selected: selected.has(t.id) }))
        : [...new Set([...Object.keys(counts), ...selected])].map((slug) => ({
            value: slug,
            label: names.get(slug) ?? slug,
            count: counts[slug] ?? 0,
            selected: selected.has(slug),
          }));
      return {
        key: def.key,
        param: def.param,
        label: def.label,
        values: values
          .filter((v) => v.count > 0 || v.selected)
          .sort((a, b) => (def.terms ? 0 : b.count - a.count || a.label.localeCompare(b.label, 'fr'))),
      };
    });
  }

  return {
    async search(query: SearchQuery, viewer: SearchViewer | null): Promise<SearchResult> {
      const started = performance.now();
      const visible = await visibility(viewer, SEARCH_KINDS.filter(indexed));
      const highlight = { highlightPreTag: PRE, highlightPostTag: POST, cropMarker: '…' };
      const kinds = SEARCH_KINDS.filter(indexed);
      let result: Omit<SearchResult, 'tookMs'>;

      if (query.type === 'all') {
        // One request: per-type totals, plus the first hits of each type, merged by relevance.
        const perType = kinds.map<MultiSearchQuery>((kind) => ({
          indexUid: uid(kind),
          q: query.q,
          filter: [visible(kind)],
          page: 1,
          hitsPerPage: 0,
        }));
        const federated = search.client.multiSearch<
          { federation: { limit: number; offset: number }; queries: MultiSearchQuery[] },
          Hit
        >({
          federation: { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
          queries: kinds.map((kind) => ({
            indexUid: uid(kind),
            q: query.q,
            filter: [visible(kind)],
            ...HIGHLIGHT[kind],
            ...highlight,
          })),
        });
        const [counts, merged] = await Promise.all([
          multi(perType),
          federated.catch((error: unknown) => {
            throw notReady(error);
          }),
        ]);
        const totals = { sheets: 0, bases: 0, collections: 0, profiles: 0 };
        kinds.forEach((kind, i) => (totals[kind] = totalOf(counts[i])));
        const total = kinds.reduce((sum, kind) => sum + totals[kind], 0);
        const byUid = new Map(kinds.map((kind) => [uid(kind), kind]));
        const hits = (merged.hits as Array<Hit & { _federation?: { indexUid: string } }>).flatMap((hit) => {
          const kind = byUid.get(hit._federation?.indexUid ?? '');
          return kind ? [presentHit(kind, hit)] : [];
        });
        result = {
          q: query.q,
          type: 'all',
          sort: query.sort,
          page: query.page,
          pageSize: query.pageSize,
          total,
          totalPages: Math.ceil(total / query.pageSize),
          totals,
          hits,
          facets: [],
        };
      } else if (!indexed(query.type)) {
        // A kind without an index yet: nothing to show, totals of the others.
        const counts = await multi(
          kinds.map((kind) => ({ indexUid: uid(kind), q: query.q, filter: [visible(kind)], page: 1, hitsPerPage: 0 })),
        );
        const totals = { sheets: 0, bases: 0, collections: 0, profiles: 0 };
        kinds.forEach((kind, i) => (totals[kind] = totalOf(counts[i])));
        result = {
          q: query.q,
          type: query.type,
          sort: query.sort,
          page: query.page,
          pageSize: query.pageSize,
          total: 0,
          totalPages: 0,
          totals,
          hits: [],
          facets: [],
        };
      } else {
        const kind = query.type;
        const defs = FILTERS_BY_KIND[kind];
        const active = activeFilters(query, defs);
        const fields = defs.map((d) => d.field);
        const main: MultiSearchQuery = {
          indexUid: uid(kind),
          q: query.q,
          filter: [visible(kind), ...filtersOf(defs, active)],
          facets: fields,
          page: query.page,
          hitsPerPage: query.pageSize,
          sort: SORTS[kind][query.sort],
          ...HIGHLIGHT[kind],
          ...highlight,
        };
        // Disjunctive counts: each active facet counted without its own selection.
        const activeKeys = Object.keys(active);
        const facetQueries = activeKeys.map<MultiSearchQuery>((key) => ({
          indexUid: uid(kind),
          q: query.q,
          filter: [visible(kind), ...filtersOf(defs, active, key)],
          facets: [defs.find((d) => d.key === key)!.field],
          page: 1,
          hitsPerPage: 0,
        }));
        const others = kinds.filter((k) => k !== kind);
        const otherQueries = others.map<MultiSearchQuery>((k) => ({
          indexUid: uid(k),
          q: query.q,
          filter: [visible(k)],
          page: 1,
          hitsPerPage: 0,
        }));
        const responses = await multi([main, ...facetQueries, ...otherQueries]);
        const mainRes = responses[0]!;
        const ownCounts = new Map(activeKeys.map((key, i) => [key, responses[1 + i]!]));
        const totals = { sheets: 0, bases: 0, collections: 0, profiles: 0 };
        totals[kind] = totalOf(mainRes);
        others.forEach((k, i) => (totals[k] = totalOf(responses[1 + activeKeys.length + i])));
        const facets = await presentFacets(defs, active, (def) => {
          const source = ownCounts.get(def.key) ?? mainRes;
          return source.facetDistribution?.[def.field] ?? {};
        });
        result = {
          q: query.q,
          type: kind,
          sort: query.sort,
          page: query.page,
          pageSize: query.pageSize,
          total: totals[kind],
          totalPages: mainRes.totalPages ?? Math.ceil(totals[kind] / query.pageSize),
          totals,
          hits: mainRes.hits.map((hit) => presentHit(kind, hit)),
          facets,
        };
      }

      const tookMs = Math.round(performance.now() - started);
      repo
        .logQuery(db, {
          userId: viewer?.id ?? null,
          q: query.q,
          type: query.type,
          filters: query.type === 'all' ? {} : activeFilters(query, FILTERS_BY_KIND[query.type]),
          sort: query.sort,
          page: query.page,
          total: result.total,
          durationMs: tookMs,
        })
        .catch((error: unknown) => deps.log.warn({ err: error }, 'could not log search query'));
      return { ...result, tookMs };
    },

    /** Suggestions as you type: the best few titles and names the viewer may read. */
    async suggest(q: string, viewer: SearchViewer | null) {
      const visible = await visibility(viewer, ['sheets', 'bases', 'profiles']);
      const [sheets, bases, profiles] = await multi([
        { indexUid: uid('sheets'), q, filter: [visible('sheets')], limit: 5, attributesToRetrieve: ['slug', 'title'] },
        { indexUid: uid('bases'), q, filter: [visible('bases')], limit: 2, attributesToRetrieve: ['slug', 'name'] },
        { indexUid: uid('profiles'), q, filter: [visible('profiles')], limit: 2, attributesToRetrieve: ['id', 'name'] },
      ]);
      return [
        ...(sheets?.hits ?? []).map((h) => ({
          type: 'sheet' as const,
          label: String(h.title),
          url: `/fiches/${String(h.slug)}`,
        })),
        ...(bases?.hits ?? []).map((h) => ({ type: 'base' as const, label: String(h.name), url: `/bases/${String(h.slug)}` })),
        ...(profiles?.hits ?? []).map((h) => ({ type: 'profile' as const, label: String(h.name), url: `/profils/${h.id}` })),
      ];
    },
  };
}
