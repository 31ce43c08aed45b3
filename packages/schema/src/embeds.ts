/**
 * Display options of embeds (`/embed/collections/:id`, `/embed/fiches/:slug`), read from the query
 * string, or from `data-*` attributes by embed.js, which passes them on. Shared by the API, which
 * renders embeds, and the "Intégrer sur votre site" page, which builds the snippets. Unknown
 * parameters are ignored, so that a partner's tracking parameters neither break an embed nor split
 * the cache; known ones are validated.
 */
import { z } from 'zod';

export const LAYOUTS = ['liste', 'grille', 'compacte'] as const;
export type Layout = (typeof LAYOUTS)[number];

/** Most items an embed shows; a longer collection links to its page on Malle. */
export const MAX_ITEMS = 50;
export const DEFAULT_ACCENT = '#1d4ed8';

export const EmbedQuery = z.object({
  couleur: z
    .string()
    .regex(/^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, {
      error: 'La couleur doit être un code hexadécimal de 3 ou 6 chiffres, par exemple 1d4ed8.',
    })
    .optional(),
  disposition: z.enum(LAYOUTS, { error: 'La disposition doit être « liste », « grille » ou « compacte ».' }).default('liste'),
  max: z.coerce
    .number({ error: `Le nombre de fiches doit être un nombre entier entre 1 et ${MAX_ITEMS}.` })
    .int({ error: `Le nombre de fiches doit être un nombre entier entre 1 et ${MAX_ITEMS}.` })
    .min(1, { error: `Le nombre de fiches doit être un nombre entier entre 1 et ${MAX_ITEMS}.` })
    .max(MAX_ITEMS, { error: `Le nombre de fiches doit être un nombre entier entre 1 et ${MAX_ITEMS}.` })
    .default(MAX_ITEMS),
  recherche: z.enum(['1', '0', 'oui', 'non'], { error: 'La recherche s’active avec recherche=1.' }).optional(),
  /** The secret-link key of a "lien secret" collection or sheet. */
  cle: z.string().max(100).optional(),
});

/**
 * The frame every embed lives in (embed.js, oEmbed, the iframe snippet, the builder's preview):
 * scripts for resizing and search, links that open Malle in a new tab outside the sandbox, and no
 * `allow-same-origin`, so the embed runs in an opaque origin.
 */
export const EMBED_SANDBOX = 'allow-scripts allow-popups allow-popups-to-escape-sandbox';

/** `abc` or `#abc` → `#aabbcc`. */
export function normalizeHex(value: string): string {
  const hex = value.replace(/^#/, '').toLowerCase();
  return `#${hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex}`;
}

const attribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The iframe snippet, for oEmbed consumers and sites that do not allow scripts (fixed height). */
export function iframeSnippet(src: string, title: string, width: number | string, height: number): string {
  return `<iframe src="${attribute(src)}" title="${attribute(title)}" width="${width}" height="${height}" loading="lazy" sandbox="${EMBED_SANDBOX}" referrerpolicy="strict-origin-when-cross-origin" style="border:0;max-width:100%"></iframe>`;
}

/** The one-line script snippet: each query option of the embed becomes a `data-` attribute. */
export function scriptSnippet(origin: string, target: Record<string, string>, options: URLSearchParams, title: string): string {
  const pairs: [string, string][] = [...Object.entries(target), ...options, ['titre', title]];
  const attributes = pairs.map(([name, value]) => `data-${name}="${attribute(value)}"`);
  return `<script src="${origin}/embed.js" ${attributes.join(' ')} async></script>`;
}
