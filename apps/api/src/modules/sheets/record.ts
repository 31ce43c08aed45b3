/**
 * A sheet as the rest of the API sees it (rows never leave this module): what other modules may
 * read of a sheet, and what the access rules need of it.
 */
import type { Visibility } from '@malle/schema/sheets';
import { effectiveVisibility as visibilityFor, type SheetFacts } from '../access/rules.ts';
import type { SheetRow, VersionRow } from './repo.ts';

export interface SheetRecord {
  id: string;
  slug: string;
  ownerBaseId: string | null;
  ownerUserId: string | null;
  /** Its base, for base sheets. */
  base: { slug: string | null; name: string | null; isPublic: boolean; deleted: boolean } | null;
  /** Display name of the owner of a personal sheet (null once the account is gone). */
  ownerName: string | null;
  /** As set by its editors; readers see `effectiveVisibility`. */
  visibility: Visibility;
  secretToken: string | null;
  latestVersion: number;
  publishedAt: Date | null;
  publishedTitle: string | null;
  publishedSummary: string | null;
  adaptationCount: number;
  /** The sheet and version it adapts, with that version's title (the attribution). */
  adaptedFrom: { sheetId: string; slug: string | null; title: string | null; version: number } | null;
  draft: {
    title: string;
    summary: string;
    body: unknown;
    indexing: unknown;
    licence: string;
    revision: number;
    updatedAt: Date;
    updatedBy: string | null;
  };
  deleted: boolean;
}

export function toRecord(row: SheetRow): SheetRecord {
  return {
    id: row.id,
    slug: row.slug,
    ownerBaseId: row.owner_base_id,
    ownerUserId: row.owner_user_id,
    base: row.owner_base_id
      ? { slug: row.base_slug, name: row.base_name, isPublic: row.base_is_public === true, deleted: row.base_deleted_at !== null }
      : null,
    ownerName: row.owner_name,
    visibility: row.visibility as Visibility,
    secretToken: row.secret_token,
    latestVersion: row.latest_version,
    publishedAt: row.published_at,
    publishedTitle: row.published_title,
    publishedSummary: row.published_summary,
    adaptationCount: row.adaptation_count,
    adaptedFrom:
      row.adapted_from_sheet_id && row.adapted_from_version
        ? {
            sheetId: row.adapted_from_sheet_id,
            slug: row.origin_slug,
            title: row.origin_title,
            version: row.adapted_from_version,
          }
        : null,
    draft: {
      title: row.title,
      summary: row.summary,
      body: row.body,
      indexing: row.indexing,
      licence: row.licence,
      revision: row.draft_revision,
      updatedAt: row.draft_updated_at,
      updatedBy: row.draft_updated_by,
    },
    deleted: row.deleted_at !== null,
  };
}

/** The facts the access rules need. */
export function factsOf(sheet: SheetRecord): SheetFacts {
  return {
    id: sheet.id,
    ownerUserId: sheet.ownerUserId,
    base:
      sheet.base && sheet.ownerBaseId
        ? { id: sheet.ownerBaseId, isPublic: sheet.base.isPublic, deleted: sheet.base.deleted }
        : null,
    deleted: sheet.deleted,
    published: sheet.latestVersion > 0,
    visibility: sheet.visibility,
    secretToken: sheet.secretToken,
  };
}

/** A published version as the rest of the API sees it. */
export interface VersionRecord {
  number: number;
  title: string;
  summary: string;
  body: unknown;
  /** Rendered and sanitised when published (files resolved per viewer when shown). */
  bodyHtml: string;
  indexing: unknown;
  licence: string;
  changeNote: string;
  authorName: string;
  createdAt: Date;
}

export function toVersionRecord(row: VersionRow): VersionRecord {
  return {
    number: row.number,
    title: row.title,
    summary: row.summary,
    body: row.body,
    bodyHtml: row.body_html,
    indexing: row.indexing,
    licence: row.licence,
    changeNote: row.change_note,
    authorName: row.author_name,
    createdAt: row.created_at,
  };
}

/** What readers see of a sheet: a private base makes every sheet in it private. */
export const effectiveVisibility = (sheet: SheetRecord): Visibility => visibilityFor(factsOf(sheet));
