/**
 * Indexing vocabularies, as data. Sheets store term ids (stable slugs); labels live here and can be
 * reworded without touching a row. Rules: an id is never reused or renamed; a term that must go
 * is marked `retired` (kept for existing sheets, no longer offered). Bump TAXONOMY_VERSION when a
 * list changes, so that search indexes and caches know to refresh their labels.
 *
 * Thématiques, types, publics, secteurs and licences come from Les Bases du numérique d'intérêt
 * général, so that content and habits carry over; durée, niveau, format and CRCN/Pix are ours.
 */
export const TAXONOMY_VERSION = 1;

export interface Term {
  id: string;
  label: string;
  /** Extra words that point to this term when suggesting indexing from a sheet's text. */
  keywords?: readonly string[];
  retired?: boolean;
}

export interface ThemeGroup {
  id: string;
  label: string;
  themes: readonly Term[];
}

export const THEME_GROUPS: readonly ThemeGroup[] = [
  {
    id: 'inclusion-numerique',
    label: 'Inclusion numérique',
    themes: [
      {
        id: 'diagnostic-competences',
        label: 'Diagnostic de compétences numériques',
        keywords: ['diagnostic', 'positionnement', 'évaluation des compétences', 'pix'],
      },
      {
        id: 'demarches-administratives',
        label: 'Aides aux démarches administratives',
        keywords: [
          'démarche',
          'démarches en ligne',
          'démat',
          'dématérialisation',
          'impots.gouv',
          'caf',
          'ants',
          'france connect',
          'franceconnect',
          'ameli',
          'pôle emploi',
          'france travail',
        ],
      },
      {
        id: 'maitrise-outils',
        label: 'Maîtrise des outils numériques',
        keywords: [
          'ordinateur',
          'clavier',
          'souris',
          'smartphone',
          'tablette',
          'traitement de texte',
          'tableur',
          'premiers pas',
          'bureautique',
        ],
      },
      {
        id: 'navigation-internet',
        label: 'Navigation sur internet',
        keywords: ['navigateur', 'moteur de recherche', 'site web', 'internet', 'recherche en ligne', 'favoris'],
      },
      {
        id: 'accessibilite',
        label: 'Accessibilité',
        keywords: ['handicap', 'malvoyant', 'lecteur d’écran', 'rgaa', 'accessible'],
      },
      {
        id: 'reseaux-sociaux',
        label: 'Réseaux sociaux et communication',
        keywords: ['facebook', 'instagram', 'whatsapp', 'tiktok', 'messagerie', 'visioconférence', 'courriel', 'e-mail', 'mail'],
      },
      {
        id: 'numerique-sante',
        label: 'Numérique en santé',
        keywords: ['mon espace santé', 'doctolib', 'téléconsultation', 'santé', 'ordonnance'],
      },
      {
        id: 'parentalite',
        label: 'Parentalité',
        keywords: ['parents', 'enfants', 'écrans', 'contrôle parental', 'pronote', 'ent'],
      },
      {
        id: 'risques-cyber',
        label: 'Risques cyber et protection',
        keywords: [
          'hameçonnage',
          'phishing',
          'arnaque',
          'escroquerie',
          'mot de passe',
          'sécurité',
          'cybersécurité',
          'virus',
          'piratage',
          'double authentification',
          'cybermalveillance',
        ],
      },
    ],
  },
  {
    id: 'culture-numerique',
    label: 'Culture numérique',
    themes: [
      {
        id: 'loisirs-creations',
        label: 'Loisirs et créations numériques',
        keywords: ['photo', 'vidéo', 'montage', 'musique', 'dessin', 'impression 3d', 'loisirs'],
      },
      {
        id: 'citoyennete-engagement',
        label: 'Citoyenneté et engagement',
        keywords: ['citoyen', 'vote', 'participation', 'engagement', 'démocratie'],
      },
      {
        id: 'code-programmation',
        label: 'Code et programmation',
        keywords: ['code', 'programmation', 'scratch', 'python', 'algorithme', 'robot', 'arduino'],
      },
      { id: 'donnees', label: 'Données', keywords: ['données', 'open data', 'cookies', 'traces', 'rgpd'] },
      {
        id: 'emploi-entrepreneuriat',
        label: 'Emploi et entrepreneuriat',
        keywords: ['emploi', 'cv', 'candidature', 'entretien', 'linkedin', 'recherche d’emploi', 'entreprise'],
      },
      {
        id: 'intelligence-artificielle',
        label: 'Intelligence artificielle',
        keywords: ['ia', 'intelligence artificielle', 'chatgpt', 'mistral', 'algorithme', 'ia générative'],
      },
      { id: 'jeux-video', label: 'Jeux vidéos', keywords: ['jeu vidéo', 'jeux vidéo', 'gaming', 'console'] },
      {
        id: 'education-medias',
        label: 'Éducation aux médias',
        keywords: ['infox', 'fake news', 'désinformation', 'fausses informations', 'médias', 'esprit critique', 'information'],
      },
    ],
  },
  {
    id: 'communs-souverainete',
    label: 'Communs et souveraineté',
    themes: [
      {
        id: 'communs-numeriques',
        label: 'Communs numériques',
        keywords: ['communs', 'wikipédia', 'openstreetmap', 'contribution'],
      },
      {
        id: 'economie-numerique',
        label: 'Économie numérique',
        keywords: ['économie', 'plateformes', 'commerce en ligne', 'e-commerce'],
      },
      { id: 'gouvernances-partagees', label: 'Gouvernances partagées', keywords: ['gouvernance', 'coopération', 'collectif'] },
      {
        id: 'open-source',
        label: 'Open source et licences libres',
        keywords: ['logiciel libre', 'open source', 'libre', 'linux', 'licence libre', 'creative commons'],
      },
      {
        id: 'souverainete-hebergement',
        label: 'Souveraineté numérique et hébergement des données',
        keywords: ['souveraineté', 'hébergement', 'cloud', 'nuage'],
      },
    ],
  },
  {
    id: 'numerique-environnement',
    label: 'Numérique et environnement',
    themes: [
      { id: 'sobriete-numerique', label: 'Sobriété numérique', keywords: ['sobriété', 'empreinte', 'consommation', 'énergie'] },
      {
        id: 'materiel-reconditionne',
        label: 'Matériel reconditionné',
        keywords: ['reconditionné', 'réemploi', 'réparation', 'seconde main'],
      },
      { id: 'mobilites', label: 'Mobilités', keywords: ['mobilité', 'transport', 'covoiturage', 'itinéraire'] },
      { id: 'ecoconception', label: 'Écoconception de services numériques', keywords: ['écoconception', 'éco-conception'] },
      {
        id: 'usages-responsables',
        label: 'Usages responsables du numérique',
        keywords: ['usages responsables', 'déconnexion', 'temps d’écran'],
      },
      {
        id: 'numerique-environnement',
        label: 'Numérique au service de l’environnement',
        keywords: ['environnement', 'climat', 'biodiversité'],
      },
      {
        id: 'territoires-connectes',
        label: 'Territoires connectés et durables',
        keywords: ['territoire', 'ville connectée', 'smart city'],
      },
    ],
  },
];

export const RESOURCE_TYPES: readonly Term[] = [
  {
    id: 'ressource-pedagogique',
    label: 'Ressource pédagogique',
    keywords: ['atelier', 'séance', 'animation', 'déroulé', 'exercice'],
  },
  { id: 'outil-numerique', label: 'Outil numérique', keywords: ['outil', 'application', 'logiciel'] },
  { id: 'annuaire', label: 'Annuaire', keywords: ['annuaire', 'liste de contacts', 'carte des lieux'] },
  { id: 'article', label: 'Article', keywords: ['article'] },
  { id: 'boite-a-outils', label: 'Boîte à outils', keywords: ['boîte à outils', 'kit'] },
  { id: 'infographie', label: 'Infographie', keywords: ['infographie', 'affiche', 'schéma'] },
  { id: 'methodologie', label: 'Méthodologie', keywords: ['méthode', 'méthodologie', 'guide', 'démarche pas à pas'] },
  { id: 'questionnaire', label: 'Questionnaire', keywords: ['quiz', 'questionnaire', 'qcm', 'test'] },
  { id: 'video-webinaire', label: 'Vidéo / webinaire', keywords: ['vidéo', 'webinaire', 'tutoriel vidéo'] },
];

export const AUDIENCES: readonly Term[] = [
  { id: 'tous-publics', label: 'Tous publics', keywords: ['tout public', 'tous publics'] },
  {
    id: 'enfants-mineurs',
    label: 'Enfants et mineurs',
    keywords: ['enfants', 'adolescents', 'jeunes', 'collégiens', 'lycéens', 'mineurs'],
  },
  { id: 'adultes', label: 'Adultes', keywords: ['adultes'] },
  {
    id: 'seniors',
    label: 'Seniors et personnes âgées',
    keywords: ['seniors', 'séniors', 'personnes âgées', 'retraités', 'aînés'],
  },
  { id: 'parents', label: 'Parents', keywords: ['parents', 'parentalité'] },
  {
    id: 'tres-eloignes',
    label: 'Personnes très éloignées du numérique',
    keywords: ['débutants', 'éloignées du numérique', 'premiers pas', 'jamais utilisé'],
  },
  {
    id: 'handicap',
    label: 'Personnes en situation de handicap ou de perte d’autonomie',
    keywords: ['handicap', 'perte d’autonomie', 'malvoyants', 'malentendants'],
  },
  {
    id: 'illettrisme',
    label: 'Personnes en situation d’illettrisme',
    keywords: ['illettrisme', 'lecture difficile', 'facile à lire et à comprendre', 'falc'],
  },
  {
    id: 'allophones',
    label: 'Personnes allophones, réfugiées ou demandeuses d’asile',
    keywords: ['allophones', 'réfugiés', 'demandeurs d’asile', 'fle', 'non francophones'],
  },
  {
    id: 'insertion',
    label: 'Personnes en insertion sociale ou professionnelle',
    keywords: ['insertion', 'demandeurs d’emploi', 'rsa', 'chantier d’insertion'],
  },
];

export const SECTORS: readonly Term[] = [
  { id: 'acteurs-publics', label: 'Acteurs publics', keywords: ['collectivité', 'mairie', 'france services', 'service public'] },
  { id: 'acteurs-prives-associatifs', label: 'Acteurs privés et associatifs', keywords: ['association', 'entreprise'] },
  {
    id: 'aidants-mediateurs',
    label: 'Aidants et médiateurs numériques',
    keywords: ['médiateur', 'médiatrice', 'conseiller numérique', 'aidant', 'aidants connect'],
  },
  {
    id: 'autres-professionnels',
    label: 'Autres professionnels (enseignants, formation…)',
    keywords: ['enseignant', 'formateur', 'formation', 'travailleur social'],
  },
];

export const LICENCES: readonly (Term & { allowsAdaptation: boolean; url: string | null })[] = [
  {
    id: 'etalab-2.0',
    label: 'Licence Ouverte Etalab 2.0',
    allowsAdaptation: true,
    url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/',
  },
  { id: 'cc-by-4.0', label: 'CC BY 4.0', allowsAdaptation: true, url: 'https://creativecommons.org/licenses/by/4.0/deed.fr' },
  {
    id: 'cc-by-sa-4.0',
    label: 'CC BY-SA 4.0',
    allowsAdaptation: true,
    url: 'https://creativecommons.org/licenses/by-sa/4.0/deed.fr',
  },
  {
    id: 'cc-by-nc-sa-4.0',
    label: 'CC BY-NC-SA 4.0',
    allowsAdaptation: true,
    url: 'https://creativecommons.org/licenses/by-nc-sa/4.0/deed.fr',
  },
  {
    id: 'cc0',
    label: 'CC0 (domaine public)',
    allowsAdaptation: true,
    url: 'https://creativecommons.org/publicdomain/zero/1.0/deed.fr',
  },
  { id: 'tous-droits-reserves', label: 'Tous droits réservés', allowsAdaptation: false, url: null },
];
export const DEFAULT_LICENCE = 'etalab-2.0';

export const DURATIONS: readonly Term[] = [
  { id: '30min', label: '30 min', keywords: ['30 minutes', '30 min', 'une demi-heure'] },
  { id: '1h', label: '1 h', keywords: ['1 heure', '1h', 'une heure'] },
  { id: '1h30', label: '1 h 30', keywords: ['1h30', '1 h 30', 'une heure et demie', '90 minutes'] },
  { id: '2h', label: '2 h', keywords: ['2 heures', '2h'] },
  { id: 'demi-journee', label: 'Demi-journée', keywords: ['demi-journée', 'matinée', 'après-midi'] },
  { id: 'journee', label: 'Journée', keywords: ['journée entière', 'toute la journée'] },
  { id: 'plusieurs-seances', label: 'Plusieurs séances', keywords: ['plusieurs séances', 'cycle', 'parcours'] },
];

export const LEVELS: readonly Term[] = [
  { id: 'debutant', label: 'Débutant', keywords: ['débutant', 'débutants', 'premiers pas', 'initiation', 'découverte'] },
  { id: 'intermediaire', label: 'Intermédiaire', keywords: ['intermédiaire', 'perfectionnement'] },
  { id: 'avance', label: 'Avancé', keywords: ['avancé', 'expert', 'approfondissement'] },
];

export const FORMATS: readonly Term[] = [
  { id: 'atelier-collectif', label: 'Atelier collectif', keywords: ['atelier collectif', 'en groupe', 'participants'] },
  {
    id: 'accompagnement-individuel',
    label: 'Accompagnement individuel',
    keywords: ['accompagnement individuel', 'rendez-vous individuel', 'en individuel'],
  },
  { id: 'permanence', label: 'Permanence', keywords: ['permanence'] },
  { id: 'itinerance', label: 'Itinérance / aller-vers', keywords: ['itinérance', 'itinérant', 'aller-vers', 'bus numérique'] },
  { id: 'en-classe', label: 'En classe', keywords: ['en classe', 'élèves', 'collège', 'lycée', 'école'] },
];

export interface CompetenceDomain {
  id: string;
  label: string;
  competences: readonly Term[];
}

/** The French digital-skills framework (CRCN, used by Pix): 5 domains, 16 competences. */
export const CRCN: readonly CompetenceDomain[] = [
  {
    id: '1',
    label: 'Information et données',
    competences: [
      { id: '1.1', label: 'Mener une recherche et une veille d’information' },
      { id: '1.2', label: 'Gérer des données' },
      { id: '1.3', label: 'Traiter des données' },
    ],
  },
  {
    id: '2',
    label: 'Communication et collaboration',
    competences: [
      { id: '2.1', label: 'Interagir' },
      { id: '2.2', label: 'Partager et publier' },
      { id: '2.3', label: 'Collaborer' },
      { id: '2.4', label: 'S’insérer dans le monde numérique' },
    ],
  },
  {
    id: '3',
    label: 'Création de contenus',
    competences: [
      { id: '3.1', label: 'Développer des documents textuels' },
      { id: '3.2', label: 'Développer des documents multimédia' },
      { id: '3.3', label: 'Adapter les documents à leur finalité' },
      { id: '3.4', label: 'Programmer' },
    ],
  },
  {
    id: '4',
    label: 'Protection et sécurité',
    competences: [
      { id: '4.1', label: 'Sécuriser l’environnement numérique' },
      { id: '4.2', label: 'Protéger les données personnelles et la vie privée' },
      { id: '4.3', label: 'Protéger la santé, le bien-être et l’environnement' },
    ],
  },
  {
    id: '5',
    label: 'Environnement numérique',
    competences: [
      { id: '5.1', label: 'Résoudre des problèmes techniques' },
      { id: '5.2', label: 'Évoluer dans un environnement numérique' },
    ],
  },
];

export const THEMES: readonly (Term & { group: string })[] = THEME_GROUPS.flatMap((g) =>
  g.themes.map((t) => ({ ...t, group: g.id })),
);
export const COMPETENCES: readonly (Term & { domain: string })[] = CRCN.flatMap((d) =>
  d.competences.map((c) => ({ ...c, domain: d.id })),
);

/** Each facet with its vocabulary and how many terms a sheet may (min) and must (max) have. */
export const FACETS = {
  themes: { label: 'Thématiques', terms: THEMES, min: 1, max: 5 },
  resourceTypes: { label: 'Types de ressource', terms: RESOURCE_TYPES, min: 1, max: 4 },
  audiences: { label: 'Publics', terms: AUDIENCES, min: 0, max: 5 },
  sectors: { label: 'Secteurs professionnels', terms: SECTORS, min: 1, max: 4 },
  durations: { label: 'Durée', terms: DURATIONS, min: 0, max: 1 },
  levels: { label: 'Niveau', terms: LEVELS, min: 0, max: 1 },
  formats: { label: 'Format', terms: FORMATS, min: 0, max: 2 },
  competences: { label: 'Compétences CRCN / Pix', terms: COMPETENCES, min: 0, max: 5 },
} as const satisfies Record<string, { label: string; terms: readonly Term[]; min: number; max: number }>;

export type Facet = keyof typeof FACETS;

const labels = new Map<string, Map<string, string>>(
  Object.entries(FACETS).map(([facet, def]) => [facet, new Map(def.terms.map((t) => [t.id, t.label]))]),
);

/** French label of a term, or undefined for an unknown id. */
export function termLabel(facet: Facet, id: string): string | undefined {
  return labels.get(facet)?.get(id);
}

/** True when the id exists in the facet and is still offered. */
export function isActiveTerm(facet: Facet, id: string): boolean {
  const term = (FACETS[facet].terms as readonly Term[]).find((t) => t.id === id);
  return Boolean(term && !term.retired);
}
