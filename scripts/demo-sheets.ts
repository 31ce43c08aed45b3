/** Demo sheets: realistic workshop material, several with a few published versions. */
import type { Indexing } from '@malle/schema/sheets';

type Node = Record<string, unknown>;

const t = (text: string): Node => ({ type: 'text', text });
const p = (text: string): Node => ({ type: 'paragraph', content: [t(text)] });
const h = (level: 2 | 3, text: string): Node => ({ type: 'heading', attrs: { level }, content: [t(text)] });
const ul = (...items: string[]): Node => ({
  type: 'bulletList',
  content: items.map((i) => ({ type: 'listItem', content: [p(i)] })),
});
const ol = (...items: string[]): Node => ({
  type: 'orderedList',
  attrs: { start: 1, type: null },
  content: items.map((i) => ({ type: 'listItem', content: [p(i)] })),
});
const callout = (...lines: string[]): Node => ({ type: 'callout', content: lines.map(p) });
const doc = (...content: Node[]): Node => ({ type: 'doc', content });
const linkCard = (url: string, title: string, description: string): Node => ({
  type: 'linkCard',
  attrs: { url, title, description, imageUrl: null },
});
const quiz = (
  ...questions: Array<{ id: string; prompt: string; right: string[]; wrong: string[]; explanation: string }>
): Node => ({
  type: 'quiz',
  attrs: {
    questions: questions.map((q) => ({
      id: q.id,
      prompt: q.prompt,
      choices: [
        ...q.right.map((text, i) => ({ id: `${q.id}-r${i}`, text, correct: true })),
        ...q.wrong.map((text, i) => ({ id: `${q.id}-w${i}`, text, correct: false })),
      ],
      explanation: q.explanation,
    })),
  },
});

const indexing = (partial: Partial<Indexing>): Indexing => ({
  themes: [],
  resourceTypes: [],
  audiences: [],
  sectors: [],
  durations: [],
  levels: [],
  formats: [],
  competences: [],
  ...partial,
});

export interface DemoSheet {
  author: number;
  /** Index in BASES, or null for the author's personal space. */
  base: number | null;
  title: string;
  summary: string;
  visibility: 'public' | 'private' | 'secret_link';
  licence?: string;
  versions: Array<{ body: Node; indexing: Indexing; note: string }>;
}

const phishingIndexing = indexing({
  themes: ['risques-cyber', 'reseaux-sociaux'],
  resourceTypes: ['ressource-pedagogique'],
  audiences: ['seniors', 'adultes'],
  sectors: ['aidants-mediateurs'],
  durations: ['1h'],
  levels: ['debutant'],
  formats: ['atelier-collectif'],
  competences: ['4.1', '4.2'],
});

const phishingV1 = [
  h(2, 'Objectifs'),
  p('À la fin de l’atelier, chaque participant sait repérer les signes d’un mail frauduleux et sait quoi faire s’il a cliqué.'),
  h(2, 'Déroulé (1 heure)'),
  ol(
    'Tour de table : qui a déjà reçu un message bizarre ? (10 min)',
    'Les cinq indices d’un hameçonnage, sur des exemples imprimés (20 min)',
    'Exercice en binômes : vrai ou faux mail ? (20 min)',
    'Que faire si j’ai cliqué ? (10 min)',
  ),
  h(3, 'Les cinq indices'),
  ul(
    'Un ton urgent ou menaçant',
    'Une adresse d’expéditeur étrange',
    'Des fautes et une mise en page approximative',
    'Une demande de données bancaires ou de mot de passe',
    'Un lien qui ne mène pas au site officiel',
  ),
];

const phishingQuiz = quiz(
  {
    id: 'q1',
    prompt: 'Votre banque vous écrit : « Votre compte sera bloqué dans 24 h, cliquez ici ». Que faites-vous ?',
    right: ['Je ne clique pas et j’appelle ma banque au numéro habituel'],
    wrong: ['Je clique vite pour éviter le blocage', 'Je réponds au mail pour demander des précisions'],
    explanation: 'L’urgence est le levier préféré des escrocs. Votre banque ne vous demande jamais vos codes par mail.',
  },
  {
    id: 'q2',
    prompt: 'Quels indices doivent vous alerter ?',
    right: ['Une adresse d’expéditeur qui ne correspond pas à l’organisme', 'Une demande de mot de passe'],
    wrong: ['Le logo officiel de l’organisme'],
    explanation: 'Un logo se copie en un clic : il ne prouve rien.',
  },
);

export const DEMO_SHEETS: DemoSheet[] = [
  {
    author: 0,
    base: 0,
    title: 'Reconnaître un mail d’hameçonnage',
    summary: 'Un atelier d’une heure pour apprendre à repérer les mails frauduleux (phishing) et réagir si l’on a cliqué.',
    visibility: 'public',
    versions: [
      { body: doc(...phishingV1), indexing: phishingIndexing, note: '' },
      {
        body: doc(...phishingV1, h(2, 'Quiz de fin d’atelier'), phishingQuiz),
        indexing: { ...phishingIndexing, resourceTypes: ['ressource-pedagogique', 'questionnaire'] },
        note: 'Ajout d’un quiz sur le hameçonnage',
      },
      {
        body: doc(
          ...phishingV1,
          callout(
            'J’ai cliqué : je change mon mot de passe, je préviens ma banque si j’ai donné mes coordonnées bancaires, et je signale le message sur signal-spam.fr.',
          ),
          h(2, 'Pour aller plus loin'),
          linkCard(
            'https://www.cybermalveillance.gouv.fr/tous-nos-contenus/fiches-reflexes/hameconnage-phishing',
            'Hameçonnage : la fiche réflexe de Cybermalveillance.gouv.fr',
            'Comment reconnaître un hameçonnage et que faire si vous en êtes victime.',
          ),
          h(2, 'Quiz de fin d’atelier'),
          phishingQuiz,
        ),
        indexing: { ...phishingIndexing, resourceTypes: ['ressource-pedagogique', 'questionnaire'] },
        note: 'Ajout de la conduite à tenir et d’un lien vers Cybermalveillance',
      },
    ],
  },
  {
    author: 1,
    base: 1,
    title: 'Premiers pas avec un smartphone Android',
    summary:
      'Allumer, déverrouiller, passer un appel, envoyer un SMS : les gestes de base, pas à pas, pour des personnes qui découvrent le smartphone.',
    visibility: 'public',
    versions: [
      {
        body: doc(
          h(2, 'Matériel'),
          ul('Un smartphone par participant (ou par binôme)', 'Les fiches gestes imprimées en grand'),
          h(2, 'Les gestes'),
          ol('Appuyer', 'Faire glisser', 'Pincer pour zoomer'),
        ),
        indexing: indexing({
          themes: ['maitrise-outils'],
          resourceTypes: ['ressource-pedagogique'],
          audiences: ['seniors', 'tres-eloignes'],
          sectors: ['aidants-mediateurs'],
          durations: ['1h30'],
          levels: ['debutant'],
          formats: ['atelier-collectif'],
        }),
        note: '',
      },
      {
        body: doc(
          h(2, 'Matériel'),
          ul(
            'Un smartphone par participant (ou par binôme)',
            'Les fiches gestes imprimées en grand',
            'Des stylets pour les personnes qui ont du mal avec le tactile',
          ),
          h(2, 'Les gestes'),
          ol('Appuyer', 'Faire glisser', 'Pincer pour zoomer', 'Appui long'),
          callout('Laisser chacun manipuler son propre appareil : on apprend avec les mains, pas en regardant l’animateur.'),
        ),
        indexing: indexing({
          themes: ['maitrise-outils'],
          resourceTypes: ['ressource-pedagogique'],
          audiences: ['seniors', 'tres-eloignes'],
          sectors: ['aidants-mediateurs'],
          durations: ['1h30'],
          levels: ['debutant'],
          formats: ['atelier-collectif', 'itinerance'],
        }),
        note: 'Ajout des stylets et de l’appui long, testé en itinérance',
      },
    ],
  },
  {
    author: 0,
    base: 0,
    title: 'Créer son espace sur impots.gouv.fr',
    summary:
      'Accompagner la création du compte particulier : numéro fiscal, mot de passe, première connexion avec FranceConnect.',
    visibility: 'public',
    versions: [
      {
        body: doc(
          h(2, 'Avant le rendez-vous'),
          ul('Le dernier avis d’impôt (numéro fiscal)', 'Une adresse mail consultable sur place'),
          h(2, 'Étapes'),
          ol(
            'Aller sur impots.gouv.fr',
            'Espace particulier, puis « Créer mon espace »',
            'Saisir le numéro fiscal',
            'Choisir un mot de passe solide',
          ),
        ),
        indexing: indexing({
          themes: ['demarches-administratives'],
          resourceTypes: ['methodologie'],
          audiences: ['adultes'],
          sectors: ['acteurs-publics', 'aidants-mediateurs'],
          durations: ['30min'],
          levels: ['debutant'],
          formats: ['accompagnement-individuel', 'permanence'],
        }),
        note: '',
      },
    ],
  },
  {
    author: 2,
    base: null,
    title: 'Le poids de nos mails : atelier sobriété numérique',
    summary: 'Un atelier ludique pour comprendre l’empreinte du numérique et trier sa boîte mail.',
    visibility: 'public',
    licence: 'cc-by-sa-4.0',
    versions: [
      {
        body: doc(h(2, 'Introduction'), p('Combien de mails dorment dans votre boîte ? On compte ensemble, puis on trie.')),
        indexing: indexing({
          themes: ['sobriete-numerique', 'usages-responsables'],
          resourceTypes: ['ressource-pedagogique'],
          audiences: ['tous-publics'],
          sectors: ['acteurs-prives-associatifs'],
          durations: ['2h'],
          levels: ['intermediaire'],
          formats: ['atelier-collectif'],
        }),
        note: '',
      },
      {
        body: doc(
          h(2, 'Introduction'),
          p('Combien de mails dorment dans votre boîte ? On compte ensemble, puis on trie.'),
          h(2, 'Exercice'),
          ul(
            'Se désabonner de trois lettres d’information',
            'Supprimer les mails avec pièces jointes lourdes',
            'Vider la corbeille',
          ),
        ),
        indexing: indexing({
          themes: ['sobriete-numerique', 'usages-responsables'],
          resourceTypes: ['ressource-pedagogique'],
          audiences: ['tous-publics'],
          sectors: ['acteurs-prives-associatifs'],
          durations: ['2h'],
          levels: ['intermediaire'],
          formats: ['atelier-collectif'],
        }),
        note: 'Ajout de l’exercice de tri',
      },
    ],
  },
  {
    author: 2,
    base: 2,
    title: 'Initiation à l’impression 3D',
    summary: 'Brouillon interne du fablab.',
    visibility: 'private',
    versions: [],
  },
];
