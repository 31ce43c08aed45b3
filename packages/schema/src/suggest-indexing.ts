import { FACETS, type Facet, type Term } from './taxonomies.ts';

/** Lower case, no accents, no punctuation, plurals folded: "Les Démarches" → "le demarche". */
export function normalizeForMatching(text: string): string {
  return ` ${text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’']/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter(Boolean)
    .map((word) => (word.length > 3 && /[sx]$/.test(word) ? word.slice(0, -1) : word))
    .join(' ')} `;
}

function occurrences(haystack: string, needle: string): number {
  const phrase = normalizeForMatching(needle);
  if (phrase.trim().length < 2) return 0;
  let count = 0;
  for (let at = haystack.indexOf(phrase); at !== -1; at = haystack.indexOf(phrase, at + 1)) count += 1;
  return count;
}

export interface Suggestion {
  id: string;
  label: string;
  /** Higher is more likely; only for ordering. */
  score: number;
}

/**
 * Suggests indexing from a sheet's text (title, summary, body, file text) by matching the
 * vocabularies' labels and keywords, so that authors mostly confirm rather than type. The title
 * counts three times. Returns, per facet, at most the facet's maximum, best first.
 */
export function suggestIndexing(input: { title: string; text: string }): Record<Facet, Suggestion[]> {
  const title = normalizeForMatching(input.title);
  const body = normalizeForMatching(input.text);
  const result = {} as Record<Facet, Suggestion[]>;
  for (const [facet, def] of Object.entries(FACETS) as Array<[Facet, (typeof FACETS)[Facet]]>) {
    const scored: Suggestion[] = [];
    for (const term of def.terms as readonly Term[]) {
      if (term.retired) continue;
      let score = 0;
      for (const phrase of [term.label, ...(term.keywords ?? [])]) {
        const weight = phrase === term.label ? 2 : 1;
        score += weight * (3 * occurrences(title, phrase) + occurrences(body, phrase));
      }
      if (score > 0) scored.push({ id: term.id, label: term.label, score });
    }
    result[facet] = scored.sort((a, b) => b.score - a.score || a.label.localeCompare(b.label, 'fr')).slice(0, def.max);
  }
  return result;
}
