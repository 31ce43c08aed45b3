/**
 * Demo content for `npm start` on a fresh data folder (and `npm run seed` against DATABASE_URL).
 * Idempotent: runs only when the demo account does not exist yet. Goes through the API's own
 * services so that every rule (password strength, validation) applies to demo data too.
 */
import type { BaseCreateInput } from '@malle/schema/bases';
import { sql } from 'kysely';
import pino from 'pino';
import { pathToFileURL } from 'node:url';
import { createDatabase } from '../apps/api/src/lib/db.ts';
import { createAccountService } from '../apps/api/src/modules/accounts/service.ts';
import { createBaseService } from '../apps/api/src/modules/bases/service.ts';
import { createSheetFileHooks } from '../apps/api/src/modules/files/service.ts';
import { createSheetService, type SheetService } from '../apps/api/src/modules/sheets/service.ts';
import { createStorage } from '../apps/api/src/lib/storage.ts';
import { createCounters } from '../apps/api/src/lib/rate-limits.ts';
import { createFileService } from '../apps/api/src/modules/files/service.ts';
import { createUrlSigner } from '../apps/api/src/modules/files/signing.ts';
import { makePdf, makePptx } from '../apps/api/src/test/fixtures.ts';
import type { Database } from '../apps/api/src/lib/db.ts';
import { Readable } from 'node:stream';
import { seedRatingsAndCollections } from './demo-ratings.ts';
import { DEMO_SHEETS } from './demo-sheets.ts';
import type { Indexing } from '@malle/schema/sheets';
import { DEFAULT_LICENCE } from '@malle/schema/taxonomies';

/** Documented in the README; development only (the seed refuses to run in production). */
export const DEMO_ACCOUNT = { email: 'demo@malle.local', password: 'malle-demo-atelier-2026' };

const PEOPLE = [
  {
    email: DEMO_ACCOUNT.email,
    password: DEMO_ACCOUNT.password,
    displayName: 'Camille Demo',
    bio: 'Conseillère numérique France Services à Villeurbanne : ateliers « premiers pas » et démarches en ligne.',
    departement: '69',
  },
  {
    email: 'yanis.haddad@malle.local',
    password: 'tortue-clavier-lanterne-58',
    displayName: 'Yanis Haddad',
    bio: 'Médiateur numérique itinérant dans le Cantal. Spécialiste des ateliers cybersécurité pour les seniors.',
    departement: '15',
  },
  {
    email: 'sophie.leroux@malle.local',
    password: 'mandarine-boussole-rivage-31',
    displayName: 'Sophie Le Roux',
    bio: 'Animatrice au fablab de Quimper : initiation au code, impression 3D et sobriété numérique.',
    departement: '29',
  },
] as const;

const BASES: Array<{ admin: number; members: Array<[number, 'admin' | 'contributor']>; input: BaseCreateInput }> = [
  {
    admin: 0,
    members: [[1, 'contributor']],
    input: {
      name: 'France Services Villeurbanne',
      description:
        'Les ateliers numériques de l’espace France Services : premiers pas sur ordinateur, démarches en ligne (impots.gouv, ANTS, CAF), messagerie et sécurité.',
      departement: '69',
      contactEmail: 'numerique@franceservices-villeurbanne.example',
      contactEmailPublic: true,
      isPublic: true,
    },
  },
  {
    admin: 1,
    members: [
      [0, 'admin'],
      [2, 'contributor'],
    ],
    input: {
      name: 'Réseau des conseillers numériques du Cantal',
      description:
        'Vingt-deux conseillères et conseillers numériques qui partagent leurs supports d’ateliers, de Saint-Flour à Mauriac.',
      departement: '15',
      contactEmail: null,
      contactEmailPublic: false,
      isPublic: true,
    },
  },
  {
    admin: 2,
    members: [],
    input: {
      name: 'Fablab de Quimper — brouillons',
      description: 'Espace de travail interne de l’équipe du fablab : fiches en préparation.',
      departement: '29',
      contactEmail: null,
      contactEmailPublic: false,
      isPublic: false,
    },
  },
];

/** S3 where demo files go (`npm start` passes the embedded one); without it, no demo files. */
type S3Endpoint = { endpoint: string; region: string; bucket: string; accessKeyId: string; secretAccessKey: string };

export async function seedDemo(databaseUrl: string, log: (m: string) => void = console.log, s3?: S3Endpoint): Promise<boolean> {
  if (process.env.NODE_ENV === 'production') throw new Error('Refusing to load demo content in production.');
  const db = createDatabase({ url: databaseUrl, poolMax: 2 });
  try {
    const existing = await db.selectFrom('users').select('id').where('email', '=', DEMO_ACCOUNT.email).executeTakeFirst();
    if (existing) return false;
    const accounts = createAccountService({
      db,
      mailer: { send: async () => undefined },
      log: pino({ level: 'silent' }),
      sessionSecret: 'seed-only-secret-never-used-for-real-sessions',
      sessionTtlDays: 1,
      publicUrl: 'http://localhost:3000',
      counters: createCounters(db),
    });
    const ids: string[] = [];
    for (const person of PEOPLE) {
      const { user } = await accounts.signUp({ email: person.email, password: person.password, displayName: person.displayName });
      await accounts.updateProfile(user.id, {
        displayName: person.displayName,
        bio: person.bio,
        departement: person.departement,
        profilePublic: true,
      });
      ids.push(user.id);
    }
    const bases = createBaseService({
      db,
      log: pino({ level: 'silent' }),
      publicUrl: 'http://localhost:3000',
    });
    const viewer = (i: number) => ({ id: ids[i]!, email: PEOPLE[i]!.email });
    const baseSlugs: string[] = [];
    for (const base of BASES) {
      const slug = await bases.create(viewer(base.admin), base.input);
      baseSlugs.push(slug);
      for (const [i, role] of base.members) {
        await bases.invite(slug, viewer(base.admin), PEOPLE[i]!.email, role);
        const [invitation] = await bases.myInvitations(viewer(i));
        await bases.answerInvitation(invitation!.id, viewer(i), true);
      }
    }
    const sheets = createSheetService({ db, bases, files: createSheetFileHooks() });
    const sheetSlugs: string[] = [];
    for (const demo of DEMO_SHEETS) {
      const author = viewer(demo.author);
      const slug = await sheets.create(author, {
        title: demo.title,
        baseSlug: demo.base === null ? null : baseSlugs[demo.base]!,
      });
      sheetSlugs.push(slug);
      let revision = 1;
      for (const [i, version] of demo.versions.entries()) {
        revision = await sheets.saveDraft(slug, author, {
          revision,
          title: demo.title,
          summary: demo.summary,
          body: version.body,
          indexing: version.indexing,
          licence: demo.licence ?? DEFAULT_LICENCE,
        });
        await sheets.publish(slug, author, { changeNote: version.note, visibility: i === 0 ? demo.visibility : undefined });
      }
    }
    if (s3) await attachDemoFiles(db, sheets, s3, sheetSlugs[0]!, viewer(0));

    // Yanis adapts the phishing workshop for seniors in rural Cantal (files included).
    const adapted = await sheets.adapt(sheetSlugs[0]!, viewer(1), { baseSlug: baseSlugs[1]! });
    const draft = await sheets.draft(adapted, viewer(1));
    await sheets.saveDraft(adapted, viewer(1), {
      revision: draft.sheet.draft.revision,
      title: 'Reconnaître un mail d’hameçonnage (seniors, zone rurale)',
      summary: 'Version adaptée pour des seniors qui utilisent surtout leur smartphone, en permanence itinérante.',
      body: draft.sheet.draft.body,
      indexing: { ...(draft.sheet.draft.indexing as Indexing), formats: ['itinerance'] },
      licence: draft.sheet.draft.licence,
    });
    await sheets.publish(adapted, viewer(1), { changeNote: 'Adaptée pour les seniors en zone rurale', visibility: 'public' });

    const demo = await seedRatingsAndCollections({
      db,
      accounts,
      bases,
      sheets,
      people: { camille: viewer(0), yanis: viewer(1), sophie: viewer(2) },
      sheetSlugs,
      baseSlugs,
    });

    // Seeding opens sessions as a side effect of sign-up; nobody holds those tokens. The demo
    // invitations were accepted at once: their mails are not sent.
    await db.deleteFrom('sessions').execute();
    await sql`select graphile_worker.remove_job(key) from graphile_worker.jobs where task_identifier = 'send_mail'`.execute(db);
    log(
      `Demo content loaded: ${PEOPLE.length} public profiles, ${BASES.length} bases, ${DEMO_SHEETS.length + 1} sheets, ` +
        `${demo.ratings} ratings, ${demo.collections} collections.`,
    );
    return true;
  } finally {
    await db.destroy();
  }
}

/**
 * A facilitator guide (PDF) and a slide deck (PPTX) on the phishing workshop, uploaded through the
 * files service like any upload, then published as a new version. The API's worker makes their
 * thumbnails once it starts.
 */
async function attachDemoFiles(
  db: Database,
  sheets: SheetService,
  s3: S3Endpoint,
  slug: string,
  author: { id: string; email: string },
) {
  const storage = createStorage({ ...s3, forcePathStyle: true });
  try {
    await storage.ensureBucket();
    const files = createFileService({
      db,
      storage,
      config: {
        maxBytes: 50 * 1024 * 1024,
        imageMaxBytes: 10 * 1024 * 1024,
        uploadTtlMinutes: 60,
        urlTtlSeconds: 300,
        processingTimeoutMs: 120_000,
        processingMemoryMb: 512,
      },
      signer: createUrlSigner('seed-only-secret-never-used-for-real-links', 300),
      sheets,
      log: pino({ level: 'silent' }),
    });
    const upload = async (name: string, bytes: Buffer) => {
      const announced = await files.announce(slug, author, { name, size: bytes.length, mediaType: '', purpose: 'attachment' });
      return (await files.receive(announced.id, author, Readable.from([bytes]))).file.id;
    };
    const guide = await upload('guide-animation-hameconnage.pdf', await makePdf(4, 'Guide d’animation : hameçonnage'));
    const deck = await upload(
      'diaporama-hameconnage.pptx',
      await makePptx([
        'Reconnaître un mail d’hameçonnage',
        'Les indices qui doivent alerter',
        'Que faire en cas de doute ?',
        'Quiz final',
      ]),
    );
    const draft = await sheets.draft(slug, author);
    const body = draft.sheet.draft.body as { type: string; content: unknown[] };
    await sheets.saveDraft(slug, author, {
      revision: draft.sheet.draft.revision,
      title: draft.sheet.draft.title,
      summary: draft.sheet.draft.summary,
      body: {
        ...body,
        content: [
          ...body.content,
          { type: 'attachment', attrs: { fileId: guide, role: 'guide_animation', label: 'Guide de l’animateur' } },
          { type: 'attachment', attrs: { fileId: deck, role: 'diaporama', label: 'Diaporama de l’atelier' } },
        ],
      },
      indexing: draft.sheet.draft.indexing as Indexing,
      licence: draft.sheet.draft.licence,
    });
    await sheets.publish(slug, author, { changeNote: 'Ajout du guide d’animation et du diaporama' });
  } finally {
    storage.destroy();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set. (`npm start` loads the demo content itself on first run.)');
    process.exit(1);
  }
  await seedDemo(url);
}
