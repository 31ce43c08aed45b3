import { z } from 'zod';
import { isDepartementCode } from './departements.ts';

/** Length bounds shared by the forms and the API. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;
export const BIO_MAX_LENGTH = 500;
export const DISPLAY_NAME_MAX_LENGTH = 80;

/** Lower-cased, trimmed e-mail address, so that one person cannot hold two accounts by case. */
export const Email = z
  .string({ error: 'Indiquez votre adresse e-mail.' })
  .trim()
  .toLowerCase()
  .max(254, { error: 'Cette adresse e-mail est trop longue.' })
  .pipe(z.email({ error: 'Cette adresse e-mail ne semble pas valide (exemple : prenom.nom@exemple.fr).' }));

export const Password = z
  .string({ error: 'Indiquez un mot de passe.' })
  .min(PASSWORD_MIN_LENGTH, { error: `Le mot de passe doit contenir au moins ${PASSWORD_MIN_LENGTH} caractères.` })
  .max(PASSWORD_MAX_LENGTH, { error: `Le mot de passe doit contenir au plus ${PASSWORD_MAX_LENGTH} caractères.` });

export const DisplayName = z
  .string({ error: 'Indiquez votre nom.' })
  .trim()
  .min(1, { error: 'Indiquez votre nom.' })
  .max(DISPLAY_NAME_MAX_LENGTH, { error: `Le nom doit contenir au plus ${DISPLAY_NAME_MAX_LENGTH} caractères.` });

export const Departement = z.string().refine(isDepartementCode, { error: 'Choisissez un département dans la liste.' });

export const SignUpInput = z.strictObject({
  email: Email,
  password: Password,
  displayName: DisplayName,
});
export type SignUpInput = z.infer<typeof SignUpInput>;

export const LoginInput = z.strictObject({
  email: Email,
  // No length rule at login: an old password must still be accepted, and the rules are not a hint.
  password: z
    .string({ error: 'Indiquez votre mot de passe.' })
    .min(1, { error: 'Indiquez votre mot de passe.' })
    .max(PASSWORD_MAX_LENGTH),
});
export type LoginInput = z.infer<typeof LoginInput>;

export const PasswordResetRequestInput = z.strictObject({ email: Email });

export const PasswordResetConfirmInput = z.strictObject({
  token: z.string().min(20).max(200),
  password: Password,
});

export const ProfileUpdateInput = z.strictObject({
  displayName: DisplayName,
  bio: z
    .string()
    .trim()
    .max(BIO_MAX_LENGTH, { error: `La présentation doit contenir au plus ${BIO_MAX_LENGTH} caractères.` }),
  departement: Departement.nullable(),
  profilePublic: z.boolean(),
});
export type ProfileUpdateInput = z.infer<typeof ProfileUpdateInput>;

/** What a person sees of their own account (`GET /api/v1/me`). */
export const Me = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  bio: z.string(),
  departement: z.string().nullable(),
  profilePublic: z.boolean(),
  createdAt: z.iso.datetime({ offset: true }),
  /** Token to send back in `x-csrf-token` (or a `csrf` form field) with every write. */
  csrfToken: z.string(),
});
export type Me = z.infer<typeof Me>;

/** What anyone sees of a public profile. Never the e-mail address. */
export const PublicProfile = z.object({
  id: z.uuid(),
  displayName: z.string(),
  bio: z.string(),
  departement: z.string().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type PublicProfile = z.infer<typeof PublicProfile>;
