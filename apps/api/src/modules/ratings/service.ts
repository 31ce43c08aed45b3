import {
  FALLBACK_PRIOR_MEAN,
  MIN_RATINGS_FOR_SCORE,
  PRIOR_STRENGTH,
  type RatingBadge,
  type RatingInput,
  type RatingSummary,
  type SheetRatings,
} from '@malle/schema/ratings';
import type { Database } from '../../lib/db.ts';
import { AppError } from '../../lib/errors.ts';
import type { SheetService } from '../sheets/service.ts';
import { presentRating } from './presenter.ts';
import * as repo from './repo.ts';
import type { Viewer } from '../../lib/viewer.ts';

export type RatingService = ReturnType<typeof createRatingService>;

/**
 * The Bayesian average of ADR 009: `PRIOR_STRENGTH` virtual ratings at the platform mean are added
 * to the sheet's own, so that a few ratings move the score little and many move it a lot.
 */
export function bayesianScore(overallSum: number, count: number, priorMean: number, priorStrength = PRIOR_STRENGTH): number {
  return (priorStrength * priorMean + overallSum) / (priorStrength + count);
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;

function emptySummary(): RatingSummary {
  const zeros = [0, 0, 0, 0, 0];
  return {
    count: 0,
    score: null,
    hasBadge: false,
    averages: { useful: null, clear: null, reliable: null },
    distributions: { useful: [...zeros], clear: [...zeros], reliable: [...zeros] },
    usedInWorkshopShare: null,
  };
}

/**
 * Rating aggregates per sheet id: count, Bayesian score (null below the minimum count), averages
 * and distributions per criterion, share of raters who used the sheet in a workshop, badge. Sheets
 * without ratings get an empty summary. No authorisation here: callers pass only sheets the
 * person may read (search indexes public ones; list endpoints filter first).
 */
export async function ratingSummaries(db: Database, sheetIds: readonly string[]): Promise<Map<string, RatingSummary>> {
  const out = new Map<string, RatingSummary>();
  const unique = [...new Set(sheetIds)];
  if (!unique.length) return out;
  const [rows, mean] = await Promise.all([repo.aggregates(db, unique), repo.platformMean(db)]);
  const prior = mean ?? FALLBACK_PRIOR_MEAN;
  for (const id of unique) out.set(id, emptySummary());
  for (const r of rows) {
    const hasBadge = r.count >= MIN_RATINGS_FOR_SCORE;
    out.set(r.sheet_id, {
      count: r.count,
      score: hasBadge ? round1(bayesianScore(r.overall_sum, r.count, prior)) : null,
      hasBadge,
      averages: { useful: round2(r.useful_avg), clear: round2(r.clear_avg), reliable: round2(r.reliable_avg) },
      distributions: { useful: r.useful_dist, clear: r.clear_dist, reliable: r.reliable_dist },
      usedInWorkshopShare: round2(r.used_count / r.count),
    });
  }
  return out;
}

/** Unrounded Bayesian scores, for sorting ("mieux évaluées"): ties at one decimal stay ordered. */
export async function ratingScores(db: Database, sheetIds: readonly string[]): Promise<Map<string, number>> {
  const unique = [...new Set(sheetIds)];
  const out = new Map<string, number>();
  if (!unique.length) return out;
  const [rows, mean] = await Promise.all([repo.aggregates(db, unique), repo.platformMean(db)]);
  const prior = mean ?? FALLBACK_PRIOR_MEAN;
  for (const id of unique) out.set(id, prior);
  for (const r of rows) out.set(r.sheet_id, bayesianScore(r.overall_sum, r.count, prior));
  return out;
}

/** The card-sized part of a summary. */
export function badgeOf(summary: RatingSummary | undefined): RatingBadge {
  return { count: summary?.count ?? 0, score: summary?.score ?? null };
}

/**
 * Ratings: who may rate (signed in, can read the sheet, not one of its authors or contributors,
 * published sheets only), one rating per person per sheet tied to a version, authors' replies,
 * reports to moderators.
 */
export function createRatingService(deps: { db: Database; sheets: Pick<SheetService, 'readable'> }) {
  const { db } = deps;

  /** Editors (owners, base members, contributors) and authors of any version cannot rate. */
  async function isAuthor(sheetId: string, editor: boolean, viewer: Viewer | null): Promise<boolean> {
    if (!viewer) return false;
    return editor || repo.hasAuthoredVersion(db, sheetId, viewer.id);
  }

  return {
    summaries: (sheetIds: readonly string[]) => ratingSummaries(db, sheetIds),

    async forSheet(slug: string, viewer: Viewer | null, key?: string): Promise<SheetRatings> {
      const { sheet, editor } = await deps.sheets.readable(slug, viewer, key);
      const [summaries, ratings, mine, author] = await Promise.all([
        ratingSummaries(db, [sheet.id]),
        repo.listRatings(db, sheet.id),
        viewer ? repo.findRatingOf(db, sheet.id, viewer.id) : undefined,
        isAuthor(sheet.id, editor, viewer),
      ]);
      const versions = editor ? await repo.perVersion(db, sheet.id) : null;
      return {
        summary: summaries.get(sheet.id)!,
        latestVersion: sheet.latestVersion,
        ratings: ratings.map(presentRating),
        viewer: {
          cannotRate: !viewer ? 'anonymous' : author ? 'editor' : sheet.latestVersion === 0 ? 'draft' : null,
          canReply: editor,
          mine: mine ? presentRating(mine) : null,
        },
        perVersion:
          versions?.map((v) => ({
            version: v.version,
            count: v.count,
            averages: { useful: round2(v.useful), clear: round2(v.clear), reliable: round2(v.reliable) },
          })) ?? null,
      };
    },

    /** Creates or replaces the person's rating, recorded against the version they rated. */
    async rate(slug: string, viewer: Viewer, input: RatingInput, key?: string) {
      const { sheet, editor } = await deps.sheets.readable(slug, viewer, key);
      if (await isAuthor(sheet.id, editor, viewer)) throw new AppError('cannot_rate_own_sheet');
      if (sheet.latestVersion === 0) throw new AppError('cannot_rate_draft');
      const version = input.version ?? sheet.latestVersion;
      if (version > sheet.latestVersion)
        throw new AppError('not_found', { message: `La version ${version} de cette fiche n’existe pas.` });
      // The score feeds the "mieux évaluées" sort and the rating filter: its trigger tells search.
      await repo.upsertRating(db, {
        sheetId: sheet.id,
        userId: viewer.id,
        version,
        useful: input.useful,
        clear: input.clear,
        reliable: input.reliable,
        usedInWorkshop: input.usedInWorkshop,
        comment: input.comment,
      });
      return presentRating((await repo.findRatingOf(db, sheet.id, viewer.id))!);
    },

    /** The sheet's editors may answer a comment, once. */
    async reply(slug: string, ratingId: string, viewer: Viewer, text: string, authorName: string): Promise<void> {
      const { sheet, editor } = await deps.sheets.readable(slug, viewer);
      const rating = await repo.findRating(db, sheet.id, ratingId);
      if (!rating) throw new AppError('not_found');
      if (!editor)
        throw new AppError('forbidden', { message: 'Seuls les auteurs et contributeurs de la fiche peuvent répondre.' });
      if (!rating.comment)
        throw new AppError('validation_failed', { message: 'Cette évaluation n’a pas de commentaire auquel répondre.' });
      if (!(await repo.setReplyIfNone(db, rating.id, { text, authorId: viewer.id, authorName })))
        throw new AppError('already_replied');
    },

    /** Anyone signed in who can read the sheet may report a comment to moderators, once. */
    async report(
      slug: string,
      ratingId: string,
      viewer: Viewer,
      input: { reason: string; text: string },
      key?: string,
    ): Promise<void> {
      const { sheet } = await deps.sheets.readable(slug, viewer, key);
      const rating = await repo.findRating(db, sheet.id, ratingId);
      if (!rating) throw new AppError('not_found');
      if (!(await repo.insertReport(db, { ratingId: rating.id, reporterId: viewer.id, ...input })))
        throw new AppError('already_reported');
    },
  };
}
