import { z } from 'zod';

/** How many live (not revoked) keys one person may hold. */
export const MAX_API_KEYS_PER_PERSON = 10;

export const ApiKeyCreateInput = z.strictObject({
  name: z
    .string({ error: 'Donnez un nom à la clé.' })
    .trim()
    .min(1, { error: 'Donnez un nom à la clé (par exemple le site qui l’utilisera).' })
    .max(80, { error: 'Le nom contient au plus 80 caractères.' }),
});
export type ApiKeyCreateInput = z.infer<typeof ApiKeyCreateInput>;

/** A key as its owner sees it in their settings: never the secret, only its visible start. */
export const ApiKey = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The first characters of the secret (`malle_ab12cd34`), to tell keys apart. */
  prefix: z.string(),
  /** Requests per minute allowed to this key. */
  rateLimitPerMinute: z.number().int(),
  createdAt: z.iso.datetime({ offset: true }),
  /** Updated at most about once a minute. */
  lastUsedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;

/** The answer to a creation: the only time the secret is ever shown. */
export const CreatedApiKey = ApiKey.extend({ secret: z.string() });
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;
