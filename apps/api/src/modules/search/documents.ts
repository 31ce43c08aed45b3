/**
 * The search indexes: one definition per index (settings + how to build its documents from the
 * database). A definition loads documents by id (for the outbox relay) or page by page (for
 * reconcile and rebuild); an id it does not return must not be in the index (deleted, unpublished,
 * or otherwise gone).
 */
import { DEPARTEMENTS } from '@malle/schema/departements';
import { ATTACHMENT_KIND_OF_FILE_KIND, ratingBuckets } from '@malle/schema/search';
import { Indexing } from '@malle/schema/sheets';
import { FACETS, THEMES, type Facet } from '@malle/schema/taxonomies';
import { sql } from 'kysely';
import type { Settings } from 'meilisearch';
import type { IndexKey } from './outbox.ts';
import { ratingSummaries } from '../ratings/service.ts';
import { sheetFindableBy } from '../access/sql.ts';
import { PUBLIC_READER } from '../access/readers.ts';
import {
  baseReaders as readersOfBase,
  collectionReaders as readersOfCollection,
  profileReaders as readersOfProfile,
  sheetReaders as readersOfSheet,
} from '../access/readers.ts';
import type { Visibility } from '@malle/schema/sheets';
import { baseSettings, collectionSettings, profileSettings, sheetSettings } from './settings.ts';
import type { Executor } from '../../lib/db.ts';

/** Every document carries who may find it. */
export interface BaseDocument {
  id: string;
  /** `public`, `user:<id>` or `base:<id>`; queries filter on the viewer's own set (ADR 007). */
  readers: string[];
  [field: string]: unknown;
}

export interface IndexDefinition {
  key: IndexKey;
  settings: Settings;
  /** Documents that should exist among `ids`. */
  load(db: Executor, ids: readonly string[]): Promise<BaseDocument[]>;
  /** Documents in id order after `afterId`, `limit` at a time (reconcile and rebuild). */
  page(db: Executor, afterId: string | null, limit: number): Promise<BaseDocument[]>;
  /**
   * Who may find each of these documents now, from the same rule the documents carry, reading
   * only what the rule needs (query-time privacy checks, ADR 014). Absent ids: nobody.
   */
  readers(db: Executor, ids: readonly string[]): Promise<Map<string, string[]>>;
}

/** Placeholders used for highlighting: removed from indexed text so that no content can fake them. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;
const clean = (text: string | null | undefined) => (text ?? '').replace(CONTROL, ' ');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Outbox ids are text; only well-formed ones reach a uuid comparison. */
const uuidsOnly = (ids: readonly string[]) => ids.filter((id) => UUID.test(id));

const toMillis = (d: Date | string | null) => (d ? new Date(d).getTime() : 0);
const departementLabels = new Map<string, string>(DEPARTEMENTS.map(([code, name]) => [code, name]));
export const departementLabel = (code: string | null) => (code ? (departementLabels.get(code) ?? code) : null);

// ---------------------------------------------------------------------------------------------
// Sheets

/** Sheets that have a document: published, not deleted, in a space that still exists. */
function sheetScope(db: Executor) {
  return db
    .selectFrom('sheets as s')
    .leftJoin('bases as b', 'b.id', 's.owner_base_id')
    .where('s.deleted_at', 'is', null)
    .where('s.latest_version', '>', 0)
    .where((eb) => eb.or([eb('s.owner_base_id', 'is', null), eb('b.deleted_at', 'is', null)]));
}

const sheetContributors = sql<
  string[]
>`coalesce((select array_agg(c.user_id::text order by c.user_id) from sheet_contributors c where c.sheet_id = s.id), '{}')`;

function sheetRows(db: Executor) {
  return sheetScope(db)
    .innerJoin('sheet_versions as v', (j) => j.onRef('v.sheet_id', '=', 's.id').onRef('v.number', '=', 's.latest_version'))
    .leftJoin('users as u', 'u.id', 's.owner_user_id')
    .select([
      's.id',
      's.slug',
      's.owner_base_id',
      's.owner_user_id',
      's.visibility',
      's.latest_version',
      'b.slug as base_slug',
      'b.name as base_name',
      'b.is_public as base_is_public',
      'u.display_name as owner_name',
      'v.title',
      'v.summary',
      'v.body_text',
      'v.indexing',
      'v.licence',
      'v.created_at as updated_at',
      sql<boolean>`jsonb_path_exists(v.body, '$.** ? (@.type == "quiz")')`.as('has_quiz'),
      sql<Date>`(select min(f.created_at) from sheet_versions f where f.sheet_id = s.id)`.as('published_at'),
      sheetContributors.as('contributors'),
      sql<number>`(select count(*)::int from sheets a where a.adapted_from_sheet_id = s.id and a.deleted_at is null)`.as(
        'adaptation_count',
      ),
      sql<number>`(select count(*)::int from collection_items ci where ci.sheet_id = s.id)`.as('collection_count'),
      // The text extracted from the attachments of the published version, and their kinds.
      sql<string | null>`(select string_agg(b.text, E'\n\n' order by svf.position) from sheet_version_files svf
        join files f on f.id = svf.file_id join blobs b on b.sha256 = f.blob_sha256
        where svf.sheet_id = s.id and svf.version = s.latest_version and f.purpose = 'attachment' and b.status = 'ready')`.as(
        'attachment_text',
      ),
      sql<string[]>`coalesce((select array_agg(distinct b.kind) from sheet_version_files svf
        join files f on f.id = svf.file_id join blobs b on b.sha256 = f.blob_sha256
        where svf.sheet_id = s.id and svf.version = s.latest_version and f.purpose = 'attachment'), '{}')`.as('attachment_kinds'),
    ]);
}

type SheetSourceRow = Awaited<ReturnType<ReturnType<typeof sheetRows>['execute']>>[number];

/** The Bayesian score and count (ADR 009); the score is null below the badge threshold. */
type SheetRating = { score: number | null; count: number };

/** "Plus utilisées / adaptées": adaptations plus the collections that hold the sheet. */
export function sheetUsage(row: SheetSourceRow): { adaptationCount: number; usageCount: number } {
  return { adaptationCount: row.adaptation_count, usageCount: row.adaptation_count + row.collection_count };
}

/** Beyond this, attachment text adds index weight and little findability. */
const MAX_ATTACHMENT_TEXT = 100_000;

export function sheetAttachments(row: SheetSourceRow): { text: string; kinds: string[] } {
  return {
    text: (row.attachment_text ?? '').slice(0, MAX_ATTACHMENT_TEXT),
    kinds: row.attachment_kinds.map((k) => ATTACHMENT_KIND_OF_FILE_KIND[k] ?? k),
  };
}

/** Documents of these rows, with their ratings read in one query. */
async function sheetDocuments(db: Executor, rows: SheetSourceRow[]): Promise<BaseDocument[]> {
  const ratings = await ratingSummaries(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => {
    const r = ratings.get(row.id);
    return sheetDocument(row, { score: r?.score ?? null, count: r?.count ?? 0 });
  });
}

/** Who may find a sheet: the access module's readers, from what this row knows (in scope: published, live). */
function sheetReaders(
  row: Pick<SheetSourceRow, 'id' | 'owner_base_id' | 'owner_user_id' | 'visibility' | 'base_is_public' | 'contributors'>,
): string[] {
  const facts = {
    id: row.id,
    ownerUserId: row.owner_user_id,
    base: row.owner_base_id ? { id: row.owner_base_id, isPublic: row.base_is_public === true, deleted: false } : null,
    deleted: false,
    published: true,
    visibility: row.visibility as Visibility,
    secretToken: null,
  };
  return readersOfSheet(facts, row.contributors) ?? [];
}

function indexingLabels(indexing: Indexing): string[] {
  const labels: string[] = [];
  for (const facet of Object.keys(FACETS) as Facet[]) {
    for (const id of indexing[facet]) {
      const term = (FACETS[facet].terms as ReadonlyArray<{ id: string; label: string }>).find((t) => t.id === id);
      if (term) labels.push(term.label);
    }
  }
  return labels;
}

const themeGroupOf = new Map(THEMES.map((t) => [t.id, t.group]));

export function sheetDocument(row: SheetSourceRow, rating: SheetRating): BaseDocument {
  const indexing = Indexing.parse(row.indexing);
  const usage = sheetUsage(row);
  const attachments = sheetAttachments(row);
  return {
    id: row.id,
    slug: row.slug,
    title: clean(row.title),
    summary: clean(row.summary),
    indexingLabels: indexingLabels(indexing),
    bodyText: clean(row.body_text),
    attachmentText: clean(attachments.text),
    baseName: clean(row.base_name),
    ownerName: clean(row.owner_base_id ? row.base_name : (row.owner_name ?? 'Ancien membre')),
    ownerKind: row.owner_base_id ? 'base' : 'person',
    ownerId: row.owner_base_id ?? row.owner_user_id,
    baseSlug: row.base_slug,
    themes: indexing.themes,
    themeGroups: [...new Set(indexing.themes.map((t) => themeGroupOf.get(t)).filter(Boolean))],
    resourceTypes: indexing.resourceTypes,
    audiences: indexing.audiences,
    sectors: indexing.sectors,
    durations: indexing.durations,
    levels: indexing.levels,
    formats: indexing.formats,
    competences: indexing.competences,
    licence: row.licence,
    hasQuiz: row.has_quiz,
    attachmentKinds: attachments.kinds,
    ratingScore: rating.score ?? 0,
    ratingCount: rating.count,
    ratingBuckets: ratingBuckets(rating.score, rating.count),
    adaptationCount: usage.adaptationCount,
    usageCount: usage.usageCount,
    publishedAt: toMillis(row.published_at),
    updatedAt: toMillis(row.updated_at),
    version: row.latest_version,
    readers: sheetReaders(row),
  };
}

const sheets: IndexDefinition = {
  key: 'sheets',
  settings: sheetSettings,
  async readers(db, ids) {
    const uuids = uuidsOnly(ids);
    if (!uuids.length) return new Map();
    const rows = await sheetScope(db)
      .select([
        's.id',
        's.owner_base_id',
        's.owner_user_id',
        's.visibility',
        'b.is_public as base_is_public',
        sheetContributors.as('contributors'),
      ])
      .where('s.id', 'in', uuids)
      .execute();
    return new Map(rows.map((row) => [row.id, sheetReaders(row)]));
  },
  async load(db, ids) {
    const uuids = uuidsOnly(ids);
    if (!uuids.length) return [];
    return sheetDocuments(db, await sheetRows(db).where('s.id', 'in', uuids).execute());
  },
  async page(db, afterId, limit) {
    let q = sheetRows(db).orderBy('s.id').limit(limit);
    if (afterId) q = q.where('s.id', '>', afterId);
    return sheetDocuments(db, await q.execute());
  },
};

// ---------------------------------------------------------------------------------------------
// Bases

const baseScope = (db: Executor) => db.selectFrom('bases as b').where('b.deleted_at', 'is', null);

function baseRows(db: Executor) {
  return baseScope(db).select([
    'b.id',
    'b.slug',
    'b.name',
    'b.description',
    'b.departement',
    'b.is_public',
    'b.created_at',
    sql<number>`(select count(*)::int from base_members m where m.base_id = b.id)`.as('member_count'),
    // What the base's readers can open: public sheets for a public base, every published
    // sheet but secret-link ones for the members of a private base.
    sql<number>`(select count(*)::int from sheets s where s.owner_base_id = b.id and s.deleted_at is null and s.latest_version > 0
        and (case when b.is_public then s.visibility = 'public' else s.visibility <> 'secret_link' end))`.as('sheet_count'),
  ]);
}
type BaseSourceRow = Awaited<ReturnType<ReturnType<typeof baseRows>['execute']>>[number];

function baseReaders(row: Pick<BaseSourceRow, 'id' | 'is_public'>): string[] {
  return readersOfBase({ id: row.id, isPublic: row.is_public, deleted: false }) ?? [];
}

function baseDocument(row: BaseSourceRow): BaseDocument {
  return {
    id: row.id,
    slug: row.slug,
    name: clean(row.name),
    description: clean(row.description),
    departement: row.departement,
    departementName: departementLabel(row.departement),
    memberCount: row.member_count,
    sheetCount: row.sheet_count,
    isPublic: row.is_public,
    createdAt: toMillis(row.created_at),
    readers: baseReaders(row),
  };
}

const bases: IndexDefinition = {
  key: 'bases',
  settings: baseSettings,
  async readers(db, ids) {
    const uuids = uuidsOnly(ids);
    if (!uuids.length) return new Map();
    const rows = await baseScope(db).select(['b.id', 'b.is_public']).where('b.id', 'in', uuids).execute();
    return new Map(rows.map((row) => [row.id, baseReaders(row)]));
  },
  async load(db, ids) {
    const uuids = uuidsOnly(ids);
    if (!uuids.length) return [];
    return (await baseRows(db).where('b.id', 'in', uuids).execute()).map(baseDocument);
  },
  async page(db, afterId, limit) {
    let q = baseRows(db).orderBy('b.id').limit(limit);
    if (afterId) q = q.where('b.id', '>', afterId);
    return (await q.execute()).map(baseDocument);
  },
};

// ---------------------------------------------------------------------------------------------
// Profiles

function profileRows(db: Executor) {
  return db
    .selectFrom('users as u')
    .select([
      'u.id',
      'u.display_name',
      'u.bio',
      'u.departement',
      'u.profile_public',
      'u.created_at',
      sql<number>`(select count(*)::int from sheets s where s.owner_user_id = u.id and s.deleted_at is null and s.latest_version > 0 and s.visibility = 'public')`.as(
        'sheet_count',
      ),
    ]);
}
type ProfileSourceRow = Awaited<ReturnType<ReturnType<typeof profileRows>['execute']>>[number];

function profileReaders(row: Pick<ProfileSourceRow, 'id' | 'profile_public'>): string[] {
  return readersOfProfile({ id: row.id, isPublic: row.profile_public });
}

function profileDocument(row: ProfileSourceRow): BaseDocument {
  return {
    id: row.id,
    name: clean(row.display_name),
    bio: clean(row.bio),
    departement: row.departement,
    departementName: departementLabel(row.departement),
    sheetCount: row.sheet_count,
    createdAt: toMillis(row.created_at),
    readers: profileReaders(row),
  };
}

const profiles: IndexDefinition = {
  key: 'profiles',
  settings: profileSettings,
  async readers(db, ids) {
    const uuids = uuidsOnly(ids);
    if (!uuids.length) return new Map();
    const rows = await db.selectFrom('users as u').select(['u.id', 'u.profile_public']).where('u.id', 'in', uuids).execute();
    return new Map(rows.map((row) => [row.id, profileReaders(row)]));
  },
  async load(db, ids) {
    const uuids = uuidsOnly(ids);
    if (!uuids.length) return [];
    return (await profileRows(db).where('u.id', 'in', uuids).execute()).map(profileDocument);
  },
  async page(db, afterId, limit) {
    let q = profileRows(db).orderBy('u.id').limit(limit);
    if (afterId) q = q.where('u.id', '>', afterId);
    return (await q.execute()).map(profileDocument);
  },
};

// ---------------------------------------------------------------------------------------------
// Collections

function collectionScope(db: Executor) {
  return db
    .selectFrom('collections as c')
    .leftJoin('bases as b', 'b.id', 'c.owner_base_id')
    .where('c.is_favorites', '=', false)
    .where((eb) => eb.or([eb('c.owner_base_id', 'is', null), eb('b.deleted_at', 'is', null)]));
}

function collectionRows(db: Executor) {
  return collectionScope(db)
    .leftJoin('users as u', 'u.id', 'c.owner_user_id')
    .select([
      'c.id',
      'c.title',
      'c.description',
      'c.visibility',
      'c.owner_base_id',
      'c.owner_user_id',
      'c.updated_at',
      'b.slug as base_slug',
      'b.name as base_name',
      'b.is_public as base_is_public',
      'u.display_name as owner_name',
      // What anyone can open in it: published public sheets of public spaces (the count shown on
      // public hits must not reveal private items).
      sql<number>`(select count(*)::int from collection_items ci join sheets s on s.id = ci.sheet_id
        left join bases sb on sb.id = s.owner_base_id
        where ci.collection_id = c.id and ${sheetFindableBy(null)})`.as('public_item_count'),
      sql<number>`(select count(*)::int from collection_items ci where ci.collection_id = c.id)`.as('item_count'),
    ]);
}
type CollectionSourceRow = Awaited<ReturnType<ReturnType<typeof collectionRows>['execute']>>[number];
type CollectionAccessRow = Pick<CollectionSourceRow, 'id' | 'visibility' | 'owner_base_id' | 'owner_user_id' | 'base_is_public'>;

/** In scope: not favorites, base alive. */
function collectionReaders(row: CollectionAccessRow): string[] {
  return (
    readersOfCollection({
      id: row.id,
      ownerUserId: row.owner_user_id,
      base: row.owner_base_id ? { id: row.owner_base_id, isPublic: row.base_is_public === true, deleted: false } : null,
      visibility: row.visibility as Visibility,
      secretToken: null,
      isFavorites: false,
    }) ?? []
  );
}

function collectionDocument(row: CollectionSourceRow): BaseDocument {
  const isPublic = collectionReaders(row).includes(PUBLIC_READER);
  return {
    id: row.id,
    title: clean(row.title),
    description: clean(row.description),
    ownerKind: row.owner_base_id ? 'base' : 'person',
    ownerId: row.owner_base_id ?? row.owner_user_id,
    ownerName: clean(row.owner_base_id ? row.base_name : (row.owner_name ?? 'Ancien membre')),
    baseSlug: row.base_slug,
    itemCount: isPublic ? row.public_item_count : row.item_count,
    updatedAt: toMillis(row.updated_at),
    readers: collectionReaders(row),
  };
}

const collections: IndexDefinition = {
  key: 'collections',
  settings: collectionSettings,
  async readers(db, ids) {
    const uuids = uuidsOnly(ids);
    if (!uuids.length) return new Map();
    const rows = await collectionScope(db)
      .select(['c.id', 'c.visibility', 'c.owner_base_id', 'c.owner_user_id', 'b.is_public as base_is_public'])
      .where('c.id', 'in', uuids)
      .execute();
    return new Map(rows.map((row) => [row.id, collectionReaders(row)]));
  },
  async load(db, ids) {
    const uuids = uuidsOnly(ids);
    if (!uuids.length) return [];
    return (await collectionRows(db).where('c.id', 'in', uuids).execute()).map(collectionDocument);
  },
  async page(db, afterId, limit) {
    let q = collectionRows(db).orderBy('c.id').limit(limit);
    if (afterId) q = q.where('c.id', '>', afterId);
    return (await q.execute()).map(collectionDocument);
  },
};

/** The registry. Adding an index: its definition here and its key in IndexKey (outbox.ts). */
export const INDEXES: Record<IndexKey, IndexDefinition> = { sheets, bases, collections, profiles };
export const INDEX_KEYS = Object.keys(INDEXES) as IndexKey[];

/** The current state of these documents: those to write, and the ids that must not be indexed. */
export async function loadDocuments(
  db: Executor,
  key: IndexKey,
  ids: readonly string[],
): Promise<{ docs: BaseDocument[]; gone: string[] }> {
  const docs = await INDEXES[key].load(db, ids);
  const present = new Set(docs.map((d) => d.id));
  return { docs, gone: [...new Set(ids)].filter((id) => !present.has(id)) };
}
