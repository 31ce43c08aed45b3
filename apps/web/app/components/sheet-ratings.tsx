import {
  CRITERIA,
  frenchScore,
  MIN_RATINGS_FOR_SCORE,
  REPORT_REASON_LABELS,
  REPORT_REASONS,
  type Rating,
  type SheetRatings as Ratings,
} from '@malle/schema/ratings';
import { Form, Link } from 'react-router';
import { frenchDate } from '../lib/format.ts';
import { CsrfInput, FormAlert } from './form.tsx';

export type RatingActionResult =
  | { rated: true }
  | { replied: true }
  | { reported: true }
  | { message: string; fields?: Record<string, string>; ratingId?: string };

const percent = (share: number) => `${Math.round(share * 100)} %`;
const plural = (n: number, word: string) => `${n} ${word}${n > 1 ? 's' : ''}`;

function Summary({ ratings }: { ratings: Ratings }) {
  const s = ratings.summary;
  if (s.count === 0) return <p>Cette fiche n’a pas encore été évaluée.</p>;
  return (
    <>
      {s.hasBadge && s.score !== null ? (
        <p className="rating-score">
          <span aria-hidden="true">★ </span>
          <strong>
            {frenchScore(s.score)}
            <span aria-hidden="true">/5</span>
            <span className="visually-hidden"> sur 5</span>
          </strong>{' '}
          · {plural(s.count, 'évaluation')}
        </p>
      ) : (
        <p className="rating-score rating-score--none">
          {plural(s.count, 'évaluation')} : pas encore assez d’évaluations pour afficher une note (il en faut{' '}
          {MIN_RATINGS_FOR_SCORE}).
        </p>
      )}
      {s.usedInWorkshopShare !== null ? (
        <p>{percent(s.usedInWorkshopShare)} des personnes qui l’ont évaluée l’ont utilisée en atelier.</p>
      ) : null}
      <table className="table rating-table">
        <caption className="visually-hidden">Moyenne et répartition des notes par critère</caption>
        <thead>
          <tr>
            <th scope="col">Critère</th>
            <th scope="col">Moyenne</th>
            {[1, 2, 3, 4, 5].map((n) => (
              <th scope="col" key={n}>
                {n}
                <span className="visually-hidden"> sur 5</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {CRITERIA.map((c) => (
            <tr key={c.id}>
              <th scope="row">
                {c.label} <span className="muted">({c.hint})</span>
              </th>
              <td>{s.averages[c.id] === null ? '–' : `${frenchScore(s.averages[c.id]!)}/5`}</td>
              {s.distributions[c.id].map((count, i) => (
                <td key={i}>{count}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Stars({ rating, latestVersion }: { rating: Rating; latestVersion: number }) {
  return (
    <p className="muted">
      {CRITERIA.map((c) => `${c.label} ${rating[c.id]}/5`).join(' · ')}
      {rating.usedInWorkshop ? ' · utilisée en atelier' : ''}
      {rating.version < latestVersion ? ` · évaluée sur la version ${rating.version}` : ''} · le {frenchDate(rating.updatedAt)}
    </p>
  );
}

function RateForm({
  ratings,
  version,
  secretKey,
  result,
}: {
  ratings: Ratings;
  version: number;
  secretKey: string | null;
  result: RatingActionResult | undefined;
}) {
  const mine = ratings.viewer.mine;
  const error = result && 'message' in result && !result.ratingId ? result : undefined;
  return (
    <Form method="post" preventScrollReset className="rate-form" id="mon-evaluation">
      <CsrfInput />
      <input type="hidden" name="intent" value="rate" />
      <input type="hidden" name="version" value={version} />
      {secretKey ? <input type="hidden" name="cle" value={secretKey} /> : null}
      <FormAlert message={error?.message} fields={error?.fields} />
      {result && 'rated' in result ? (
        <p className="alert alert--success" role="status">
          Merci, votre évaluation est enregistrée.
        </p>
      ) : null}
      {mine && mine.version !== version ? (
        <p className="muted">
          Votre évaluation actuelle porte sur la version {mine.version} ; l’enregistrer ici la rattache à la version {version}.
        </p>
      ) : null}
      {CRITERIA.map((c) => (
        <fieldset className="field stars" key={c.id}>
          <legend>
            {c.label} <span className="muted">({c.hint})</span>
          </legend>
          <div className="stars__choices">
            {[1, 2, 3, 4, 5].map((n) => (
              <span className="stars__choice" key={n}>
                <input type="radio" id={`note-${c.id}-${n}`} name={c.id} value={n} required defaultChecked={mine?.[c.id] === n} />
                <label htmlFor={`note-${c.id}-${n}`}>
                  {n}
                  <span className="visually-hidden"> sur 5</span>
                </label>
              </span>
            ))}
          </div>
        </fieldset>
      ))}
      <div className="checkbox">
        <input type="checkbox" id="champ-atelier" name="usedInWorkshop" defaultChecked={mine?.usedInWorkshop ?? false} />
        <label htmlFor="champ-atelier">Je l’ai utilisée en atelier</label>
      </div>
      <div className="field">
        <label htmlFor="champ-commentaire">Commentaire (facultatif)</label>
        <p className="field__hint" id="champ-commentaire-aide">
          1000 caractères au plus. Visible par tous les lecteurs de la fiche.
        </p>
        <textarea
          id="champ-commentaire"
          name="comment"
          rows={3}
          maxLength={1000}
          defaultValue={mine?.comment ?? ''}
          aria-describedby="champ-commentaire-aide"
        />
      </div>
      <button type="submit" className="button">
        {mine ? 'Modifier mon évaluation' : 'Enregistrer mon évaluation'}
      </button>
    </Form>
  );
}

function RatingItem({
  rating,
  ratings,
  signedIn,
  secretKey,
  result,
}: {
  rating: Rating;
  ratings: Ratings;
  signedIn: boolean;
  secretKey: string | null;
  result: RatingActionResult | undefined;
}) {
  const own = ratings.viewer.mine?.id === rating.id;
  const error = result && 'message' in result && result.ratingId === rating.id ? result : undefined;
  return (
    <li className="rating">
      <p>
        <strong>
          {rating.raterProfileId ? <Link to={`/profils/${rating.raterProfileId}`}>{rating.raterName}</Link> : rating.raterName}
        </strong>
        {own ? ' (vous)' : ''}
      </p>
      <Stars rating={rating} latestVersion={ratings.latestVersion} />
      {/* Plain text: React escapes it; comments are never HTML. */}
      {rating.comment ? <p className="pre-line">{rating.comment}</p> : null}
      {rating.reply ? (
        <div className="rating__reply">
          <p>
            <strong>Réponse de {rating.reply.authorName}</strong>{' '}
            <span className="muted">le {frenchDate(rating.reply.createdAt)}</span>
          </p>
          <p className="pre-line">{rating.reply.text}</p>
        </div>
      ) : null}
      {error ? <FormAlert message={error.message} fields={error.fields} /> : null}
      {ratings.viewer.canReply && rating.comment && !rating.reply ? (
        <details className="no-print">
          <summary>
            Répondre<span className="visually-hidden"> à {rating.raterName}</span>
          </summary>
          <Form method="post" preventScrollReset>
            <CsrfInput />
            <input type="hidden" name="intent" value="reply" />
            <input type="hidden" name="ratingId" value={rating.id} />
            <div className="field">
              <label htmlFor={`reponse-${rating.id}`}>Votre réponse (une seule, visible par tous)</label>
              <textarea id={`reponse-${rating.id}`} name="reply" rows={3} maxLength={1000} required />
            </div>
            <button type="submit" className="button button--secondary button--small">
              Publier la réponse
            </button>
          </Form>
        </details>
      ) : null}
      {signedIn && !own && rating.comment ? (
        <details className="no-print">
          <summary>
            Signaler<span className="visually-hidden"> le commentaire de {rating.raterName}</span>
          </summary>
          <Form method="post" preventScrollReset>
            <CsrfInput />
            <input type="hidden" name="intent" value="report" />
            <input type="hidden" name="ratingId" value={rating.id} />
            {secretKey ? <input type="hidden" name="cle" value={secretKey} /> : null}
            <div className="field">
              <label htmlFor={`raison-${rating.id}`}>Raison</label>
              <select id={`raison-${rating.id}`} name="reason" required defaultValue="">
                <option value="" disabled>
                  Choisissez une raison
                </option>
                {REPORT_REASONS.map((r) => (
                  <option key={r} value={r}>
                    {REPORT_REASON_LABELS[r]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`signalement-${rating.id}`}>Précisions pour les modérateurs (facultatif)</label>
              <textarea id={`signalement-${rating.id}`} name="text" rows={2} maxLength={1000} />
            </div>
            <button type="submit" className="button button--secondary button--small">
              Envoyer le signalement
            </button>
          </Form>
        </details>
      ) : null}
    </li>
  );
}

/** The "Évaluations" section of a sheet page. */
export function SheetRatings({
  ratings,
  version,
  slug,
  secretKey,
  result,
}: {
  ratings: Ratings;
  version: number;
  slug: string;
  secretKey: string | null;
  result: RatingActionResult | undefined;
}) {
  const keyQuery = secretKey ? `?cle=${encodeURIComponent(secretKey)}` : '';
  return (
    <section aria-labelledby="titre-evaluations" className="panel ratings">
      <h2 id="titre-evaluations">Évaluations</h2>
      {result && 'replied' in result ? (
        <p className="alert alert--success" role="status">
          Votre réponse est publiée.
        </p>
      ) : null}
      {result && 'reported' in result ? (
        <p className="alert alert--success" role="status">
          Merci, le commentaire est signalé aux modérateurs.
        </p>
      ) : null}
      <Summary ratings={ratings} />

      {ratings.perVersion && ratings.perVersion.length > 0 ? (
        <table className="table">
          <caption>Évaluations par version (visible des auteurs)</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Évaluations</th>
              {CRITERIA.map((c) => (
                <th scope="col" key={c.id}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ratings.perVersion.map((v) => (
              <tr key={v.version}>
                <th scope="row">Version {v.version}</th>
                <td>{v.count}</td>
                {CRITERIA.map((c) => (
                  <td key={c.id}>{frenchScore(v.averages[c.id])}/5</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      <div className="no-print">
        <h3>{ratings.viewer.mine ? 'Mon évaluation' : 'Évaluer cette fiche'}</h3>
        {ratings.viewer.cannotRate === 'anonymous' ? (
          <p>
            <Link to={`/connexion?redirectTo=${encodeURIComponent(`/fiches/${slug}${keyQuery}`)}`}>Connectez-vous</Link> pour
            évaluer cette fiche.
          </p>
        ) : ratings.viewer.cannotRate === 'editor' ? (
          <p>Vous êtes auteur ou contributeur de cette fiche : vous ne pouvez pas l’évaluer.</p>
        ) : ratings.viewer.cannotRate === 'draft' ? (
          <p>Cette fiche n’est pas encore publiée.</p>
        ) : (
          <RateForm ratings={ratings} version={version} secretKey={secretKey} result={result} />
        )}
      </div>

      {ratings.ratings.length ? (
        <>
          <h3>Avis ({ratings.ratings.length})</h3>
          <ul className="rating-list">
            {ratings.ratings.map((r) => (
              <RatingItem
                key={r.id}
                rating={r}
                ratings={ratings}
                signedIn={ratings.viewer.cannotRate !== 'anonymous'}
                secretKey={secretKey}
                result={result}
              />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/**
 * schema.org description of a public sheet (LearningResource, with its AggregateRating once it
 * has a score), for search engines and partners. `<` is escaped so the JSON cannot close the tag.
 */
export function SheetJsonLd({ data, nonce }: { data: Record<string, unknown>; nonce: string | undefined }) {
  return (
    <script
      type="application/ld+json"
      nonce={nonce}
      dangerouslySetInnerHTML={{ __html: JSON.stringify(data).replace(/</g, '\\u003c') }}
    />
  );
}
