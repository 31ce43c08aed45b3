/**
 * Index settings, chosen for French (ADR 008). Meilisearch folds case and accents by itself;
 * `localizedAttributes` makes it segment and normalise every field as French. Searchable
 * attributes are ranked: a match in the title outweighs one in the summary, then indexing labels,
 * body text, attachment text.
 */
import type { Settings } from 'meilisearch';

/** Function words that carry no meaning in a query. Kept short: "plus", "sans", "en ligne" matter. */
export const FRENCH_STOP_WORDS = [
  'le',
  'la',
  'les',
  'l',
  'un',
  'une',
  'des',
  'du',
  'de',
  'd',
  'et',
  'ou',
  'à',
  'au',
  'aux',
  'pour',
  'par',
  'dans',
  'avec',
  'ce',
  'cet',
  'cette',
  'ces',
  'qui',
  'que',
  'qu',
  'quoi',
  'son',
  'sa',
  'ses',
  'leur',
  'leurs',
  'se',
  's',
  'est',
  'sont',
  'y',
  'il',
  'elle',
  'on',
  'nous',
  'vous',
  'ils',
  'elles',
  'mon',
  'ma',
  'mes',
  'ton',
  'ta',
  'tes',
  'notre',
  'nos',
  'votre',
  'vos',
  'c',
  'j',
  'm',
  'n',
  't',
];

/**
 * Groups of equivalent words of the field. Each group is expanded into a multi-way mapping
 * (every word points to all the others).
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['hameçonnage', 'phishing', 'filoutage'],
  ['mail', 'courriel', 'e-mail', 'email', 'mel'],
  ['démat', 'dématérialisation', 'démarches en ligne'],
  ['arnaque', 'escroquerie', 'fraude'],
  ['mot de passe', 'mdp'],
  ['ordinateur', 'ordi', 'pc'],
  ['smartphone', 'téléphone portable', 'mobile'],
  ['appli', 'application'],
  ['visio', 'visioconférence'],
  ['ia', 'intelligence artificielle'],
  ['franceconnect', 'france connect'],
  ['cyberharcèlement', 'harcèlement en ligne'],
  ['senior', 'personne âgée', 'aîné'],
  ['caf', 'allocations familiales'],
  ['pôle emploi', 'france travail'],
  ['atelier', 'séance'],
];

export function synonymsOf(groups: readonly (readonly string[])[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const group of groups) {
    for (const word of group) out[word] = [...new Set([...(out[word] ?? []), ...group.filter((w) => w !== word)])];
  }
  return out;
}

const common: Settings = {
  stopWords: FRENCH_STOP_WORDS,
  synonyms: synonymsOf(SYNONYM_GROUPS),
  localizedAttributes: [{ attributePatterns: ['*'], locales: ['fra'] }],
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
  pagination: { maxTotalHits: 100_000 },
  faceting: { maxValuesPerFacet: 200 },
  // Facet values are listed from our vocabularies, never searched in Meilisearch.
  facetSearch: false,
  // Word proximity within an attribute, not word by word: much cheaper indexing (a publication is
  // searchable sooner) for a ranking that still prefers words found in the same field.
  proximityPrecision: 'byAttribute',
};

export const sheetSettings: Settings = {
  ...common,
  searchableAttributes: ['title', 'summary', 'indexingLabels', 'bodyText', 'attachmentText', 'baseName', 'ownerName'],
  // `id`: stale private documents are excluded by id at query time (ADR 014).
  filterableAttributes: [
    'id',
    'readers',
    'themes',
    'themeGroups',
    'resourceTypes',
    'audiences',
    'sectors',
    'durations',
    'levels',
    'formats',
    'competences',
    'licence',
    'baseSlug',
    'hasQuiz',
    'attachmentKinds',
    'ratingBuckets',
  ],
  sortableAttributes: ['publishedAt', 'ratingScore', 'ratingCount', 'usageCount'],
};

export const baseSettings: Settings = {
  ...common,
  searchableAttributes: ['name', 'description', 'departementName'],
  filterableAttributes: ['id', 'readers', 'departement'],
  sortableAttributes: ['createdAt', 'sheetCount'],
};

export const collectionSettings: Settings = {
  ...common,
  searchableAttributes: ['title', 'description', 'ownerName'],
  filterableAttributes: ['id', 'readers'],
  sortableAttributes: ['updatedAt', 'itemCount'],
};

export const profileSettings: Settings = {
  ...common,
  searchableAttributes: ['name', 'bio', 'departementName'],
  filterableAttributes: ['id', 'readers', 'departement'],
  sortableAttributes: ['createdAt', 'sheetCount'],
};
