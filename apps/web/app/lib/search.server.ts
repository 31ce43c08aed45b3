import type { SearchResult } from '@malle/schema/search';
import type { AppLoadContext } from 'react-router';
import { callApi } from './api.server.ts';
import { apiQuery, parseSearchState, type SearchState } from './search-state.ts';

/** Runs the search described by the page URL (plus fixed filters, e.g. a theme landing page). */
export async function loadSearch(
  request: Request,
  context: AppLoadContext,
  options: { fixed?: Record<string, string[]>; defaults?: Partial<SearchState> } = {},
) {
  const url = new URL(request.url);
  const state = parseSearchState(url, options.defaults);
  const res = await callApi<SearchResult>(request, context, `/api/v1/search?${apiQuery(state, options.fixed)}`);
  if (!res.ok) {
    // A hand-edited URL with an unknown filter value: show the error on the page, not a crash.
    if (res.status === 400) return { state, pathname: url.pathname, result: null, error: res.error.message };
    throw new Response(res.error.message, { status: res.status });
  }
  return { state, pathname: url.pathname, result: res.data, error: null };
}
