/**
 * Who may read, find, edit and share sheets, bases, collections, profiles and files: the one home
 * of these rules (ADR 015). Each rule is written here once and exported in every form the code
 * needs: a TypeScript predicate over facts (this file), the same rule as SQL (`sql.ts`), and who
 * may find a document in search (`readers.ts`). `access.test.ts` checks, over every combination of
 * roles and states, that the three forms agree.
 *
 * Vocabulary:
 * - read: open it (a secret link's key counts);
 * - find: see it in search, lists and collections (a secret link lets people read, not find);
 * - edit: change the draft and publish versions of it;
 * - share: choose who may read it (visibility, secret link, contributors).
 */
import type { BaseRole } from '@malle/schema/bases';
import type { Visibility } from '@malle/schema/sheets';
import { safeEqual } from '../../lib/tokens.ts';

// ---------------------------------------------------------------------------------------------
// Facts: what the rules need to know, read by `facts.ts` (or written by hand in tests).

/** A base as the rules see it. */
export interface BaseFacts {
  id: string;
  isPublic: boolean;
  deleted: boolean;
}

/** A sheet as the rules see it: its state and its space. */
export interface SheetFacts {
  id: string;
  ownerUserId: string | null;
  /** Its base, or null for a personal sheet. */
  base: BaseFacts | null;
  deleted: boolean;
  /** At least one published version. */
  published: boolean;
  visibility: Visibility;
  secretToken: string | null;
}

/** A collection as the rules see it. */
export interface CollectionFacts {
  id: string;
  ownerUserId: string | null;
  base: BaseFacts | null;
  visibility: Visibility;
  secretToken: string | null;
  isFavorites: boolean;
}

export interface ProfileFacts {
  id: string;
  isPublic: boolean;
}

/** The viewer's ties to a thing: their role in its base, and whether they contribute to it. */
export interface Ties {
  viewerId: string | null;
  baseRole: BaseRole | null;
  contributor: boolean;
}

export const ANONYMOUS: Ties = { viewerId: null, baseRole: null, contributor: false };

// ---------------------------------------------------------------------------------------------
// Bases

export const canReadBase = (base: BaseFacts, ties: Ties): boolean => !base.deleted && (base.isPublic || ties.baseRole !== null);
export const canAdministerBase = (base: BaseFacts, ties: Ties): boolean => !base.deleted && ties.baseRole === 'admin';

// ---------------------------------------------------------------------------------------------
// Sheets

/** A sheet exists for the rules while it and its base are not deleted. */
const sheetExists = (sheet: SheetFacts) => !sheet.deleted && !sheet.base?.deleted;

/** What readers see: a private base makes every sheet in it private (never shown as public). */
export function effectiveVisibility(thing: { base: BaseFacts | null; visibility: Visibility }): Visibility {
  if (thing.base && !thing.base.isPublic && thing.visibility === 'public') return 'private';
  return thing.visibility;
}

/** Its owner, any member of its base, its contributors. */
export function canEditSheet(sheet: SheetFacts, ties: Ties): boolean {
  if (!sheetExists(sheet) || !ties.viewerId) return false;
  return sheet.ownerUserId === ties.viewerId || (sheet.base !== null && ties.baseRole !== null) || ties.contributor;
}

/** Found in search, lists and collections: published and public in a public space, or edited by the viewer. */
export function canFindSheet(sheet: SheetFacts, ties: Ties): boolean {
  if (!sheetExists(sheet) || !sheet.published) return false;
  return effectiveVisibility(sheet) === 'public' || canEditSheet(sheet, ties);
}

/** Opened: what it is found by, plus a published secret-link sheet with its key. Drafts: editors only. */
export function canReadSheet(sheet: SheetFacts, ties: Ties, key?: string | null): boolean {
  if (canEditSheet(sheet, ties)) return true;
  if (!sheetExists(sheet) || !sheet.published) return false;
  const visibility = effectiveVisibility(sheet);
  if (visibility === 'public') return true;
  return visibility === 'secret_link' && Boolean(key && sheet.secretToken && safeEqual(key, sheet.secretToken));
}

/**
 * Choosing who may read it (ADR 015): its owner or the members of its base, not its outside
 * contributors. A secret link lets anyone with it read: in a private base only its
 * administrators may hand one out (what is private to the team stays so unless they decide).
 */
export function canShareSheet(sheet: SheetFacts, ties: Ties, visibility: Visibility): boolean {
  if (!sheetExists(sheet) || !ties.viewerId) return false;
  if (sheet.base === null) return sheet.ownerUserId === ties.viewerId;
  if (ties.baseRole === null) return false;
  if (visibility === 'secret_link' && !sheet.base.isPublic) return ties.baseRole === 'admin';
  return true;
}

/** Adding and removing contributors: its owner, or an administrator of its base (ADR 015). */
export function canManageContributors(sheet: SheetFacts, ties: Ties): boolean {
  if (!sheetExists(sheet) || !ties.viewerId) return false;
  return sheet.base === null ? sheet.ownerUserId === ties.viewerId : ties.baseRole === 'admin';
}

/** Deleting it: its owner, or an administrator of its base. */
export const canDeleteSheet = canManageContributors;

/** Seeing the secret link's key (to share it further): whoever may share it by secret link. */
export const canSeeSecretLink = (sheet: SheetFacts, ties: Ties): boolean => canShareSheet(sheet, ties, 'secret_link');

// ---------------------------------------------------------------------------------------------
// Collections

const collectionExists = (c: CollectionFacts) => !c.base?.deleted;

/** Its owner, or any member of its base. */
export function canEditCollection(c: CollectionFacts, ties: Ties): boolean {
  if (!collectionExists(c) || !ties.viewerId) return false;
  return c.base === null ? c.ownerUserId === ties.viewerId : ties.baseRole !== null;
}

/** Found in search and in others' lists. "Mes favoris" never is: its owner reads it among their own. */
export function canFindCollection(c: CollectionFacts, ties: Ties): boolean {
  if (!collectionExists(c) || c.isFavorites) return false;
  return effectiveVisibility(c) === 'public' || canEditCollection(c, ties);
}

export function canReadCollection(c: CollectionFacts, ties: Ties, key?: string | null): boolean {
  if (canEditCollection(c, ties) || canFindCollection(c, ties)) return true;
  if (!collectionExists(c) || c.isFavorites) return false;
  return effectiveVisibility(c) === 'secret_link' && Boolean(key && c.secretToken && safeEqual(key, c.secretToken));
}

// ---------------------------------------------------------------------------------------------
// Profiles

export const canReadProfile = (p: ProfileFacts, viewerId: string | null): boolean => p.isPublic || p.id === viewerId;

// ---------------------------------------------------------------------------------------------
// Files: read through their sheet.

export interface FileFacts {
  /** A published version of the sheet refers to it (drafts' files are for editors). */
  published: boolean;
  /** Processing found it unreadable: only its editors may still download it. */
  unreadable: boolean;
}

export function canReadFile(
  sheet: SheetFacts,
  file: FileFacts,
  ties: Ties,
  options: { key?: string | null; original: boolean },
): boolean {
  if (canEditSheet(sheet, ties)) return true;
  if (!canReadSheet(sheet, ties, options.key) || !file.published) return false;
  return !(file.unreadable && options.original);
}
