import { z } from 'zod';
import { Departement, Email } from './accounts.ts';

export const BASE_ROLES = ['admin', 'contributor'] as const;
export type BaseRole = (typeof BASE_ROLES)[number];
export const BASE_ROLE_LABELS: Record<BaseRole, string> = { admin: 'Administrateur', contributor: 'Contributeur' };

export const BaseRoleSchema = z.enum(BASE_ROLES, { error: 'Choisissez un rôle : administrateur ou contributeur.' });

/** URL-safe identifier of a base: lower-case letters, digits and single hyphens. */
export const Slug = z
  .string()
  .trim()
  .min(2, { error: "L'adresse doit contenir au moins 2 caractères." })
  .max(60, { error: "L'adresse doit contenir au plus 60 caractères." })
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, {
    error: "L'adresse ne peut contenir que des lettres minuscules sans accent, des chiffres et des tirets.",
  });

/** "Médiathèque de Saint-Étienne !" → "mediatheque-de-saint-etienne". */
export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

const BaseFields = {
  name: z
    .string({ error: 'Indiquez le nom de la base.' })
    .trim()
    .min(2, { error: 'Le nom doit contenir au moins 2 caractères.' })
    .max(100, { error: 'Le nom doit contenir au plus 100 caractères.' }),
  description: z.string().trim().max(2000, { error: 'La description doit contenir au plus 2000 caractères.' }),
  departement: Departement.nullable(),
  contactEmail: Email.nullable(),
  contactEmailPublic: z.boolean(),
  isPublic: z.boolean(),
};

export const BaseCreateInput = z.strictObject({ ...BaseFields, slug: Slug.optional() });
export type BaseCreateInput = z.infer<typeof BaseCreateInput>;

export const BaseUpdateInput = z.strictObject(BaseFields);
export type BaseUpdateInput = z.infer<typeof BaseUpdateInput>;

export const BaseSummary = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  departement: z.string().nullable(),
  isPublic: z.boolean(),
  memberCount: z.number().int(),
  followerCount: z.number().int(),
});
export type BaseSummary = z.infer<typeof BaseSummary>;

export const Base = BaseSummary.extend({
  /** Shown only when public, or to members. */
  contactEmail: z.string().nullable(),
  contactEmailPublic: z.boolean(),
  createdAt: z.iso.datetime({ offset: true }),
  /** What the viewer may do here. */
  viewer: z.object({
    role: BaseRoleSchema.nullable(),
    following: z.boolean(),
    pendingJoinRequest: z.boolean(),
  }),
});
export type Base = z.infer<typeof Base>;

export const BaseMember = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  role: BaseRoleSchema,
  since: z.iso.datetime({ offset: true }),
});
export type BaseMember = z.infer<typeof BaseMember>;

export const InvitationInput = z.strictObject({ email: Email, role: BaseRoleSchema });

export const Invitation = z.object({
  id: z.uuid(),
  base: z.object({ slug: z.string(), name: z.string() }),
  email: z.string(),
  role: BaseRoleSchema,
  invitedBy: z.string().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type Invitation = z.infer<typeof Invitation>;

export const JoinRequestInput = z.strictObject({
  message: z.string().trim().max(1000, { error: 'Le message doit contenir au plus 1000 caractères.' }),
});

export const JoinRequest = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  displayName: z.string(),
  message: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type JoinRequest = z.infer<typeof JoinRequest>;

export const RoleChangeInput = z.strictObject({ role: BaseRoleSchema });
