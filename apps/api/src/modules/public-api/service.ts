/**
 * The public read API (ADR 013): what anonymous visitors may read, the same for every caller,
 * shaped for partner sites (absolute links, labelled indexing). Every reader here is the anonymous
 * viewer: readability rules stay in the sheets, collections and bases services. Each builder
 * returns the value with the documents it was built from (`sheets:<id>`, `collections:<id>`,
 * `bases:<id>`, `profiles:<id>`, or `<kind>:*` for lists), for the public cache (ADR 012).
 */
import type { Collection } from '@malle/schema/collections';
import {
  PublicBase,
  PublicCollection,
  PublicSheet,
  type PublicBaseSummary,
  type PublicCollectionSummary,
  type PublicIndexing,
  type PublicOwner,
  type PublicSheetSummary,
} from '@malle/schema/public-api';
import type { SearchQuery, SearchResult } from '@malle/schema/search';
import { Indexing } from '@malle/schema/sheets';
import { FACETS, LICENCES, termLabel, type Facet } from '@malle/schema/taxonomies';
import type { Database } from '../../lib/db.ts';
import type { Built } from '../../lib/public-cache.ts';
import type { BaseService } from '../bases/service.ts';
import type { CollectionService } from '../collections/service.ts';
import type { FileService } from '../files/service.ts';
import { badgeOf, ratingSummaries } from '../ratings/service.ts';
import type { SearchService } from '../search/service.ts';
import type { SheetService } from '../sheets/service.ts';
import * as repo from './repo.ts';
import type { PublicSheetRow } from './repo.ts';

/** Lists change with any document of their kinds. */
const SHEET_LIST_TAGS = ['sheets:*', 'bases:*', 'profiles:*'];
const COLLECTION_LIST_TAGS = ['collections:*', 'bases:*', 'profiles:*'];
/** `search:*`: the relay tells when Meilisearch applied a batch (the index lags behind the database). */
const SEARCH_TAGS = ['sheets:*', 'bases:*', 'collections:*', 'profiles:*', 'search:*'];

export interface Page {
  page: number;
  pageSize: number;
}

export type PublicApi = ReturnType<typeof createPublicApi>;

export function createPublicApi(deps: {
  db: Database;
  publicUrl: string;
  sheets: Pick<SheetService, 'readable' | 'version' | 'versions'>;
  files: Pick<FileService, 'presentVersionFiles'>;
  collections: Pick<CollectionService, 'read' | 'listPublic' | 'ofBase'>;
  bases: Pick<BaseService, 'readable'>;
  search: Pick<SearchService, 'search'>;
}) {
  const { db, publicUrl } = deps;
  const api = `${publicUrl}/api/v1/public`;
  const sheetUrls = (slug: string) => ({ url: `${publicUrl}/fiches/${slug}`, apiUrl: `${api}/sheets/${slug}` });

  function labelled(indexing: unknown): PublicIndexing {
    const parsed = Indexing.safeParse(indexing);
    const values = parsed.success ? parsed.data : Indexing.parse({});
    return Object.fromEntries(
      (Object.keys(FACETS) as Facet[]).map((facet) => [
        facet,
        values[facet].map((id) => ({ id, label: termLabel(facet, id) ?? id })),
      ]),
    ) as PublicIndexing;
  }

  function owner(
    o: { kind: 'base' | 'person'; id: string; slug: string | null; name: string },
    publicProfiles: Set<string>,
  ): PublicOwner {
    const url =
      o.kind === 'base'
        ? o.slug
          ? `${publicUrl}/bases/${o.slug}`
          : null
        : publicProfiles.has(o.id)
          ? `${publicUrl}/profils/${o.id}`
          : null;
    return { ...o, url };
  }

  /** The owner of a sheet row (its base, or the person whose personal space holds it). */
  function ownerOfRow(
    row: {
      owner_base_id: string | null;
      owner_user_id: string | null;
      base_slug: string | null;
      base_name: string | null;
      owner_name: string | null;
    },
    publicProfiles: Set<string>,
  ): PublicOwner {
    return owner(
      row.owner_base_id
        ? { kind: 'base', id: row.owner_base_id, slug: row.base_slug, name: row.base_name ?? '' }
        : { kind: 'person', id: row.owner_user_id ?? '', slug: null, name: row.owner_name ?? 'Ancien membre' },
      publicProfiles,
    );
  }

  const ownerTag = (o: { kind: 'base' | 'person'; id: string }) => (o.kind === 'base' ? `bases:${o.id}` : `profiles:${o.id}`);

  const pageOf = <T>(items: T[], total: number, { page, pageSize }: Page) => ({
    items,
    page,
    pageSize,
    total,
    totalPages: Math.ceil(total / pageSize),
  });

  async function sheetSummaries(rows: PublicSheetRow[]): Promise<PublicSheetSummary[]> {
    const [ratings, profiles] = await Promise.all([
      ratingSummaries(
        db,
        rows.map((r) => r.id),
      ),
      repo.publicProfileIds(
        db,
        rows.filter((r) => r.owner_profile_public).map((r) => r.owner_user_id!),
      ),
    ]);
    return rows.map((row) => ({
      id: row.id,
      slug: row.slug,
      title: row.title,
      summary: row.summary,
      owner: ownerOfRow(row, profiles),
      latestVersion: row.latest_version,
      publishedAt: row.published_at.toISOString(),
      licence: row.licence,
      indexing: labelled(row.indexing),
      rating: badgeOf(ratings.get(row.id)),
      ...sheetUrls(row.slug),
    }));
  }

  function collectionSummary(c: Omit<Collection, 'items' | 'unavailableCount' | 'secretLinkToken'>, profiles: Set<string>) {
    return {
      id: c.id,
      title: c.title,
      description: c.description,
      owner: owner(c.owner, profiles),
      itemCount: c.itemCount,
      updatedAt: c.updatedAt,
      url: `${publicUrl}/collections/${c.id}`,
      apiUrl: `${api}/collections/${c.id}`,
    } satisfies PublicCollectionSummary;
  }

  return {
    async sheets(page: Page): Promise<Built<unknown>> {
      const offset = (page.page - 1) * page.pageSize;
      const [rows, total] = await Promise.all([
        repo.listPublicSheets(db, { limit: page.pageSize, offset }),
        repo.countPublicSheets(db),
      ]);
      return { value: pageOf(await sheetSummaries(rows), total, page), tags: SHEET_LIST_TAGS };
    },

    /** A public sheet at its latest version, or at `number`. Secret-link and private sheets: 404. */
    async sheet(slug: string, number?: number): Promise<Built<PublicSheet>> {
      const { sheet } = await deps.sheets.readable(slug, null);
      const version = await deps.sheets.version(sheet, number ?? sheet.latestVersion);
      const tags = [`sheets:${sheet.id}`, sheet.ownerBaseId ? `bases:${sheet.ownerBaseId}` : `profiles:${sheet.ownerUserId}`];
      const [files, ratings, versions, profiles] = await Promise.all([
        deps.files.presentVersionFiles(sheet, version.body, version.bodyHtml, null, false, undefined, publicUrl),
        ratingSummaries(db, [sheet.id]),
        deps.sheets.versions(sheet),
        repo.publicProfileIds(db, sheet.ownerUserId ? [sheet.ownerUserId] : []),
      ]);
      // The origin of an adaptation is named only while anyone may read it.
      let adaptedFrom: PublicSheet['adaptedFrom'] = null;
      if (sheet.adaptedFrom?.slug) {
        tags.push(`sheets:${sheet.adaptedFrom.sheetId}`);
        try {
          const { sheet: origin } = await deps.sheets.readable(sheet.adaptedFrom.slug, null);
          const source = await deps.sheets.version(origin, sheet.adaptedFrom.version);
          adaptedFrom = { slug: origin.slug, title: source.title, version: source.number };
        } catch {
          adaptedFrom = null;
        }
      }
      const value = PublicSheet.parse({
        id: sheet.id,
        slug: sheet.slug,
        owner: ownerOfRow(
          {
            owner_base_id: sheet.ownerBaseId,
            owner_user_id: sheet.ownerUserId,
            base_slug: sheet.base?.slug ?? null,
            base_name: sheet.base?.name ?? null,
            owner_name: sheet.ownerName,
          },
          profiles,
        ),
        latestVersion: sheet.latestVersion,
        adaptedFrom,
        version: {
          number: version.number,
          title: version.title,
          summary: version.summary,
          html: files.html,
          indexing: labelled(version.indexing),
          licence: version.licence,
          licenceLabel: LICENCES.find((l) => l.id === version.licence)?.label ?? version.licence,
          changeNote: version.changeNote,
          authorName: version.authorName,
          createdAt: version.createdAt.toISOString(),
          attachments: files.attachments.map((a) => ({ ...a, file: a.file && { ...a.file } })),
          url: `${publicUrl}/fiches/${sheet.slug}/v/${version.number}`,
        },
        versions: versions.map((v) => ({
          number: v.number,
          createdAt: v.created_at.toISOString(),
          apiUrl: `${api}/sheets/${sheet.slug}/versions/${v.number}`,
        })),
        rating: ratings.get(sheet.id),
        ...sheetUrls(sheet.slug),
      });
      return { value, tags };
    },

    async collections(page: Page): Promise<Built<unknown>> {
      const { items, total } = await deps.collections.listPublic(page.pageSize, (page.page - 1) * page.pageSize);
      const profiles = await repo.publicProfileIds(
        db,
        items.filter((c) => c.owner.kind === 'person').map((c) => c.owner.id),
      );
      return {
        value: pageOf(
          items.map((c) => collectionSummary(c, profiles)),
          total,
          page,
        ),
        tags: COLLECTION_LIST_TAGS,
      };
    },

    /** A public collection, or a secret-link one with its `cle`; only its public sheets. */
    async collection(id: string, key?: string): Promise<Built<PublicCollection>> {
      const c = await deps.collections.read(id, null, key);
      const owners = [c.owner, ...c.items.map((i) => i.owner)];
      const profiles = await repo.publicProfileIds(
        db,
        owners.filter((o) => o.kind === 'person').map((o) => o.id),
      );
      const value = PublicCollection.parse({
        ...collectionSummary(c, profiles),
        // Only the key's holder got this far: the page link keeps working for them.
        url: `${publicUrl}/collections/${c.id}${c.visibility === 'secret_link' && key ? `?cle=${encodeURIComponent(key)}` : ''}`,
        visibility: c.visibility,
        items: c.items.map((item) => ({
          sheetId: item.sheetId,
          slug: item.slug,
          title: item.title,
          summary: item.summary,
          owner: owner(item.owner, profiles),
          version: item.version,
          pinnedVersion: item.pinnedVersion,
          latestVersion: item.latestVersion,
          note: item.note,
          addedAt: item.addedAt,
          rating: item.rating,
          url: `${publicUrl}/fiches/${item.slug}${item.pinnedVersion ? `/v/${item.pinnedVersion}` : ''}`,
          apiUrl: item.pinnedVersion ? `${api}/sheets/${item.slug}/versions/${item.pinnedVersion}` : `${api}/sheets/${item.slug}`,
        })),
      });
      const tags = new Set([`collections:${c.id}`, ...owners.map(ownerTag), ...c.items.map((i) => `sheets:${i.sheetId}`)]);
      return { value, tags: [...tags] };
    },

    async bases(page: Page): Promise<Built<unknown>> {
      const [rows, total] = await Promise.all([
        repo.listPublicBases(db, page.pageSize, (page.page - 1) * page.pageSize),
        repo.countPublicBases(db),
      ]);
      const items = rows.map((row): PublicBaseSummary => ({
        id: row.id,
        slug: row.slug,
        name: row.name,
        description: row.description,
        departement: row.departement,
        memberCount: row.member_count,
        url: `${publicUrl}/bases/${row.slug}`,
        apiUrl: `${api}/bases/${row.slug}`,
      }));
      return { value: pageOf(items, total, page), tags: ['bases:*'] };
    },

    /** A public base with its latest public sheets and its public collections. */
    async base(slug: string): Promise<Built<PublicBase>> {
      const { base } = await deps.bases.readable(slug, null);
      const [rows, collections] = await Promise.all([
        repo.listPublicSheets(db, { limit: 100, offset: 0, baseId: base.id }),
        deps.collections.ofBase(slug, null),
      ]);
      const value = PublicBase.parse({
        id: base.id,
        slug: base.slug,
        name: base.name,
        description: base.description,
        departement: base.departement,
        memberCount: base.member_count,
        url: `${publicUrl}/bases/${base.slug}`,
        apiUrl: `${api}/bases/${base.slug}`,
        contactEmail: base.contact_email_public ? base.contact_email : null,
        createdAt: base.created_at.toISOString(),
        sheets: await sheetSummaries(rows),
        collections: collections.map((c) => collectionSummary(c, new Set())),
      });
      // Its sheets record their base as changed; its collections do not (hence `collections:*`).
      return { value, tags: [`bases:${base.id}`, ...rows.map((r) => `sheets:${r.id}`), 'collections:*'] };
    },

    /** The same search as `GET /api/v1/search`, as an anonymous visitor. */
    async search(query: SearchQuery): Promise<Built<SearchResult>> {
      return { value: await deps.search.search(query, null), tags: SEARCH_TAGS };
    },
  };
}

/** One cache key per distinct search: parameters sorted, repeated values sorted and deduplicated. */
export function searchCacheKey(query: SearchQuery): string {
  const entries = Object.entries(query)
    .filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => [k, Array.isArray(v) ? [...new Set(v as string[])].sort() : v] as const)
    .sort(([a], [b]) => a.localeCompare(b));
  return `public-api:search:${JSON.stringify(entries)}`;
}
