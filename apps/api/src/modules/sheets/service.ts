import { randomBytes } from 'node:crypto';
import type { renderText as RenderText } from '@malle/editor/render';
import { renderHtml, renderText, tableOfContents } from '@malle/editor/render';
import { validateDocument } from '@malle/editor/validate';
import { slugify } from '@malle/schema/bases';
import { Indexing, missingIndexing, type DraftInput, type Visibility } from '@malle/schema/sheets';
import { DEFAULT_LICENCE, LICENCES } from '@malle/schema/taxonomies';
import type { Database, Executor } from '../../lib/db.ts';
import type { Viewer } from '../../lib/viewer.ts';
import type { BaseService } from '../bases/service.ts';
import { AppError } from '../../lib/errors.ts';
import {
  canDeleteSheet,
  canEditSheet,
  canManageContributors,
  canReadSheet,
  canShareSheet,
  type SheetFacts,
  type Ties,
} from '../access/rules.ts';
import { tiesOf } from '../access/ties.ts';
import type { SheetFileHooks } from '../files/service.ts';
import { diffVersions } from './diff.ts';
import * as repo from './repo.ts';
import type { SheetRow } from './repo.ts';
import { effectiveVisibility, factsOf, toRecord, toVersionRecord, type SheetRecord, type VersionRecord } from './record.ts';
import { presentListItems } from './presenter.ts';
import { ratingSummaries } from '../ratings/service.ts';

/** ProseMirror JSON, as the editor package types it. */
type JSONContent = Parameters<typeof RenderText>[0];

/** A new sheet starts with one empty paragraph. */
export const EMPTY_DOCUMENT: JSONContent = { type: 'doc', content: [{ type: 'paragraph' }] };

export type SheetService = ReturnType<typeof createSheetService>;

export { effectiveVisibility } from './record.ts';
export type { SheetRecord, VersionRecord } from './record.ts';

/** A sheet as the viewer may use it: the sheet, its facts, and the viewer's ties to it. */
export interface SheetAccess {
  sheet: SheetRecord;
  facts: SheetFacts;
  ties: Ties;
  editor: boolean;
}

function fieldErrorFor(path: string, message: string): AppError {
  return new AppError('validation_failed', { message, details: { fields: [{ path, message }] } });
}

const notContributorManager = () =>
  new AppError('forbidden', {
    message: 'Seuls la personne propriétaire et les administrateurs de la base choisissent les contributeurs.',
  });

function validationFailed(issues: Array<{ path: string; message: string }>): AppError {
  return new AppError('validation_failed', { details: { fields: issues } });
}

/** Stored drafts and versions are both jsonb: their JSON text compares reliably. */
function sameContent(
  a: { title: string; summary: string; body: unknown; indexing: unknown; licence: string },
  b: typeof a,
): boolean {
  return (
    a.title === b.title &&
    a.summary === b.summary &&
    a.licence === b.licence &&
    JSON.stringify(a.body) === JSON.stringify(b.body) &&
    JSON.stringify(a.indexing) === JSON.stringify(b.indexing)
  );
}

/**
 * Sheets: drafts with conflict detection, publication into immutable versions, history, diff,
 * restore, adaptation with attribution, visibility. Every read and write is authorised here.
 */
export function createSheetService(deps: {
  db: Database;
  bases: Pick<BaseService, 'roleOf' | 'memberBase'>;
  files: SheetFileHooks;
}) {
  const { db } = deps;

  async function access(row: SheetRow, viewer: Viewer | null): Promise<SheetAccess> {
    const sheet = toRecord(row);
    const facts = factsOf(sheet);
    const ties = await tiesOf(db, viewer?.id ?? null, { baseId: sheet.ownerBaseId, sheetId: sheet.id });
    return { sheet, facts, ties, editor: canEditSheet(facts, ties) };
  }

  /** Anything a viewer may not read does not exist for them (404), down to its versions. */
  async function readable(slug: string, viewer: Viewer | null, secretKey?: string): Promise<SheetAccess> {
    return readableRow(await repo.findSheetBySlug(db, slug), viewer, secretKey);
  }

  async function readableRow(row: SheetRow | undefined, viewer: Viewer | null, secretKey?: string): Promise<SheetAccess> {
    if (!row) throw new AppError('not_found');
    const found = await access(row, viewer);
    if (!canReadSheet(found.facts, found.ties, secretKey)) throw new AppError('not_found');
    return found;
  }

  async function editable(slug: string, viewer: Viewer): Promise<SheetRecord> {
    return (await editableAccess(slug, viewer)).sheet;
  }

  async function editableAccess(slug: string, viewer: Viewer): Promise<SheetAccess> {
    return editableRow(await readable(slug, viewer));
  }

  function editableRow(found: SheetAccess): SheetAccess {
    if (!found.editor)
      throw new AppError('forbidden', {
        message: 'Seuls les membres de la base propriétaire et les contributeurs peuvent modifier cette fiche.',
      });
    return found;
  }

  /** Visibility and secret links (ADR 015): the owner or the base's members, not outside contributors. */
  function assertMayShare(found: SheetAccess, visibility: Visibility) {
    if (visibility === 'public' && found.facts.base && !found.facts.base.isPublic)
      throw validationFailed([{ path: 'visibility', message: 'Une fiche d’une base privée ne peut pas être publique.' }]);
    if (canShareSheet(found.facts, found.ties, visibility)) return;
    throw new AppError('forbidden', {
      message:
        visibility === 'secret_link' && found.facts.base
          ? 'Dans une base privée, seuls ses administrateurs peuvent partager une fiche par lien secret.'
          : 'Seuls la personne propriétaire et les membres de la base choisissent qui peut lire cette fiche.',
    });
  }

  async function freeSlug(title: string, executor: Executor = db): Promise<string> {
    const base = slugify(title).slice(0, 70).replace(/-+$/, '') || 'fiche';
    for (let i = 1; i < 1000; i++) {
      const candidate = i === 1 ? base : `${base}-${i}`;
      if (!(await repo.slugExists(executor, candidate))) return candidate;
    }
    return `${base}-${randomBytes(4).toString('hex')}`;
  }

  /** Inserts a sheet under the first free slug for its title, even when others race for it. */
  async function insertWithFreeSlug(
    executor: Executor,
    values: Omit<Parameters<typeof repo.insertSheet>[1], 'slug'>,
  ): Promise<{ id: string; slug: string }> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const created = await repo.insertSheet(executor, { ...values, slug: await freeSlug(values.title, executor) });
      if (created) return created;
    }
    throw new AppError('conflict', { message: 'Trop de fiches portent ce titre en ce moment. Réessayez.' });
  }

  async function owner(
    viewer: Viewer,
    baseSlug: string | null,
  ): Promise<{ ownerBaseId: string | null; ownerUserId: string | null }> {
    if (baseSlug === null) return { ownerBaseId: null, ownerUserId: viewer.id };
    const base = await deps.bases.memberBase(baseSlug, viewer.id);
    if (!base)
      throw new AppError('forbidden', { message: 'Vous ne pouvez créer une fiche que dans une base dont vous êtes membre.' });
    return { ownerBaseId: base.id, ownerUserId: null };
  }

  async function version(sheet: SheetRecord, number: number): Promise<VersionRecord> {
    const found = number >= 1 && number <= sheet.latestVersion ? await repo.findVersion(db, sheet.id, number) : undefined;
    if (!found) throw new AppError('not_found', { message: `La version ${number} de cette fiche n’existe pas.` });
    return toVersionRecord(found);
  }

  return {
    readable,
    readableById: async (id: string, viewer: Viewer | null, secretKey?: string) =>
      readableRow(await repo.findSheetById(db, id), viewer, secretKey),
    editableById: async (id: string, viewer: Viewer) =>
      editableRow(await readableRow(await repo.findSheetById(db, id), viewer)).sheet,
    isPublic: (sheet: SheetRecord) => effectiveVisibility(sheet) === 'public',
    async isShared(id: string): Promise<boolean> {
      const row = await repo.findSheetById(db, id);
      if (!row) return false;
      const sheet = toRecord(row);
      return !sheet.base?.deleted && sheet.latestVersion > 0 && effectiveVisibility(sheet) !== 'private';
    },
    tableOfContents: (body: unknown) => tableOfContents(body as JSONContent),

    async create(viewer: Viewer, input: { title: string; baseSlug: string | null }): Promise<string> {
      const target = await owner(viewer, input.baseSlug);
      const created = await insertWithFreeSlug(db, {
        ...target,
        createdBy: viewer.id,
        title: input.title,
        summary: '',
        body: EMPTY_DOCUMENT,
        indexing: Indexing.parse({}),
        licence: DEFAULT_LICENCE,
      });
      return created.slug;
    },

    editable,

    /** The draft, and whether it differs from the latest version (something to publish). */
    async draft(slug: string, viewer: Viewer): Promise<{ sheet: SheetRecord; hasChanges: boolean }> {
      const sheet = await editable(slug, viewer);
      const latest = sheet.latestVersion > 0 ? await repo.findVersion(db, sheet.id, sheet.latestVersion) : undefined;
      return { sheet, hasChanges: !latest || !sameContent(sheet.draft, latest) };
    },

    /**
     * Saves the draft if it still is at `revision`; otherwise `draft_conflict` with who saved last,
     * so that two people never silently overwrite each other.
     */
    async saveDraft(slug: string, viewer: Viewer, input: DraftInput): Promise<number> {
      const sheet = await editable(slug, viewer);
      const checked = validateDocument(input.body);
      if (!checked.ok)
        throw validationFailed(checked.issues.map((i) => ({ path: i.path ? `body.${i.path}` : 'body', message: i.message })));
      const foreign = await deps.files.checkReferences(db, sheet.id, checked.doc);
      if (foreign.length) throw validationFailed(foreign);
      const revision = await repo.saveDraftIfRevision(db, sheet.id, input.revision, {
        title: input.title,
        summary: input.summary,
        body: checked.doc,
        indexing: input.indexing,
        licence: input.licence,
        userId: viewer.id,
      });
      if (revision === null) {
        const current = await repo.findSheetBySlug(db, slug);
        const by = current?.draft_updated_by ? await repo.findUserName(db, current.draft_updated_by) : undefined;
        throw new AppError('draft_conflict', {
          details: {
            currentRevision: current?.draft_revision,
            updatedBy: by?.display_name ?? null,
            updatedAt: current?.draft_updated_at.toISOString(),
          },
        });
      }
      return revision;
    },

    /**
     * Freezes the draft into version N+1 (content, indexing, licence, rendered HTML and text), in
     * one transaction with the sheet row locked so that two publications cannot take one number.
     */
    async publish(
      slug: string,
      viewer: Viewer,
      input: { changeNote: string; visibility?: Visibility | undefined },
    ): Promise<number> {
      const found = await editableAccess(slug, viewer);
      if (input.visibility && input.visibility !== found.sheet.visibility) assertMayShare(found, input.visibility);
      return db.transaction().execute(async (trx) => {
        await repo.lockSheet(trx, found.sheet.id);
        const sheet = await repo.findSheetBySlug(trx, slug);
        if (!sheet) throw new AppError('not_found');
        const indexing = Indexing.parse(sheet.indexing);
        const missing = missingIndexing(indexing);
        if (missing.length) throw validationFailed(missing);
        if (sheet.latest_version > 0) {
          const latest = await repo.findVersion(trx, sheet.id, sheet.latest_version);
          if (latest && sameContent(sheet, latest)) throw new AppError('nothing_changed');
        }
        const visibility = input.visibility ?? (sheet.visibility as Visibility);
        if (visibility === 'public' && sheet.owner_base_id && !sheet.base_is_public) {
          throw validationFailed([{ path: 'visibility', message: 'Une fiche d’une base privée ne peut pas être publique.' }]);
        }
        if (input.visibility && input.visibility !== sheet.visibility) {
          await repo.setVisibility(
            trx,
            sheet.id,
            visibility,
            visibility === 'secret_link' ? randomBytes(18).toString('base64url') : null,
          );
        }
        const author = await repo.findUserName(trx, viewer.id);
        const number = sheet.latest_version + 1;
        await repo.insertVersion(trx, {
          sheetId: sheet.id,
          number,
          title: sheet.title,
          summary: sheet.summary,
          body: sheet.body,
          bodyHtml: renderHtml(sheet.body),
          bodyText: renderText(sheet.body as JSONContent),
          indexing,
          licence: sheet.licence,
          changeNote: input.changeNote,
          authorId: viewer.id,
          authorName: author?.display_name ?? 'Ancien membre',
        });
        await deps.files.recordVersion(trx, sheet.id, number, sheet.body);
        return number;
      });
    },

    version,
    versions: (sheet: SheetRecord) => repo.listVersions(db, sheet.id),

    async diff(slug: string, viewer: Viewer | null, from: number, to: number, secretKey?: string) {
      const { sheet } = await readable(slug, viewer, secretKey);
      return diffVersions(await version(sheet, from), await version(sheet, to));
    },

    /** Copies a version into the draft (a new revision); publishing it makes version N+1. */
    async restore(slug: string, viewer: Viewer, number: number): Promise<number> {
      const sheet = await editable(slug, viewer);
      const old = await version(sheet, number);
      const revision = await repo.saveDraftIfRevision(db, sheet.id, sheet.draft.revision, {
        title: old.title,
        summary: old.summary,
        body: old.body,
        indexing: old.indexing,
        licence: old.licence,
        userId: viewer.id,
      });
      if (revision === null) throw new AppError('draft_conflict');
      return revision;
    },

    /** "Adapter cette fiche": a new draft in a space the person can write to, citing its origin. */
    async adapt(
      slug: string,
      viewer: Viewer,
      input: { baseSlug: string | null; version?: number | undefined },
      secretKey?: string,
    ): Promise<string> {
      const { sheet } = await readable(slug, viewer, secretKey);
      if (sheet.latestVersion === 0) throw new AppError('not_found');
      const source = await version(sheet, input.version ?? sheet.latestVersion);
      if (!LICENCES.find((l) => l.id === source.licence)?.allowsAdaptation) throw new AppError('adaptation_forbidden');
      const target = await owner(viewer, input.baseSlug);
      return db.transaction().execute(async (trx) => {
        const created = await insertWithFreeSlug(trx, {
          ...target,
          createdBy: viewer.id,
          title: source.title,
          summary: source.summary,
          body: source.body,
          indexing: source.indexing,
          licence: source.licence,
          adaptedFromSheetId: sheet.id,
          adaptedFromVersion: source.number,
        });
        // The copy refers to its own file rows (same stored bytes): it stays whole whatever happens to the original.
        const body = await deps.files.copyForAdaptation(trx, sheet.id, created.id, source.body, viewer.id);
        if (body !== source.body) await repo.setDraftBody(trx, created.id, body);
        return created.slug;
      });
    },

    async setVisibility(slug: string, viewer: Viewer, visibility: Visibility, regenerate = false): Promise<void> {
      const found = await editableAccess(slug, viewer);
      assertMayShare(found, visibility);
      const sheet = found.sheet;
      // A fresh token revokes every secret link given out before.
      const token =
        visibility === 'secret_link'
          ? regenerate || !sheet.secretToken
            ? randomBytes(18).toString('base64url')
            : sheet.secretToken
          : null;
      await repo.setVisibility(db, sheet.id, visibility, token);
    },

    /**
     * Deletes a sheet (its owner, or an administrator of its base). Its files are removed by the
     * cleanup job once nothing else refers to their bytes.
     */
    async remove(slug: string, viewer: Viewer): Promise<void> {
      const found = await editableAccess(slug, viewer);
      if (!canDeleteSheet(found.facts, found.ties))
        throw new AppError('forbidden', {
          message: 'Seul·e la personne propriétaire ou un administrateur de la base peut supprimer cette fiche.',
        });
      await repo.softDeleteSheet(db, found.sheet.id);
    },

    mine: async (viewer: Viewer) => (await repo.listEditableSheets(db, viewer.id)).map(toRecord),

    /** Published sheets of someone's personal space the viewer may find. */
    ofPerson: async (userId: string, viewer: Viewer | null) =>
      (await repo.listPublishedOfPerson(db, userId, viewer?.id ?? null)).map(toRecord),

    contributors: (sheet: SheetRecord) => repo.listContributors(db, sheet.id),

    /**
     * Contributors may edit a sheet without being members of its base. They are added by e-mail,
     * among existing accounts (an unknown address is a clear refusal, not a silent no-op).
     */
    async addContributor(slug: string, viewer: Viewer, email: string): Promise<void> {
      const found = await editableAccess(slug, viewer);
      if (!canManageContributors(found.facts, found.ties)) throw notContributorManager();
      const user = await repo.findUserIdByEmail(db, email);
      if (!user)
        throw fieldErrorFor(
          'email',
          'Aucun compte Malle n’utilise cette adresse. Demandez à la personne de créer son compte, puis réessayez.',
        );
      // Contributors may find the sheet in search even when it is private.
      await repo.addContributor(db, found.sheet.id, user.id);
    },

    /** By whoever manages contributors, or a contributor leaving (ADR 015). */
    async removeContributor(slug: string, viewer: Viewer, userId: string): Promise<void> {
      const found = await editableAccess(slug, viewer);
      if (userId !== viewer.id && !canManageContributors(found.facts, found.ties)) throw notContributorManager();
      if (!(await repo.removeContributor(db, found.sheet.id, userId))) throw new AppError('not_found');
    },

    /** The base's published sheets the viewer may find: all of them for members, public ones otherwise. */
    ofBase: async (baseId: string, viewer: Viewer | null) =>
      (await repo.listPublishedOfBase(db, baseId, viewer?.id ?? null)).map(toRecord),

    /** A list as readers see it: published titles, effective visibility, rating badges. */
    presentList: (sheets: SheetRecord[], options: { drafts?: boolean } = {}) =>
      presentListItems(sheets, (ids) => ratingSummaries(db, ids), options),
  };
}
