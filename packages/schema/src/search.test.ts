import { describe, expect, it } from 'vitest';
import { activeFilters, ratingBuckets, SearchQuery, SHEET_FILTERS } from './search.ts';

describe('search query', () => {
  it('accepts a filter given once or repeated, and only known values', () => {
    expect(activeFilters(SearchQuery.parse({ themes: 'risques-cyber' }), SHEET_FILTERS)).toEqual({ themes: ['risques-cyber'] });
    expect(activeFilters(SearchQuery.parse({ audiences: ['seniors', 'adultes'] }), SHEET_FILTERS)).toEqual({
      audiences: ['seniors', 'adultes'],
    });
    expect(SearchQuery.safeParse({ themes: 'inconnu' }).success).toBe(false);
    // Base slugs come from the data: only their format is checked (no quote can reach a filter).
    expect(SearchQuery.safeParse({ bases: 'base-1' }).success).toBe(true);
    expect(SearchQuery.safeParse({ bases: 'a" OR readers = "x' }).success).toBe(false);
    expect(SearchQuery.parse({})).toMatchObject({ q: '', type: 'all', sort: 'pertinence', page: 1, pageSize: 20 });
  });

  it('lists active filters only', () => {
    expect(activeFilters(SearchQuery.parse({ themes: 'risques-cyber', audiences: [] }), SHEET_FILTERS)).toEqual({
      themes: ['risques-cyber'],
    });
  });
});

describe('rating buckets', () => {
  it('are cumulative, with a bucket for sheets nobody rated', () => {
    expect(ratingBuckets(null, 0)).toEqual(['sans-note']);
    expect(ratingBuckets(4.5, 12)).toEqual(['4', '3', '2']);
    expect(ratingBuckets(3.2, 3)).toEqual(['3', '2']);
    expect(ratingBuckets(1.5, 2)).toEqual([]);
  });
});
