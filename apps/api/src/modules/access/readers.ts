/**
 * The find rules of `rules.ts` as search readers (ADR 007): every indexed document lists who may
 * find it, and every query filters on the viewer's own tokens. A viewer finds a document when the
 * two lists share a token. `access.test.ts` checks that this agrees with `canFind*` everywhere.
 */
import { effectiveVisibility, type BaseFacts, type CollectionFacts, type ProfileFacts, type SheetFacts } from './rules.ts';

export const PUBLIC_READER = 'public';
const user = (id: string) => `user:${id}`;
const base = (id: string) => `base:${id}`;

/** The tokens a viewer finds with: public, themself, and each base they belong to. */
export function viewerReaders(viewerId: string | null, baseIds: readonly string[] = []): string[] {
  return viewerId ? [PUBLIC_READER, user(viewerId), ...baseIds.map(base)] : [PUBLIC_READER];
}

/** The editors of a sheet, as tokens: its base's members or its owner, and its contributors. */
function sheetEditors(sheet: SheetFacts, contributorIds: readonly string[]): string[] {
  const owners = sheet.base ? [base(sheet.base.id)] : sheet.ownerUserId ? [user(sheet.ownerUserId)] : [];
  return [...owners, ...contributorIds.map(user)];
}

/**
 * Who may find a published sheet: everyone when it is public in a public space, else its editors
 * only (a secret link lets people read, not find). Null: it must not be indexed at all.
 */
export function sheetReaders(sheet: SheetFacts, contributorIds: readonly string[]): string[] | null {
  if (sheet.deleted || sheet.base?.deleted || !sheet.published) return null;
  return effectiveVisibility(sheet) === 'public' ? [PUBLIC_READER] : sheetEditors(sheet, contributorIds);
}

/** A public base is found by everyone, a private one by its members. */
export function baseReaders(b: BaseFacts): string[] | null {
  if (b.deleted) return null;
  return b.isPublic ? [PUBLIC_READER] : [base(b.id)];
}

/** Like sheets: secret-link and private collections are found by those who edit them. "Mes favoris" is never indexed. */
export function collectionReaders(c: CollectionFacts): string[] | null {
  if (c.base?.deleted || c.isFavorites) return null;
  if (effectiveVisibility(c) === 'public') return [PUBLIC_READER];
  return c.base ? [base(c.base.id)] : c.ownerUserId ? [user(c.ownerUserId)] : [];
}

/** A private profile is found by its owner only. */
export function profileReaders(p: ProfileFacts): string[] {
  return p.isPublic ? [PUBLIC_READER] : [user(p.id)];
}

/** Whether a viewer with these tokens finds a document with these readers. */
export const findsWith = (readers: readonly string[] | null, tokens: readonly string[]): boolean =>
  readers !== null && readers.some((r) => tokens.includes(r));
