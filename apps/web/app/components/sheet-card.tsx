import { frenchScore, type RatingBadge as Badge } from '@malle/schema/ratings';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { SaveButton } from './save-dialog.tsx';

const plural = (n: number, word: string) => `${n} ${word}${n > 1 ? 's' : ''}`;

/**
 * Score and count of a sheet's ratings, in words: the score only from the minimum number of
 * ratings on (ADR 009), otherwise "pas encore assez d'évaluations".
 */
export function RatingBadge({ rating }: { rating: Badge }) {
  if (rating.count === 0) return <span className="rating-badge rating-badge--none">Pas encore évaluée</span>;
  if (rating.score === null)
    return (
      <span className="rating-badge rating-badge--none">
        {plural(rating.count, 'évaluation')} : pas encore assez d’évaluations pour une note
      </span>
    );
  return (
    <span className="rating-badge">
      <span aria-hidden="true">★ </span>
      <strong>
        {frenchScore(rating.score)}
        <span aria-hidden="true">/5</span>
        <span className="visually-hidden"> sur 5</span>
      </strong>{' '}
      · {plural(rating.count, 'évaluation')}
    </span>
  );
}

export interface SheetCardData {
  slug: string;
  title: string;
  summary?: string | undefined;
  owner?: { kind: 'base' | 'person'; slug: string | null; id: string; name: string } | undefined;
  rating: Badge;
}

/** Where a sheet's owner lives: its base page, or the person's profile. */
export function ownerHref(owner: NonNullable<SheetCardData['owner']>): string {
  return owner.kind === 'base' && owner.slug ? `/bases/${owner.slug}` : `/profils/${owner.id}`;
}

/**
 * One sheet in a list (base, profile, collection, search): title, owner, summary, rating badge and
 * "Enregistrer". `href` defaults to the latest version; `meta` and `children` add context.
 */
export function SheetCard({
  sheet,
  href,
  meta,
  headingLevel = 3,
  canSave = false,
  children,
}: {
  sheet: SheetCardData;
  href?: string;
  meta?: ReactNode;
  headingLevel?: 2 | 3;
  canSave?: boolean;
  children?: ReactNode;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article className="card sheet-card">
      <Heading className="card__title">
        <Link to={href ?? `/fiches/${sheet.slug}`}>{sheet.title}</Link>
      </Heading>
      {sheet.owner ? (
        <p className="muted sheet-card__owner">
          {sheet.owner.kind === 'base' ? 'Base ' : 'Par '}
          <Link to={ownerHref(sheet.owner)}>{sheet.owner.name}</Link>
        </p>
      ) : null}
      {meta ? <p className="muted">{meta}</p> : null}
      {sheet.summary ? <p className="sheet-card__summary">{sheet.summary}</p> : null}
      <p>
        <RatingBadge rating={sheet.rating} />
      </p>
      {children}
      {canSave ? (
        <div className="no-print">
          <SaveButton slug={sheet.slug} title={sheet.title} />
        </div>
      ) : null}
    </article>
  );
}
