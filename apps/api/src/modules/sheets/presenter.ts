import type { RatingSummary } from '@malle/schema/ratings';
import type { Draft, Sheet, SheetListItem, SheetVersion } from '@malle/schema/sheets';
import { Indexing } from '@malle/schema/sheets';
import type { SheetRow, VersionRow } from './repo.ts';
import { canDeleteSheet, canManageContributors, canSeeSecretLink, canShareSheet } from '../access/rules.ts';
import { effectiveVisibility, type SheetAccess } from './service.ts';

export function presentOwner(row: SheetRow) {
  return row.owner_base_id
    ? { kind: 'base' as const, slug: row.base_slug, id: row.owner_base_id, name: row.base_name ?? '' }
    : { kind: 'person' as const, slug: null, id: row.owner_user_id ?? '', name: row.owner_name ?? 'Ancien membre' };
}

/** `files`: the HTML with file links resolved for this viewer, and the attachment blocks. */
export function presentVersion(
  v: VersionRow,
  toc: SheetVersion['toc'],
  files: { html: string; attachments: SheetVersion['attachments'] },
): SheetVersion {
  return {
    number: v.number,
    title: v.title,
    summary: v.summary,
    html: files.html,
    attachments: files.attachments,
    body: v.body,
    indexing: Indexing.parse(v.indexing),
    licence: v.licence,
    changeNote: v.change_note,
    authorName: v.author_name,
    createdAt: v.created_at.toISOString(),
    toc,
  };
}

export function presentSheet(access: SheetAccess, version: SheetVersion | null): Sheet {
  const { row, facts, ties } = access;
  return {
    id: row.id,
    slug: row.slug,
    owner: presentOwner(row),
    visibility: effectiveVisibility(row),
    latestVersion: row.latest_version,
    adaptationCount: row.adaptation_count,
    adaptedFrom:
      row.origin_slug && row.adapted_from_version
        ? { slug: row.origin_slug, title: row.origin_title ?? '', version: row.adapted_from_version }
        : null,
    version,
    viewer: {
      canEdit: access.editor,
      canShare: canShareSheet(facts, ties, 'private'),
      canManageContributors: canManageContributors(facts, ties),
      canDelete: canDeleteSheet(facts, ties),
    },
    secretLinkToken: row.visibility === 'secret_link' && canSeeSecretLink(facts, ties) ? row.secret_token : null,
  };
}

export function presentDraft(row: SheetRow, hasChanges: boolean): Draft {
  return {
    slug: row.slug,
    revision: row.draft_revision,
    title: row.title,
    summary: row.summary,
    body: row.body,
    indexing: Indexing.parse(row.indexing),
    licence: row.licence,
    updatedAt: row.draft_updated_at.toISOString(),
    updatedBy: row.draft_updated_by,
    latestVersion: row.latest_version,
    hasChanges,
  };
}

/**
 * List rows with their rating badges (summaries from the ratings module). Lists of published
 * sheets (a base's, a profile's) show the published version's title and summary: the draft is
 * only for those who edit it ("Mes fiches", `{ drafts: true }`).
 */
export async function presentListItems(
  rows: SheetRow[],
  summaries: (sheetIds: string[]) => Promise<Map<string, RatingSummary>>,
  options: { drafts?: boolean } = {},
): Promise<SheetListItem[]> {
  const published = rows.filter((r) => r.latest_version > 0).map((r) => r.id);
  const ratings = await summaries(published);
  return rows.map((row) => presentListItem(row, ratings.get(row.id), options.drafts ?? false));
}

export function presentListItem(row: SheetRow, rating: RatingSummary | undefined, drafts: boolean): SheetListItem {
  const published = !drafts && row.latest_version > 0;
  return {
    id: row.id,
    slug: row.slug,
    summary: published ? (row.published_summary ?? '') : row.summary,
    title: published ? (row.published_title ?? row.title) : row.title,
    owner: presentOwner(row),
    // What readers see: a sheet of a base made private is private, whatever it was set to.
    visibility: effectiveVisibility(row),
    latestVersion: row.latest_version,
    // Saved after the last publication (or never published): there is something to publish.
    hasDraftChanges: !row.published_at || row.draft_updated_at > row.published_at,
    updatedAt: row.draft_updated_at.toISOString(),
    rating: { count: rating?.count ?? 0, score: rating?.score ?? null },
  };
}
