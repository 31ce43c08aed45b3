import { z } from 'zod';
import { RatingBadge } from './ratings.ts';
import { VISIBILITIES } from './sheets.ts';

export const COLLECTION_VISIBILITY_LABELS = {
  public: 'Publique',
  private: 'Privée (vous, ou les membres de la base)',
  secret_link: 'Lien secret (toute personne qui a le lien)',
} as const;

export const FAVORITES_TITLE = 'Mes favoris';

const Title = z
  .string({ error: 'Indiquez un titre.' })
  .trim()
  .min(1, { error: 'Indiquez un titre.' })
  .max(200, { error: 'Le titre doit contenir au plus 200 caractères.' });
const Description = z.string().trim().max(2000, { error: 'La description doit contenir au plus 2000 caractères.' }).default('');
const Note = z.string().trim().max(300, { error: 'La note doit contenir au plus 300 caractères.' }).default('');

export const CollectionCreateInput = z.strictObject({
  title: Title,
  description: Description,
  visibility: z.enum(VISIBILITIES).default('private'),
  /** The owning base; null for the personal space. */
  baseSlug: z.string().max(60).nullable().default(null),
});
export type CollectionCreateInput = z.infer<typeof CollectionCreateInput>;

export const CollectionUpdateInput = z.strictObject({
  title: Title,
  description: Description,
  visibility: z.enum(VISIBILITIES),
  regenerateLink: z.boolean().default(false),
});
export type CollectionUpdateInput = z.infer<typeof CollectionUpdateInput>;

export const ItemAddInput = z.strictObject({
  sheetSlug: z.string().max(80),
  note: Note,
  /** A fixed version; null follows the latest. */
  pinnedVersion: z.number().int().min(1).nullable().default(null),
  /** The secret-link key of the sheet, when the person reads it through one. */
  key: z.string().max(100).optional(),
});

export const ItemUpdateInput = z.strictObject({
  note: Note,
  pinnedVersion: z.number().int().min(1).nullable(),
});

export const ItemOrderInput = z.strictObject({
  /** Every sheet of the collection the person sees, in the new order. */
  sheetIds: z.array(z.uuid()).max(1000),
});

export const SavedInInput = z.strictObject({
  /** The collections (among those the person may edit) that should hold the sheet; others lose it. */
  collectionIds: z.array(z.uuid()).max(200),
  key: z.string().max(100).optional(),
});

const Owner = z.object({ kind: z.enum(['base', 'person']), id: z.string(), slug: z.string().nullable(), name: z.string() });

export const CollectionSummary = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  owner: Owner,
  visibility: z.enum(VISIBILITIES),
  isFavorites: z.boolean(),
  /** Items the asking person can read. */
  itemCount: z.number().int(),
  updatedAt: z.iso.datetime({ offset: true }),
  /** Only in "my collections" for a given sheet: whether it already holds it. */
  containsSheet: z.boolean().optional(),
  canEdit: z.boolean(),
});
export type CollectionSummary = z.infer<typeof CollectionSummary>;

export const CollectionItem = z.object({
  sheetId: z.uuid(),
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  owner: Owner,
  latestVersion: z.number().int(),
  pinnedVersion: z.number().int().nullable(),
  /** The version shown: the pinned one, or the latest. */
  version: z.number().int(),
  note: z.string(),
  addedAt: z.iso.datetime({ offset: true }),
  /** Followed sheets republished since they were added: when. */
  updatedSinceAdded: z.iso.datetime({ offset: true }).nullable(),
  rating: RatingBadge,
  /** Rendered body of the shown version, for the printable page only. */
  html: z.string().optional(),
});
export type CollectionItem = z.infer<typeof CollectionItem>;

export const Collection = CollectionSummary.extend({
  items: z.array(CollectionItem),
  /** For editors: items they cannot show because the sheet was deleted or made private. */
  unavailableCount: z.number().int().nullable(),
  secretLinkToken: z.string().nullable(),
});
export type Collection = z.infer<typeof Collection>;
