import type { Collection, CollectionItem, CollectionSummary } from '@malle/schema/collections';
import type { RatingSummary } from '@malle/schema/ratings';
import type { Visibility } from '@malle/schema/sheets';
import { badgeOf } from '../ratings/service.ts';
import type { CollectionRow, ItemRow } from './repo.ts';

function presentOwner(row: CollectionRow) {
  return row.owner_base_id
    ? { kind: 'base' as const, id: row.owner_base_id, slug: row.base_slug, name: row.base_name ?? '' }
    : { kind: 'person' as const, id: row.owner_user_id ?? '', slug: null, name: row.owner_name ?? 'Ancien membre' };
}

export function presentSummary(row: CollectionRow, opts: { editor: boolean; visibility: Visibility }): CollectionSummary {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    owner: presentOwner(row),
    visibility: opts.visibility,
    isFavorites: row.is_favorites,
    itemCount: row.visible_count,
    updatedAt: row.updated_at.toISOString(),
    canEdit: opts.editor,
  };
}

function presentItem(item: ItemRow, summary: RatingSummary | undefined, withContent: boolean): CollectionItem {
  const following = item.pinned_version === null;
  return {
    sheetId: item.sheet_id,
    slug: item.slug,
    title: item.version_title ?? '',
    summary: item.version_summary ?? '',
    owner: item.owner_base_id
      ? { kind: 'base', id: item.owner_base_id, slug: item.base_slug, name: item.base_name ?? '' }
      : { kind: 'person', id: item.owner_user_id ?? '', slug: null, name: item.owner_name ?? 'Ancien membre' },
    latestVersion: item.latest_version,
    pinnedVersion: item.pinned_version,
    version: item.version_number ?? item.latest_version,
    note: item.note,
    addedAt: item.added_at.toISOString(),
    updatedSinceAdded:
      following && item.latest_published_at && item.latest_published_at > item.added_at
        ? item.latest_published_at.toISOString()
        : null,
    rating: badgeOf(summary),
    ...(withContent ? { html: item.version_html ?? '' } : {}),
  };
}

export function presentCollection(
  row: CollectionRow,
  opts: {
    items: ItemRow[];
    summaries: Map<string, RatingSummary>;
    editor: boolean;
    visibility: Visibility;
    unavailableCount: number | null;
    withContent: boolean;
  },
): Collection {
  return {
    ...presentSummary(row, opts),
    items: opts.items.map((i) => presentItem(i, opts.summaries.get(i.sheet_id), opts.withContent)),
    unavailableCount: opts.unavailableCount,
    secretLinkToken: opts.editor && row.visibility === 'secret_link' ? row.secret_token : null,
  };
}
