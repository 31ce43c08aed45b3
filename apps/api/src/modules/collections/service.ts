import { randomBytes } from 'node:crypto';
import type { Collection, CollectionCreateInput, CollectionUpdateInput } from '@malle/schema/collections';
import type { Visibility } from '@malle/schema/sheets';
import type { Database } from '../../lib/db.ts';
import { AppError } from '../../lib/errors.ts';
import type { BaseService } from '../bases/service.ts';
import { ratingSummaries } from '../ratings/service.ts';
import type { SheetService } from '../sheets/service.ts';
import { presentCollection, presentSummary } from './presenter.ts';
import {
  canEditCollection,
  canReadCollection,
  effectiveVisibility as visibilityFor,
  type CollectionFacts,
} from '../access/rules.ts';
import { tiesOf } from '../access/ties.ts';
import * as repo from './repo.ts';
import type { CollectionRow } from './repo.ts';
import type { Viewer } from '../../lib/viewer.ts';

export type CollectionService = ReturnType<typeof createCollectionService>;

/** The facts the access rules need, from a collection row. */
function collectionFacts(row: CollectionRow): CollectionFacts {
  return {
    id: row.id,
    ownerUserId: row.owner_user_id,
    base: row.owner_base_id
      ? { id: row.owner_base_id, isPublic: row.base_is_public === true, deleted: row.base_deleted_at !== null }
      : null,
    visibility: row.visibility as Visibility,
    secretToken: row.secret_token,
    isFavorites: row.is_favorites,
  };
}

/** What readers see: a private base makes every collection in it private. */
export const effectiveVisibility = (row: CollectionRow): Visibility => visibilityFor(collectionFacts(row));

function visibilityError(message: string): AppError {
  return new AppError('validation_failed', { message, details: { fields: [{ path: 'visibility', message }] } });
}

const newSecret = () => randomBytes(18).toString('base64url');

/**
 * Collections: ordered, annotated lists of sheets owned by a person or a base, public, private or
 * shared by secret link. Whoever reads a collection only ever sees the sheets they may read; its
 * editors are told how many they cannot see any more.
 */
export function createCollectionService(deps: {
  db: Database;
  bases: Pick<BaseService, 'memberBase' | 'readable'>;
  sheets: Pick<SheetService, 'readable'>;
}) {
  const { db } = deps;

  async function canEdit(row: CollectionRow, viewer: Viewer | null): Promise<boolean> {
    return canEditCollection(collectionFacts(row), await tiesOf(db, viewer?.id ?? null, { baseId: row.owner_base_id }));
  }

  /** Private and secret-link collections do not exist for whoever may not read them (404). */
  async function readable(id: string, viewer: Viewer | null, key?: string): Promise<{ row: CollectionRow; editor: boolean }> {
    const row = await repo.findCollection(db, id, viewer?.id ?? null);
    if (!row) throw new AppError('not_found');
    const facts = collectionFacts(row);
    const ties = await tiesOf(db, viewer?.id ?? null, { baseId: row.owner_base_id });
    if (!canReadCollection(facts, ties, key)) throw new AppError('not_found');
    return { row, editor: canEditCollection(facts, ties) };
  }

  async function editable(id: string, viewer: Viewer): Promise<CollectionRow> {
    const { row, editor } = await readable(id, viewer);
    if (!editor)
      throw new AppError('forbidden', {
        message: 'Seuls la personne propriétaire ou les membres de la base peuvent modifier cette collection.',
      });
    return row;
  }

  function checkVisibility(row: { owner_base_id: string | null; base_is_public: boolean | null }, visibility: Visibility) {
    if (visibility === 'public' && row.owner_base_id && !row.base_is_public)
      throw visibilityError('Une collection d’une base privée ne peut pas être publique.');
  }

  /** The collection as this viewer sees it: only readable items; editors learn how many are hidden. */
  async function view(row: CollectionRow, viewer: Viewer | null, editor: boolean, withContent = false): Promise<Collection> {
    const items = await repo.listItems(db, row.id, viewer?.id ?? null);
    const visible = items.filter((i) => i.readable);
    const summaries = await ratingSummaries(
      db,
      visible.map((i) => i.sheet_id),
    );
    return presentCollection(row, {
      items: visible,
      summaries,
      editor,
      visibility: effectiveVisibility(row),
      unavailableCount: editor ? items.length - visible.length : null,
      withContent,
    });
  }

  async function summariesOf(rows: CollectionRow[], viewer: Viewer | null) {
    return Promise.all(
      rows.map(async (row) => presentSummary(row, { editor: await canEdit(row, viewer), visibility: effectiveVisibility(row) })),
    );
  }

  return {
    readable,

    async read(id: string, viewer: Viewer | null, key?: string, withContent = false): Promise<Collection> {
      const { row, editor } = await readable(id, viewer, key);
      return view(row, viewer, editor, withContent);
    },

    async create(viewer: Viewer, input: CollectionCreateInput): Promise<string> {
      let ownerBaseId: string | null = null;
      let baseIsPublic: boolean | null = null;
      if (input.baseSlug !== null) {
        const base = await deps.bases.memberBase(input.baseSlug, viewer.id);
        if (!base)
          throw new AppError('forbidden', {
            message: 'Vous ne pouvez créer une collection que dans une base dont vous êtes membre.',
          });
        ownerBaseId = base.id;
        baseIsPublic = base.is_public;
      }
      checkVisibility({ owner_base_id: ownerBaseId, base_is_public: baseIsPublic }, input.visibility);
      return db.transaction().execute(async (trx) => {
        const { id } = await repo.insertCollection(trx, {
          ownerBaseId,
          ownerUserId: ownerBaseId ? null : viewer.id,
          createdBy: viewer.id,
          title: input.title,
          description: input.description,
          visibility: input.visibility,
          secretToken: input.visibility === 'secret_link' ? newSecret() : null,
        });
        await repo.touchCollection(trx, id);
        return id;
      });
    },

    async update(id: string, viewer: Viewer, input: CollectionUpdateInput): Promise<void> {
      const row = await editable(id, viewer);
      if (row.is_favorites && input.visibility !== 'private') throw new AppError('favorites_locked');
      checkVisibility(row, input.visibility);
      // A fresh token revokes every secret link given out before.
      const secretToken =
        input.visibility === 'secret_link' ? (input.regenerateLink || !row.secret_token ? newSecret() : row.secret_token) : null;
      await db.transaction().execute(async (trx) => {
        await repo.updateCollection(trx, row.id, {
          title: row.is_favorites ? row.title : input.title,
          description: input.description,
          visibility: input.visibility,
          secretToken,
        });
        await repo.touchCollection(trx, row.id);
      });
    },

    async remove(id: string, viewer: Viewer): Promise<void> {
      const row = await editable(id, viewer);
      if (row.is_favorites) throw new AppError('favorites_locked');
      await repo.deleteCollection(db, row.id);
    },

    /** Adds a sheet the person can read (published), at the end; adding it again changes nothing. */
    async addItem(
      id: string,
      viewer: Viewer,
      input: { sheetSlug: string; note: string; pinnedVersion: number | null; key?: string | undefined },
    ): Promise<void> {
      const row = await editable(id, viewer);
      const { sheet } = await deps.sheets.readable(input.sheetSlug, viewer, input.key);
      if (sheet.latestVersion === 0)
        throw new AppError('validation_failed', { message: 'Seule une fiche publiée peut entrer dans une collection.' });
      if (input.pinnedVersion !== null && input.pinnedVersion > sheet.latestVersion)
        throw new AppError('not_found', { message: `La version ${input.pinnedVersion} de cette fiche n’existe pas.` });
      await db.transaction().execute(async (trx) => {
        await repo.lockCollection(trx, row.id);
        await repo.addItem(trx, {
          collectionId: row.id,
          sheetId: sheet.id,
          note: input.note,
          pinnedVersion: input.pinnedVersion,
        });
        await repo.touchCollection(trx, row.id);
      });
    },

    async updateItem(id: string, viewer: Viewer, sheetId: string, input: { note: string; pinnedVersion: number | null }) {
      const row = await editable(id, viewer);
      const item = (await repo.listItems(db, row.id, viewer.id)).find((i) => i.sheet_id === sheetId && i.readable);
      if (!item) throw new AppError('not_found');
      if (input.pinnedVersion !== null && input.pinnedVersion > item.latest_version)
        throw new AppError('not_found', { message: `La version ${input.pinnedVersion} de cette fiche n’existe pas.` });
      await repo.updateItem(db, row.id, sheetId, input);
      await repo.touchCollection(db, row.id);
    },

    /** Editors may remove any item, including one they can no longer read. */
    async removeItem(id: string, viewer: Viewer, sheetId: string): Promise<void> {
      const row = await editable(id, viewer);
      await db.transaction().execute(async (trx) => {
        if (!(await repo.removeItem(trx, row.id, sheetId))) throw new AppError('not_found');
        await repo.touchCollection(trx, row.id);
      });
    },

    /** Removes every item the editor can no longer read ("1 fiche n'est plus disponible"). */
    async removeUnavailable(id: string, viewer: Viewer): Promise<number> {
      const row = await editable(id, viewer);
      const hidden = (await repo.listItems(db, row.id, viewer.id)).filter((i) => !i.readable);
      for (const item of hidden) await repo.removeItem(db, row.id, item.sheet_id);
      if (hidden.length) await repo.touchCollection(db, row.id);
      return hidden.length;
    },

    /**
     * New order of the items the editor sees (exactly those, each once). Items hidden from them keep
     * their relative order, after the others.
     */
    async reorder(id: string, viewer: Viewer, sheetIds: string[]): Promise<void> {
      const row = await editable(id, viewer);
      await db.transaction().execute(async (trx) => {
        await repo.lockCollection(trx, row.id);
        const items = await repo.listItems(trx, row.id, viewer.id);
        const visible = items.filter((i) => i.readable).map((i) => i.sheet_id);
        const same =
          sheetIds.length === visible.length &&
          new Set(sheetIds).size === sheetIds.length &&
          sheetIds.every((s) => visible.includes(s));
        if (!same)
          throw new AppError('conflict', {
            message: 'La collection a changé entre-temps. Rechargez la page puis recommencez.',
          });
        const hidden = items.filter((i) => !i.readable).map((i) => i.sheet_id);
        await repo.setPositions(trx, row.id, [...sheetIds, ...hidden]);
        await repo.touchCollection(trx, row.id);
      });
    },

    /** The person's editable collections (their "Mes favoris" first, created if missing). */
    async mine(viewer: Viewer, sheetSlug?: string, key?: string) {
      await repo.ensureFavorites(db, viewer.id);
      const rows = await repo.listEditableBy(db, viewer.id);
      const out = rows.map((row) => presentSummary(row, { editor: true, visibility: effectiveVisibility(row) }));
      if (sheetSlug === undefined) return out;
      const { sheet } = await deps.sheets.readable(sheetSlug, viewer, key);
      const holding = await repo.collectionsHolding(
        db,
        rows.map((r) => r.id),
        sheet.id,
      );
      return out.map((c) => ({ ...c, containsSheet: holding.has(c.id) }));
    },

    /**
     * "Enregistrer": the sheet ends up in exactly the listed collections among those the person may
     * edit (added at the end where missing, removed where unlisted).
     */
    async saveIn(sheetSlug: string, viewer: Viewer, collectionIds: string[], key?: string): Promise<void> {
      const { sheet } = await deps.sheets.readable(sheetSlug, viewer, key);
      if (sheet.latestVersion === 0)
        throw new AppError('validation_failed', { message: 'Seule une fiche publiée peut entrer dans une collection.' });
      await repo.ensureFavorites(db, viewer.id);
      const editableIds = new Set((await repo.listEditableBy(db, viewer.id)).map((r) => r.id));
      if (collectionIds.some((id) => !editableIds.has(id))) throw new AppError('not_found');
      const wanted = new Set(collectionIds);
      await db.transaction().execute(async (trx) => {
        const holding = await repo.collectionsHolding(trx, [...editableIds], sheet.id);
        for (const id of editableIds) {
          if (wanted.has(id) && !holding.has(id)) {
            await repo.lockCollection(trx, id);
            await repo.addItem(trx, { collectionId: id, sheetId: sheet.id, note: '', pinnedVersion: null });
            await repo.touchCollection(trx, id);
          } else if (!wanted.has(id) && holding.has(id)) {
            await repo.removeItem(trx, id, sheet.id);
            await repo.touchCollection(trx, id);
          }
        }
      });
    },

    async ofBase(baseSlug: string, viewer: Viewer | null) {
      const { base } = await deps.bases.readable(baseSlug, viewer);
      return summariesOf(await repo.listOfBase(db, base.id, viewer?.id ?? null), viewer);
    },

    /** The public API's list: collections anyone may read, as anonymous visitors see them. */
    async listPublic(limit: number, offset: number) {
      const [rows, total] = await Promise.all([repo.listPublicCollections(db, limit, offset), repo.countPublicCollections(db)]);
      return { items: rows.map((row) => presentSummary(row, { editor: false, visibility: effectiveVisibility(row) })), total };
    },

    async ofPerson(userId: string, viewer: Viewer | null) {
      return summariesOf(await repo.listOfPerson(db, userId, viewer?.id ?? null), viewer);
    },
  };
}

/** For search (issue 5): ids of the collections anyone may read. Read each with `read(id, null)`. */
export const listPublicCollectionIds = (db: Database) => repo.listPublicCollectionIds(db);
