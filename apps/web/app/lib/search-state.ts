/**
 * The whole state of a search lives in the URL (French parameter names), so a search can be shared:
 * /recherche?q=phishing&onglet=fiches&public=seniors&tri=recent&page=2
 */
import { ALL_FILTERS, SEARCH_SORTS, SEARCH_TABS, type SearchSort, type SearchType } from '@malle/schema/search';

export interface SearchState {
  q: string;
  type: SearchType;
  sort: SearchSort;
  page: number;
  /** API filter key → values. */
  filters: Record<string, string[]>;
}

export const PAGE_SIZE = 20;

export function parseSearchState(url: URL, defaults: Partial<SearchState> = {}): SearchState {
  const params = url.searchParams;
  const tab = SEARCH_TABS.find((t) => t.param === params.get('onglet'));
  const sort = params.get('tri');
  const page = Number.parseInt(params.get('page') ?? '1', 10);
  const filters: Record<string, string[]> = {};
  for (const def of ALL_FILTERS) {
    const values = [...new Set(params.getAll(def.param).filter(Boolean))];
    if (values.length) filters[def.key] = values;
  }
  return {
    q: (params.get('q') ?? '').trim().slice(0, 200),
    type: tab?.type ?? defaults.type ?? 'all',
    sort: SEARCH_SORTS.includes(sort as SearchSort) ? (sort as SearchSort) : 'pertinence',
    page: Number.isFinite(page) && page >= 1 && page <= 1000 ? page : 1,
    filters,
  };
}

/** The API query for a state (English parameter names); `fixed` filters are always applied. */
export function apiQuery(state: SearchState, fixed: Record<string, string[]> = {}): string {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  params.set('type', state.type);
  params.set('sort', state.sort);
  params.set('page', String(state.page));
  params.set('pageSize', String(PAGE_SIZE));
  const filters = { ...state.filters, ...fixed };
  for (const [key, values] of Object.entries(filters)) for (const v of values) params.append(key, v);
  return params.toString();
}

/** The page URL for a state (default values left out, so URLs stay short). */
export function searchUrl(pathname: string, state: SearchState, changes: Partial<SearchState> = {}): string {
  const next = { ...state, ...changes };
  const params = new URLSearchParams();
  if (next.q) params.set('q', next.q);
  const tab = SEARCH_TABS.find((t) => t.type === next.type);
  if (tab && tab.type !== 'all') params.set('onglet', tab.param);
  for (const def of ALL_FILTERS) for (const v of next.filters[def.key] ?? []) params.append(def.param, v);
  if (next.sort !== 'pertinence') params.set('tri', next.sort);
  if (next.page > 1) params.set('page', String(next.page));
  const query = params.toString();
  return query ? `${pathname}?${query}` : pathname;
}

/** The state without one filter value (chips, "no result" suggestions). */
export function withoutFilter(state: SearchState, key: string, value?: string): SearchState {
  const filters = { ...state.filters };
  const kept = value === undefined ? [] : (filters[key] ?? []).filter((v) => v !== value);
  if (kept.length) filters[key] = kept;
  else delete filters[key];
  return { ...state, filters, page: 1 };
}
