/**
 * A deterministic synthetic French corpus of the field: people, bases, sheets (with published
 * versions) and a query log. Same seed, same corpus, same queries.
 */
import {
  AUDIENCES,
  COMPETENCES,
  DURATIONS,
  FORMATS,
  LEVELS,
  LICENCES,
  RESOURCE_TYPES,
  SECTORS,
  THEMES,
} from '../packages/schema/src/taxonomies.ts';

export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const some = <T>(list: readonly T[], min: number, max: number): T[] => {
    const n = min + int(max - min + 1);
    const copy = [...list];
    const out: T[] = [];
    while (out.length < n && copy.length) out.push(copy.splice(int(copy.length), 1)[0]!);
    return out;
  };
  return { next, int, pick, some, chance: (p: number) => next() < p };
}
export type Rng = ReturnType<typeof rng>;

const VERBS = [
  'Découvrir',
  'Apprendre à utiliser',
  'Comprendre',
  'Sécuriser',
  'Repérer',
  'Maîtriser',
  'Initiation à',
  'Atelier pratique :',
  'Premiers pas avec',
  'Accompagner vers',
  'Se familiariser avec',
  'Bien utiliser',
];
const CONTEXTS = [
  'pour les seniors',
  'en médiathèque',
  'en France Services',
  'avec un smartphone',
  'sur ordinateur',
  'en atelier collectif',
  'pas à pas',
  'en permanence',
  'pour les parents',
  'avec une tablette',
  '',
  '',
];
const GENERIC = [
  'numérique',
  'atelier',
  'participants',
  'smartphone',
  'ordinateur',
  'tablette',
  'internet',
  'courriel',
  'compte',
  'mot de passe',
  'application',
  'navigateur',
  'sécurité',
  'données personnelles',
  'démarche',
  'accompagnement',
  'exercice',
  'médiateur',
  'conseiller numérique',
  'autonomie',
  'formulaire',
  'téléchargement',
  'photos',
  'réseaux sociaux',
  'visioconférence',
];
const SENTENCES = [
  (a: string, b: string) => `Les participants découvrent ${a} puis s’exercent avec ${b}.`,
  (a: string, b: string) => `Le médiateur présente ${a} et répond aux questions sur ${b}.`,
  (a: string, b: string) => `Prévoir un temps d’échange sur ${a} avant de passer à ${b}.`,
  (a: string, b: string) => `Chaque personne repart avec une fiche mémo sur ${a} et ${b}.`,
  (a: string, b: string) => `Exercice en binôme : ${a}, puis mise en commun autour de ${b}.`,
  (a: string, b: string) => `On vérifie que chacun sait retrouver ${a} et expliquer ${b}.`,
];

const WORDS_OF_THEME = new Map(THEMES.map((t) => [t.id, [t.label.toLowerCase(), ...(t.keywords ?? [])]]));

export interface SheetSeed {
  title: string;
  summary: string;
  bodyText: string;
  hasQuiz: boolean;
  indexing: Record<string, string[]>;
  licence: string;
  visibility: 'public' | 'private';
  /** Index in the bases list, or null for a personal sheet. */
  base: number | null;
  owner: number;
  createdAt: Date;
}

const ids = (terms: ReadonlyArray<{ id: string; retired?: boolean }>) => terms.filter((t) => !t.retired).map((t) => t.id);

export function makeSheet(r: Rng, i: number, bases: number, people: number): SheetSeed {
  const themes = r.some(ids(THEMES), 1, 3);
  const words = themes.flatMap((t) => WORDS_OF_THEME.get(t) ?? []);
  const topic = r.pick(words);
  const title = `${r.pick(VERBS)} ${topic} ${r.pick(CONTEXTS)}`.trim().replace(/\s+/g, ' ');
  const summary = `Un atelier sur ${r.pick(words)} et ${r.pick(words)}, ${r.pick(CONTEXTS) || 'pour tous les publics'}.`;
  const sentences: string[] = [];
  const n = 6 + r.int(8);
  for (let s = 0; s < n; s++) {
    const a = r.chance(0.6) ? r.pick(words) : r.pick(GENERIC);
    const b = r.chance(0.5) ? r.pick(words) : r.pick(GENERIC);
    sentences.push(r.pick(SENTENCES)(a, b));
  }
  const personal = r.chance(0.1);
  return {
    title: title.slice(0, 200),
    summary,
    bodyText: sentences.join(' '),
    hasQuiz: r.chance(0.2),
    indexing: {
      themes,
      resourceTypes: r.some(ids(RESOURCE_TYPES), 1, 2),
      audiences: r.some(ids(AUDIENCES), 0, 3),
      sectors: r.some(ids(SECTORS), 1, 2),
      durations: r.some(ids(DURATIONS), 0, 1),
      levels: r.some(ids(LEVELS), 0, 1),
      formats: r.some(ids(FORMATS), 0, 2),
      competences: r.some(ids(COMPETENCES), 0, 2),
    },
    licence: r.pick(ids(LICENCES)),
    visibility: r.chance(0.05) ? 'private' : 'public',
    base: personal ? null : r.int(bases),
    owner: r.int(people),
    createdAt: new Date(Date.UTC(2024, 0, 1) + i * 600_000),
  };
}

export const BROAD = ['numérique', 'atelier', 'internet', 'smartphone', 'sécurité', 'démarches'];
const STOP = new Set([
  'pour',
  'avec',
  'les',
  'des',
  'une',
  'sur',
  'pas',
  'aux',
  'dans',
  'par',
  'en',
  'et',
  'la',
  'le',
  'du',
  'de',
]);

export interface BenchQuery {
  q: string;
  /** The same query spelled right, for typo queries. */
  correct: string | null;
  filters: Record<string, string[]>;
  /** Index of a signed-in person (member of bases), or null for an anonymous visitor. */
  viewer: number | null;
}

/** One typo: a letter deleted, doubled, swapped with the next one, or replaced. */
export function typo(r: Rng, word: string): string {
  const i = 1 + r.int(word.length - 2);
  switch (r.int(4)) {
    case 0:
      return word.slice(0, i) + word.slice(i + 1);
    case 1:
      return word.slice(0, i) + word[i] + word.slice(i);
    case 2:
      return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    default:
      return word.slice(0, i) + r.pick([...'aeiourstnl']) + word.slice(i + 1);
  }
}

export const FILTER_KEYS = ['themes', 'audiences', 'resourceTypes', 'sectors', 'levels', 'durations'] as const;

export function makeQueries(r: Rng, sheets: readonly SheetSeed[], count: number, people: number): BenchQuery[] {
  const out: BenchQuery[] = [];
  for (let i = 0; i < count; i++) {
    const sheet = r.pick(sheets);
    const viewer = r.chance(0.2) ? r.int(people) : null;
    if (r.chance(0.1)) {
      out.push({ q: r.pick(BROAD), correct: null, filters: {}, viewer });
      continue;
    }
    const words = `${sheet.title} ${sheet.summary}`
      .toLowerCase()
      .replace(/[^\p{L}\s-]/gu, ' ')
      .split(/\s+/)
      .filter((w) => w.length >= 4 && !STOP.has(w));
    const chosen = r.some([...new Set(words)], 1, 3);
    let q = chosen.join(' ');
    let correct: string | null = null;
    if (r.chance(0.2)) {
      const long = chosen.filter((w) => w.length >= 5);
      if (long.length) {
        const target = r.pick(long);
        correct = q;
        q = chosen.map((w) => (w === target ? typo(r, w) : w)).join(' ');
      }
    }
    const filters: Record<string, string[]> = {};
    if (r.chance(0.3)) {
      for (const key of r.some(FILTER_KEYS, 1, 2)) {
        const values = sheet.indexing[key] ?? [];
        if (values.length) filters[key] = [r.pick(values)];
      }
    }
    out.push({ q, correct, filters, viewer });
  }
  return out;
}
