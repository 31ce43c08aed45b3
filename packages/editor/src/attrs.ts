/**
 * Zod building blocks for node attributes. Each custom node declares its attribute schema next to
 * its definition (src/nodes/*.ts); the validator (src/validate.ts) applies them, and the insertion
 * commands refuse attributes that would not pass. Messages are in French: people read them.
 */
import { z } from 'zod';

/** Plain text, at least one visible character, at most `max` characters. */
export function requiredText(max: number, label: string) {
  return z
    .string({ error: `${label} : un texte est attendu.` })
    .max(max, { error: `${label} : ${max} caractères au maximum.` })
    .regex(/\S/, { error: `${label} : ce champ ne peut pas être vide.` });
}

/** Optional plain text (null or absent when missing). */
export function optionalText(max: number, label: string) {
  return z
    .string({ error: `${label} : un texte est attendu.` })
    .max(max, { error: `${label} : ${max} caractères au maximum.` })
    .nullable()
    .optional();
}

/** The id of a stored file (a UUID), resolved into a signed URL by the app at display time. */
export const fileIdSchema = z.uuid({ error: 'Identifiant de fichier invalide (UUID attendu).' });

/** Ids of quiz questions and choices: short, URL- and HTML-safe. */
export const localIdSchema = z
  .string({ error: 'Identifiant invalide.' })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'Identifiant invalide (lettres, chiffres, « - » et « _ », 64 au maximum).' });
