import type { Rating } from '@malle/schema/ratings';
import type { RatingRow } from './repo.ts';

export function presentRating(row: RatingRow): Rating {
  return {
    id: row.id,
    raterName: row.rater_name,
    // Only public profiles are linked.
    raterProfileId: row.rater_profile_public ? row.user_id : null,
    version: row.version,
    useful: row.useful,
    clear: row.clear,
    reliable: row.reliable,
    usedInWorkshop: row.used_in_workshop,
    comment: row.comment,
    reply:
      row.reply && row.replied_at
        ? { text: row.reply, authorName: row.reply_author_name ?? 'Ancien membre', createdAt: row.replied_at.toISOString() }
        : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
