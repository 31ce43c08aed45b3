import { z } from 'zod';

/**
 * The API's error vocabulary. `code` is stable (clients branch on it); `message` is French, for
 * people. The generic codes come first; domain codes refine them and keep their HTTP status.
 */
export const ERROR_CODES = {
  // Generic vocabulary
  validation_failed: { status: 400, message: 'Certaines informations sont invalides.' },
  invalid_json: { status: 400, message: "Le corps de la requête n'est pas un JSON valide." },
  unauthenticated: { status: 401, message: 'Vous devez être connecté·e pour faire cela.' },
  forbidden: { status: 403, message: "Vous n'avez pas l'autorisation de faire cela." },
  csrf_failed: {
    status: 403,
    message: 'La vérification de sécurité du formulaire a échoué. Rechargez la page et réessayez.',
  },
  not_found: { status: 404, message: "Ce que vous cherchez n'existe pas ou n'est pas accessible." },
  conflict: { status: 409, message: 'Cette action entre en conflit avec une modification récente.' },
  payload_too_large: { status: 413, message: 'La requête est trop volumineuse.' },
  unsupported_media_type: { status: 415, message: "Ce type de contenu n'est pas accepté." },
  rate_limited: { status: 429, message: 'Trop de tentatives. Patientez un moment avant de réessayer.' },
  internal: { status: 500, message: 'Une erreur inattendue est survenue. Réessayez dans un instant.' },
  service_unavailable: { status: 503, message: 'Le service est momentanément indisponible.' },
  // Outages of one dependency (ADR 014): the rest of the site keeps working where it can.
  database_unavailable: {
    status: 503,
    message: 'La base de données est momentanément indisponible. Réessayez dans quelques secondes.',
  },
  search_unavailable: {
    status: 503,
    message: 'La recherche est momentanément indisponible. Réessayez dans quelques secondes.',
  },
  storage_unavailable: {
    status: 503,
    message: 'Le stockage des fichiers est momentanément indisponible. Réessayez dans quelques secondes.',
  },
  // Accounts
  email_taken: { status: 409, message: 'Un compte existe déjà avec cette adresse e-mail.' },
  weak_password: { status: 400, message: 'Ce mot de passe est trop facile à deviner.' },
  invalid_credentials: { status: 401, message: 'Adresse e-mail ou mot de passe incorrect.' },
  reset_token_invalid: {
    status: 400,
    message: "Ce lien de réinitialisation n'est pas valide ou a déjà été utilisé. Demandez-en un nouveau.",
  },
  reset_token_expired: {
    status: 400,
    message: 'Ce lien de réinitialisation a expiré. Demandez-en un nouveau.',
  },
  // Bases
  slug_taken: { status: 409, message: 'Cette adresse est déjà prise par une autre base. Choisissez-en une autre.' },
  last_admin: {
    status: 409,
    message: 'Une base doit toujours garder au moins un administrateur. Nommez d’abord un autre administrateur.',
  },
  already_member: { status: 409, message: 'Cette personne est déjà membre de la base.' },
  // Sheets
  draft_conflict: {
    status: 409,
    message:
      'Quelqu’un a modifié ce brouillon pendant que vous écriviez. Rechargez-le pour voir ses changements avant d’enregistrer les vôtres.',
  },
  nothing_changed: { status: 409, message: 'Rien n’a changé depuis la dernière version : il n’y a rien à publier.' },
  adaptation_forbidden: {
    status: 403,
    message: 'La licence de cette fiche (tous droits réservés) ne permet pas de l’adapter. Vous pouvez contacter son auteur.',
  },
  // Files
  upload_expired: {
    status: 410,
    message: 'Ce téléversement a expiré. Choisissez à nouveau le fichier pour recommencer.',
  },
  link_expired: { status: 410, message: 'Ce lien a expiré. Rechargez la page pour en obtenir un nouveau.' },
  upload_in_progress: { status: 409, message: 'Ce fichier est déjà en cours d’envoi. Patientez un instant.' },
  unsafe_file: {
    status: 422,
    message: 'Ce fichier contient des éléments dangereux (scripts, actions automatiques) et a été refusé.',
  },
  // Ratings
  cannot_rate_own_sheet: {
    status: 403,
    message: 'Vous ne pouvez pas évaluer une fiche dont vous êtes auteur ou contributeur.',
  },
  cannot_rate_draft: { status: 409, message: 'Une fiche qui n’est pas encore publiée ne peut pas être évaluée.' },
  already_replied: { status: 409, message: 'Une réponse a déjà été donnée à ce commentaire.' },
  already_reported: { status: 409, message: 'Vous avez déjà signalé ce commentaire. Les modérateurs vont l’examiner.' },
  // Collections
  favorites_locked: {
    status: 409,
    message: 'La collection « Mes favoris » reste privée et ne peut pas être supprimée.',
  },
  // Embeds and oEmbed
  not_embeddable: {
    status: 401,
    message: 'Ce contenu n’est pas public : il ne peut pas être intégré sur un autre site.',
  },
  format_not_implemented: { status: 501, message: 'Seul le format JSON est proposé.' },
  // Public API keys
  invalid_api_key: {
    status: 401,
    message: 'Cette clé d’API est inconnue ou a été révoquée. Vérifiez-la, ou créez-en une nouvelle dans votre profil.',
  },
  api_key_limit: {
    status: 409,
    message: 'Vous avez atteint le nombre maximal de clés d’API. Révoquez une clé inutilisée avant d’en créer une autre.',
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** One invalid field, with a French message that can be shown next to it. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** Body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: { fields?: FieldIssue[] } & Record<string, unknown> };
  requestId: string;
}

/** Zod form of ErrorBody, for the OpenAPI document. */
export const ErrorResponse = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    details: z
      .object({ fields: z.array(z.object({ path: z.string(), message: z.string() })).optional() })
      .catchall(z.unknown())
      .optional(),
  }),
  requestId: z.string(),
});
