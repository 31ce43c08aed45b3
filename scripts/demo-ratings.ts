/**
 * Demo ratings and collections, loaded by seed.ts after the demo sheets, through the real services
 * (so that the rules apply: nobody rates their own sheet, collections only hold readable sheets).
 */
import type { BaseService } from '../apps/api/src/modules/bases/service.ts';
import type { AccountService } from '../apps/api/src/modules/accounts/service.ts';
import { createCollectionService } from '../apps/api/src/modules/collections/service.ts';
import { createRatingService } from '../apps/api/src/modules/ratings/service.ts';
import type { SheetService } from '../apps/api/src/modules/sheets/service.ts';
import type { Database } from '../apps/api/src/lib/db.ts';

/** Mediators who rate the demo sheets; their profiles stay private. */
export const DEMO_RATERS = [
  { email: 'lea.martin@malle.local', password: 'girafe-cahier-horizon-44', displayName: 'Léa Martin' },
  { email: 'karim.benali@malle.local', password: 'pelican-agenda-tonnerre-72', displayName: 'Karim Benali' },
  { email: 'nadia.roux@malle.local', password: 'citron-boussole-falaise-19', displayName: 'Nadia Roux' },
] as const;

interface Person {
  id: string;
  email: string;
}

type Rating = [
  rater: 'sophie' | 'camille' | 'yanis' | 0 | 1 | 2,
  useful: number,
  clear: number,
  reliable: number,
  used: boolean,
  comment: string,
  version?: number,
];

/** Ratings per demo sheet index (see demo-sheets.ts). */
const RATINGS: Record<number, Rating[]> = {
  // Reconnaître un mail d'hameçonnage (Villeurbanne, 3 versions): a score, one rating of version 1.
  0: [
    ['sophie', 5, 4, 5, true, 'Le quiz marche très bien avec un groupe de seniors : ils se prennent au jeu.'],
    [0, 4, 4, 3, true, 'Il manquait la conduite à tenir après un clic sur un lien piégé.', 1],
    [1, 5, 5, 5, false, ''],
    [2, 4, 5, 4, true, 'Clair et prêt à l’emploi. J’ai imprimé les exemples de mails en A3.', 2],
  ],
  // Premiers pas avec un smartphone Android (Cantal): three ratings from outside the base.
  1: [
    [0, 5, 4, 4, true, 'Parfait pour les permanences : tout tient en une heure.'],
    [1, 4, 4, 5, true, ''],
    [2, 4, 3, 4, false, 'Quelques captures d’écran en plus aideraient pour les anciens modèles.'],
  ],
  // Créer son espace sur impots.gouv.fr: one rating, not enough for a score.
  2: [['sophie', 4, 4, 4, false, '']],
  // Le poids de nos mails (Sophie's personal space).
  3: [
    ['camille', 5, 5, 4, true, 'L’exercice de tri a lancé une vraie discussion dans le groupe.'],
    ['yanis', 4, 4, 4, false, ''],
    [0, 5, 4, 5, true, ''],
  ],
};

export async function seedRatingsAndCollections(deps: {
  db: Database;
  accounts: AccountService;
  bases: BaseService;
  sheets: SheetService;
  people: { camille: Person; yanis: Person; sophie: Person };
  sheetSlugs: string[];
  baseSlugs: string[];
}): Promise<{ ratings: number; collections: number }> {
  const { db, people, sheetSlugs } = deps;
  const raters: Person[] = [];
  for (const r of DEMO_RATERS) {
    const { user } = await deps.accounts.signUp({ email: r.email, password: r.password, displayName: r.displayName });
    raters.push({ id: user.id, email: r.email });
  }
  const who = (r: Rating[0]): Person => (typeof r === 'number' ? raters[r]! : people[r]);

  const ratings = createRatingService({ db, sheets: deps.sheets });
  let count = 0;
  for (const [index, list] of Object.entries(RATINGS)) {
    for (const [rater, useful, clear, reliable, usedInWorkshop, comment, version] of list) {
      await ratings.rate(sheetSlugs[Number(index)]!, who(rater), { useful, clear, reliable, usedInWorkshop, comment, version });
      count += 1;
    }
  }
  // Camille answers the comment on version 1 of her phishing sheet.
  const phishing = await ratings.forSheet(sheetSlugs[0]!, people.camille);
  const onV1 = phishing.ratings.find((r) => r.version === 1)!;
  await ratings.reply(
    sheetSlugs[0]!,
    onV1.id,
    people.camille,
    'Merci ! La version 3 ajoute la conduite à tenir et un lien vers Cybermalveillance.',
    'Camille Demo',
  );

  const collections = createCollectionService({ db, bases: deps.bases, sheets: deps.sheets });
  // A public collection of the Villeurbanne base: a three-session course.
  const course = await collections.create(people.camille, {
    title: 'Premiers pas numériques : un parcours en trois séances',
    description:
      'Le parcours que nous proposons aux personnes qui découvrent le numérique : le smartphone, la sécurité, puis une première démarche en ligne.',
    visibility: 'public',
    baseSlug: deps.baseSlugs[0]!,
  });
  await collections.addItem(course, people.camille, { sheetSlug: sheetSlugs[1]!, note: 'Première séance', pinnedVersion: null });
  await collections.addItem(course, people.camille, {
    sheetSlug: sheetSlugs[0]!,
    note: 'À utiliser en deuxième séance',
    pinnedVersion: null,
  });
  await collections.addItem(course, people.camille, {
    sheetSlug: sheetSlugs[2]!,
    note: 'Troisième séance, avec les avis d’imposition des participants',
    pinnedVersion: 1,
  });
  // Yanis's personal selection, and Camille's favourites.
  const picks = await collections.create(people.yanis, {
    title: 'Sobriété et sécurité : mes incontournables',
    description: 'Les fiches que je recommande aux collègues qui débutent.',
    visibility: 'public',
    baseSlug: null,
  });
  await collections.addItem(picks, people.yanis, { sheetSlug: sheetSlugs[3]!, note: '', pinnedVersion: null });
  await collections.addItem(picks, people.yanis, { sheetSlug: sheetSlugs[0]!, note: '', pinnedVersion: null });
  const [favorites] = await collections.mine(people.camille);
  await collections.saveIn(sheetSlugs[3]!, people.camille, [favorites!.id]);
  return { ratings: count, collections: 3 };
}
