import type { RatingSummary } from '@malle/schema/ratings';
import type { Draft, Sheet, SheetListItem, SheetVersion } from '@malle/schema/sheets';
import { Indexing } from '@malle/schema/sheets';
import { canDeleteSheet, canManageContributors, canSeeSecretLink, canShareSheet } from '../access/rules.ts';
import { effectiveVisibility, type SheetRecord, type VersionRecord } from './record.ts';
import type { SheetAccess } from './service.ts';

export function presentOwner(sheet: SheetRecord) {
  return sheet.ownerBaseId
    ? { kind: 'base' as const, slug: sheet.base?.slug ?? null, id: sheet.ownerBaseId, name: sheet.base?.name ?? '' }
    : { kind: 'person' as const, slug: null, id: sheet.ownerUserId ?? '', name: sheet.ownerName ?? 'Ancien membre' };
}

/** `files`: the HTML with file links resolved for this viewer, and the attachment blocks. */
export function presentVersion(
  v: VersionRecord,
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
    changeNote: v.changeNote,
    authorName: v.authorName,
    createdAt: v.createdAt.toISOString(),
    toc,
  };
}

export function presentSheet(access: SheetAccess, version: SheetVersion | null): Sheet {
  const { sheet, facts, ties } = access;
  return {
    id: sheet.id,
    slug: sheet.slug,
    owner: presentOwner(sheet),
    visibility: effectiveVisibility(sheet),
    latestVersion: sheet.latestVersion,
    adaptationCount: sheet.adaptationCount,
    adaptedFrom: sheet.adaptedFrom?.slug
      ? { slug: sheet.adaptedFrom.slug, title: sheet.adaptedFrom.title ?? '', version: sheet.adaptedFrom.version }
      : null,
    version,
    viewer: {
      canEdit: access.editor,
      canShare: canShareSheet(facts, ties, 'private'),
      canManageContributors: canManageContributors(facts, ties),
      canDelete: canDeleteSheet(facts, ties),
    },
    secretLinkToken: sheet.visibility === 'secret_link' && canSeeSecretLink(facts, ties) ? sheet.secretToken : null,
  };
}

export function presentDraft(sheet: SheetRecord, hasChanges: boolean): Draft {
  return {
    slug: sheet.slug,
    revision: sheet.draft.revision,
    title: sheet.draft.title,
    summary: sheet.draft.summary,
    body: sheet.draft.body,
    indexing: Indexing.parse(sheet.draft.indexing),
    licence: sheet.draft.licence,
    updatedAt: sheet.draft.updatedAt.toISOString(),
    updatedBy: sheet.draft.updatedBy,
    latestVersion: sheet.latestVersion,
    hasChanges,
  };
}

/**
 * List rows with their rating badges (summaries from the ratings module). Lists of published
 * sheets (a base's, a profile's) show the published version's title and summary: the draft is
 * only for those who edit it ("Mes fiches", `{ drafts: true }`).
 */
export async function presentListItems(
  sheets: SheetRecord[],
  summaries: (sheetIds: string[]) => Promise<Map<string, RatingSummary>>,
  options: { drafts?: boolean } = {},
): Promise<SheetListItem[]> {
  const published = sheets.filter((r) => r.latestVersion > 0).map((r) => r.id);
  const ratings = await summaries(published);
  return sheets.map((sheet) => presentListItem(sheet, ratings.get(sheet.id), options.drafts ?? false));
}

export function presentListItem(sheet: SheetRecord, rating: RatingSummary | undefined, drafts: boolean): SheetListItem {
  const published = !drafts && sheet.latestVersion > 0;
  return {
    id: sheet.id,
    slug: sheet.slug,
    summary: published ? (sheet.publishedSummary ?? '') : sheet.draft.summary,
    title: published ? (sheet.publishedTitle ?? sheet.draft.title) : sheet.draft.title,
    owner: presentOwner(sheet),
    // What readers see: a sheet of a base made private is private, whatever it was set to.
    visibility: effectiveVisibility(sheet),
    latestVersion: sheet.latestVersion,
    // Saved after the last publication (or never published): there is something to publish.
    hasDraftChanges: !sheet.publishedAt || sheet.draft.updatedAt > sheet.publishedAt,
    updatedAt: sheet.draft.updatedAt.toISOString(),
    rating: { count: rating?.count ?? 0, score: rating?.score ?? null },
  };
}
