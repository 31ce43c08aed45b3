import { z } from 'zod';

/** The three criteria, in display order, with the French labels shown on the control. */
export const CRITERIA = [
  { id: 'useful', label: 'Utile', hint: 'pertinente pour mes ateliers' },
  { id: 'clear', label: 'Clair', hint: 'facile à prendre en main' },
  { id: 'reliable', label: 'Fiable', hint: 'exacte et à jour' },
] as const;
export type Criterion = (typeof CRITERIA)[number]['id'];

/** Below this many ratings, no score or badge is shown ("pas encore assez d'évaluations"). ADR 009. */
export const MIN_RATINGS_FOR_SCORE = 3;
/** Weight of the platform mean in the Bayesian score, in "virtual ratings". ADR 009. */
export const PRIOR_STRENGTH = 5;
/** Prior mean used while the platform has no rating at all. ADR 009. */
export const FALLBACK_PRIOR_MEAN = 3.5;

export const COMMENT_MAX = 1000;

const stars = (label: string) =>
  z
    .number({ error: `${label} : choisissez une note de 1 à 5.` })
    .int({ error: `${label} : choisissez une note de 1 à 5.` })
    .min(1, { error: `${label} : choisissez une note de 1 à 5.` })
    .max(5, { error: `${label} : choisissez une note de 1 à 5.` });

export const RatingInput = z.strictObject({
  useful: stars('Utile'),
  clear: stars('Clair'),
  reliable: stars('Fiable'),
  usedInWorkshop: z.boolean().default(false),
  comment: z
    .string()
    .trim()
    .max(COMMENT_MAX, { error: `Le commentaire doit contenir au plus ${COMMENT_MAX} caractères.` })
    .default(''),
  /** The version being rated; the latest when absent. */
  version: z.number().int().min(1).optional(),
});
export type RatingInput = z.infer<typeof RatingInput>;

export const ReplyInput = z.strictObject({
  reply: z
    .string({ error: 'Écrivez votre réponse.' })
    .trim()
    .min(1, { error: 'Écrivez votre réponse.' })
    .max(COMMENT_MAX, { error: `La réponse doit contenir au plus ${COMMENT_MAX} caractères.` }),
});

export const REPORT_REASONS = ['spam', 'abusive', 'personal_data', 'off_topic', 'other'] as const;
export const REPORT_REASON_LABELS: Record<(typeof REPORT_REASONS)[number], string> = {
  spam: 'Publicité ou spam',
  abusive: 'Propos injurieux ou discriminatoires',
  personal_data: 'Données personnelles',
  off_topic: 'Hors sujet',
  other: 'Autre raison',
};

export const ReportInput = z.strictObject({
  reason: z.enum(REPORT_REASONS, { error: 'Choisissez une raison.' }),
  text: z
    .string()
    .trim()
    .max(COMMENT_MAX, { error: `Le message doit contenir au plus ${COMMENT_MAX} caractères.` })
    .default(''),
});

/** What a sheet card shows: the count, and the score once there are enough ratings. */
export const RatingBadge = z.object({
  count: z.number().int(),
  /** Bayesian score out of 5, rounded to one decimal; null below MIN_RATINGS_FOR_SCORE. */
  score: z.number().nullable(),
});
export type RatingBadge = z.infer<typeof RatingBadge>;

const Distribution = z.array(z.number().int()).length(5);

export const RatingSummary = RatingBadge.extend({
  hasBadge: z.boolean(),
  averages: z.object({ useful: z.number().nullable(), clear: z.number().nullable(), reliable: z.number().nullable() }),
  /** Counts of 1, 2, 3, 4 and 5 per criterion. */
  distributions: z.object({ useful: Distribution, clear: Distribution, reliable: Distribution }),
  /** Share (0 to 1) of raters who used the sheet in a workshop; null without ratings. */
  usedInWorkshopShare: z.number().nullable(),
});
export type RatingSummary = z.infer<typeof RatingSummary>;

export const Rating = z.object({
  id: z.uuid(),
  raterName: z.string(),
  raterProfileId: z.string().nullable(),
  version: z.number().int(),
  useful: z.number().int(),
  clear: z.number().int(),
  reliable: z.number().int(),
  usedInWorkshop: z.boolean(),
  comment: z.string(),
  reply: z.object({ text: z.string(), authorName: z.string(), createdAt: z.iso.datetime({ offset: true }) }).nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type Rating = z.infer<typeof Rating>;

export const VersionRatings = z.object({
  version: z.number().int(),
  count: z.number().int(),
  averages: z.object({ useful: z.number(), clear: z.number(), reliable: z.number() }),
});

export const SheetRatings = z.object({
  summary: RatingSummary,
  latestVersion: z.number().int(),
  ratings: z.array(Rating),
  viewer: z.object({
    /** Why the viewer cannot rate, or null when they can. */
    cannotRate: z.enum(['anonymous', 'editor', 'draft']).nullable(),
    canReply: z.boolean(),
    mine: Rating.nullable(),
  }),
  /** Per version, for the sheet's editors only. */
  perVersion: z.array(VersionRatings).nullable(),
});
export type SheetRatings = z.infer<typeof SheetRatings>;

/** "4,3" */
export function frenchScore(score: number): string {
  return score.toFixed(1).replace('.', ',');
}
