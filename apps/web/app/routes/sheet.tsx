import type { BaseRole, BaseSummary } from '@malle/schema/bases';
import type { SheetRatings as Ratings } from '@malle/schema/ratings';
import type { Sheet } from '@malle/schema/sheets';
import { FACETS, LICENCES, termLabel, type Facet } from '@malle/schema/taxonomies';
import { data, Form, Link, redirect, useActionData, useLoaderData, useSearchParams } from 'react-router';
import type { Route } from './+types/sheet';
import { CsrfInput, FormAlert } from '../components/form.tsx';
import { Attachments } from '../components/attachments.tsx';
import { RatingBadge } from '../components/sheet-card.tsx';
import { PrintButton } from '../components/print-button.tsx';
import { SecretLinkPanel } from '../components/secret-link-panel.tsx';
import { SaveButton } from '../components/save-dialog.tsx';
import { SheetJsonLd, SheetRatings, type RatingActionResult } from '../components/sheet-ratings.tsx';
import { oembedDiscovery } from '../lib/embeds.ts';
import { callApi, fieldErrors, text } from '../lib/api.server.ts';
import { frenchDate } from '../lib/format.ts';
import { getMe } from '../lib/session.server.ts';
import { useMe, useNonce } from '../root.tsx';

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const key = new URL(request.url).searchParams.get('cle');
  const suffix = key ? `?cle=${encodeURIComponent(key)}` : '';
  const slug = encodeURIComponent(params.slug);
  const path = params.version
    ? `/api/v1/sheets/${slug}/versions/${encodeURIComponent(params.version)}${suffix}`
    : `/api/v1/sheets/${slug}${suffix}`;
  const [sheet, me, ratings] = await Promise.all([
    callApi<Sheet>(request, context, path),
    getMe(request, context),
    callApi<Ratings>(request, context, `/api/v1/sheets/${slug}/ratings${suffix}`),
  ]);
  if (!sheet.ok) throw data(null, { status: sheet.status === 400 ? 404 : sheet.status });
  const bases = me ? await callApi<Array<BaseSummary & { role: BaseRole }>>(request, context, '/api/v1/me/bases') : null;
  return {
    sheet: sheet.data,
    key,
    pinned: Boolean(params.version),
    myBases: bases?.ok ? bases.data : [],
    origin: context.publicUrl,
    ratings: ratings.ok ? ratings.data : null,
  };
}

export const meta = ({ data }: Route.MetaArgs) => {
  const v = data?.sheet.version;
  return [
    { title: v ? `${v.title} – Malle` : 'Fiche – Malle' },
    ...(v ? [{ name: 'description', content: v.summary }] : []),
    // A secret-link sheet must not end up in search engines.
    ...(data && data.sheet.visibility !== 'public' ? [{ name: 'robots', content: 'noindex' }] : []),
    ...(data && v
      ? oembedDiscovery(
          data.origin,
          `/fiches/${data.sheet.slug}`,
          { title: v.title, visibility: data.sheet.visibility },
          data.key,
        )
      : []),
  ];
};

/** Rating, replying to and reporting a comment. */
async function ratingAction(
  request: Request,
  context: Route.ActionArgs['context'],
  slug: string,
  form: FormData,
): Promise<RatingActionResult> {
  const csrf = text(form, 'csrf');
  const key = text(form, 'cle');
  const keyQuery = key ? `?cle=${encodeURIComponent(key)}` : '';
  const intent = text(form, 'intent');
  const ratingId = text(form, 'ratingId');
  if (intent === 'rate') {
    const stars = (name: string) => (text(form, name) ? Number(text(form, name)) : undefined);
    const res = await callApi(request, context, `/api/v1/sheets/${slug}/ratings/mine${keyQuery}`, {
      method: 'PUT',
      csrf,
      json: {
        useful: stars('useful'),
        clear: stars('clear'),
        reliable: stars('reliable'),
        usedInWorkshop: form.get('usedInWorkshop') === 'on',
        comment: text(form, 'comment'),
        version: Number(text(form, 'version')) || undefined,
      },
    });
    return res.ok ? { rated: true } : { message: res.error.message, fields: fieldErrors(res.error) };
  }
  const path =
    intent === 'reply'
      ? `/api/v1/sheets/${slug}/ratings/${encodeURIComponent(ratingId)}/reply`
      : `/api/v1/sheets/${slug}/ratings/${encodeURIComponent(ratingId)}/reports${keyQuery}`;
  const json = intent === 'reply' ? { reply: text(form, 'reply') } : { reason: text(form, 'reason'), text: text(form, 'text') };
  const res = await callApi(request, context, path, { method: 'POST', csrf, json });
  if (!res.ok) return { message: res.error.message, fields: fieldErrors(res.error), ratingId };
  return intent === 'reply' ? { replied: true } : { reported: true };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const form = await request.formData();
  const csrf = text(form, 'csrf');
  const slug = encodeURIComponent(params.slug);
  const key = text(form, 'cle');
  if (['rate', 'reply', 'report'].includes(text(form, 'intent')))
    return { ...(await ratingAction(request, context, slug, form)), fromRatings: true as const };
  if (text(form, 'intent') === 'renew-link') {
    const res = await callApi(request, context, `/api/v1/sheets/${slug}/visibility`, {
      method: 'PUT',
      csrf,
      json: { visibility: 'secret_link', regenerateLink: true },
    });
    return res.ok ? { renewed: true } : { message: res.error.message };
  }
  if (text(form, 'intent') === 'restore') {
    const res = await callApi(request, context, `/api/v1/sheets/${slug}/restore`, {
      method: 'POST',
      csrf,
      json: { version: Number(text(form, 'version')) },
    });
    if (!res.ok) return { message: res.error.message };
    throw redirect(`/fiches/${slug}/modifier?restauree=${encodeURIComponent(text(form, 'version'))}`);
  }
  const target = text(form, 'target');
  const res = await callApi<{ slug: string }>(
    request,
    context,
    `/api/v1/sheets/${slug}/adapt${key ? `?cle=${encodeURIComponent(key)}` : ''}`,
    {
      method: 'POST',
      csrf,
      json: { baseSlug: target === '' ? null : target, version: Number(text(form, 'version')) },
    },
  );
  if (!res.ok) return { message: res.error.message };
  throw redirect(`/fiches/${res.data.slug}/modifier?adaptee=1`);
}

/** Results of the rating intents, shown in the ratings section rather than at the top. */
function isRatingResult(result: unknown): result is RatingActionResult {
  if (!result || typeof result !== 'object') return false;
  return 'fromRatings' in result;
}

/** schema.org LearningResource for a public sheet; AggregateRating only once it has a score. */
function jsonLd(sheet: Sheet, ratings: Ratings | null, origin: string): Record<string, unknown> {
  const v = sheet.version!;
  const licence = LICENCES.find((l) => l.id === v.licence);
  const summary = ratings?.summary;
  return {
    '@context': 'https://schema.org',
    '@type': 'LearningResource',
    name: v.title,
    description: v.summary,
    url: `${origin}/fiches/${sheet.slug}`,
    inLanguage: 'fr',
    version: String(v.number),
    dateModified: v.createdAt,
    ...(licence?.url ? { license: licence.url } : {}),
    author: { '@type': sheet.owner.kind === 'base' ? 'Organization' : 'Person', name: sheet.owner.name },
    keywords: (Object.keys(FACETS) as Facet[]).flatMap((f) => v.indexing[f].map((id) => termLabel(f, id) ?? id)).join(', '),
    ...(summary?.hasBadge && summary.score !== null
      ? {
          aggregateRating: {
            '@type': 'AggregateRating',
            ratingValue: summary.score,
            bestRating: 5,
            worstRating: 1,
            ratingCount: summary.count,
          },
        }
      : {}),
  };
}

function Indexing({ indexing }: { indexing: Record<Facet, string[]> }) {
  const facets = (Object.keys(FACETS) as Facet[]).filter((f) => indexing[f].length > 0);
  if (!facets.length) return null;
  return (
    <dl className="indexing">
      {facets.map((f) => (
        <div key={f}>
          <dt>{FACETS[f].label}</dt>
          <dd>
            <ul className="tags">
              {indexing[f].map((id) => (
                <li key={id}>{termLabel(f, id) ?? id}</li>
              ))}
            </ul>
          </dd>
        </div>
      ))}
    </dl>
  );
}

export default function SheetPage() {
  const { sheet, key, pinned, myBases, origin, ratings } = useLoaderData<typeof loader>();
  const nonce = useNonce();
  const me = useMe();
  const [params] = useSearchParams();
  const published = params.get('publiee');
  const result = useActionData<typeof action>();
  const v = sheet.version;
  const keyQuery = key ? `?cle=${encodeURIComponent(key)}` : '';
  if (!v) {
    return (
      <div className="narrow">
        <h1>Fiche en préparation</h1>
        <p>Cette fiche n’a pas encore été publiée.</p>
        {sheet.viewer.canEdit ? (
          <p>
            <Link to={`/fiches/${sheet.slug}/modifier`} className="button">
              Modifier le brouillon
            </Link>
          </p>
        ) : null}
      </div>
    );
  }
  const licence = LICENCES.find((l) => l.id === v.licence);
  const ownerLink = sheet.owner.kind === 'base' && sheet.owner.slug ? `/bases/${sheet.owner.slug}` : `/profils/${sheet.owner.id}`;
  return (
    <article className="sheet">
      {published ? (
        <p className="alert alert--success" role="status">
          Version {published} publiée.
        </p>
      ) : null}
      <FormAlert message={result && !isRatingResult(result) && 'message' in result ? result.message : undefined} />
      {sheet.visibility === 'public' ? <SheetJsonLd data={jsonLd(sheet, ratings, origin)} nonce={nonce} /> : null}
      <header className="sheet__header">
        <p className="muted">
          <Link to={ownerLink}>{sheet.owner.name}</Link>
          {sheet.visibility === 'private'
            ? ' · fiche privée'
            : sheet.visibility === 'secret_link'
              ? ' · partagée par lien secret'
              : ''}
        </p>
        <h1>{v.title}</h1>
        {v.summary ? <p className="lead">{v.summary}</p> : null}
        <p className="muted">
          Version {v.number}
          {pinned && v.number < sheet.latestVersion ? ` (la plus récente est la version ${sheet.latestVersion})` : ''} · publiée
          le {frenchDate(v.createdAt)} par {v.authorName}
          {v.changeNote ? ` · « ${v.changeNote} »` : ''}
        </p>
        {sheet.adaptedFrom ? (
          <p>
            Adaptée de{' '}
            <Link to={`/fiches/${sheet.adaptedFrom.slug}/v/${sheet.adaptedFrom.version}`}>
              {sheet.adaptedFrom.title} (version {sheet.adaptedFrom.version})
            </Link>
          </p>
        ) : null}
        {pinned && v.number < sheet.latestVersion ? (
          <p className="alert alert--info">
            Vous consultez une ancienne version. <Link to={`/fiches/${sheet.slug}${keyQuery}`}>Voir la dernière version</Link>
          </p>
        ) : null}
        <nav aria-label="Actions sur la fiche" className="actions no-print">
          {sheet.viewer.canEdit ? (
            <Link to={`/fiches/${sheet.slug}/modifier`} className="button">
              Modifier
            </Link>
          ) : null}
          <Link to={`/fiches/${sheet.slug}/historique${keyQuery}`} className="button button--secondary">
            Historique ({sheet.latestVersion} version{sheet.latestVersion > 1 ? 's' : ''})
          </Link>
          <PrintButton />
          <a
            href={`/api/v1/sheets/${sheet.slug}/archive?version=${v.number}${sheet.visibility === 'secret_link' && key ? `&cle=${encodeURIComponent(key)}` : ''}`}
            className="button button--secondary"
            download
          >
            Télécharger la fiche (ZIP)
          </a>
          <SaveButton slug={sheet.slug} title={v.title} secretKey={key} />
          {sheet.visibility === 'public' || (sheet.visibility === 'secret_link' && key) ? (
            <Link to={`/fiches/${sheet.slug}/integrer${keyQuery}`} className="button button--secondary">
              Intégrer sur votre site
            </Link>
          ) : null}
        </nav>
        {ratings ? (
          <p>
            <a href="#titre-evaluations" className="no-print">
              <RatingBadge rating={ratings.summary} />
            </a>
          </p>
        ) : null}
      </header>

      {sheet.secretLinkToken ? (
        <SecretLinkPanel
          url={`${origin}/fiches/${sheet.slug}?cle=${sheet.secretLinkToken}`}
          reads="lire la fiche"
          renewed={Boolean(result && 'renewed' in result)}
        />
      ) : null}

      <div className="sheet__layout">
        {v.toc.length > 1 ? (
          <nav aria-labelledby="titre-sommaire" className="sheet__toc no-print">
            <h2 id="titre-sommaire">Sommaire</h2>
            <ol>
              {v.toc.map((entry) => (
                <li key={entry.id} className={`toc-level-${entry.level}`}>
                  <a href={`#${entry.id}`}>{entry.text}</a>
                </li>
              ))}
            </ol>
          </nav>
        ) : null}
        {/* Rendered and sanitised by the API from the validated document (never client HTML). */}
        <div className="sheet__body prose" dangerouslySetInnerHTML={{ __html: v.html }} />
      </div>

      <Attachments attachments={v.attachments} canEdit={sheet.viewer.canEdit} />

      <section aria-labelledby="titre-indexation" className="panel">
        <h2 id="titre-indexation">Indexation</h2>
        <Indexing indexing={v.indexing} />
        <p>
          Licence :{' '}
          {licence?.url ? (
            <a href={licence.url} rel="license noopener noreferrer" target="_blank">
              {licence.label}
              <span className="visually-hidden"> (nouvelle fenêtre)</span>
            </a>
          ) : (
            (licence?.label ?? v.licence)
          )}
        </p>
        <p className="muted">{sheet.adaptationCount === 0 ? 'Pas encore adaptée.' : `Adaptée ${sheet.adaptationCount} fois.`}</p>
      </section>

      {ratings ? (
        <SheetRatings
          ratings={ratings}
          version={v.number}
          slug={sheet.slug}
          secretKey={key}
          result={isRatingResult(result) ? result : undefined}
        />
      ) : null}

      <section aria-labelledby="titre-adapter" className="panel no-print">
        <h2 id="titre-adapter">Adapter cette fiche</h2>
        {licence && !licence.allowsAdaptation ? (
          <p>La licence de cette fiche (tous droits réservés) ne permet pas de l’adapter. Vous pouvez contacter son auteur.</p>
        ) : !me ? (
          <p>
            <Link to={`/connexion?redirectTo=${encodeURIComponent(`/fiches/${sheet.slug}${keyQuery}`)}`}>Connectez-vous</Link>{' '}
            pour adapter cette fiche dans votre base ou votre espace personnel.
          </p>
        ) : (
          <Form method="post" className="inline-form">
            <CsrfInput />
            <input type="hidden" name="version" value={v.number} />
            {key ? <input type="hidden" name="cle" value={key} /> : null}
            <p>Une copie de la version {v.number} devient un brouillon dans l’espace de votre choix ; elle citera cette fiche.</p>
            <label htmlFor="champ-cible">Copier dans</label>
            <select id="champ-cible" name="target" defaultValue="">
              <option value="">Mon espace personnel</option>
              {myBases.map((b) => (
                <option key={b.slug} value={b.slug}>
                  {b.name}
                </option>
              ))}
            </select>
            <button type="submit" className="button button--secondary">
              Adapter cette fiche
            </button>
          </Form>
        )}
      </section>

      {sheet.viewer.canEdit && pinned ? (
        <Form method="post" className="no-print">
          <CsrfInput />
          <input type="hidden" name="intent" value="restore" />
          <input type="hidden" name="version" value={v.number} />
          <button type="submit" className="button button--secondary">
            Restaurer la version {v.number} dans le brouillon
          </button>
        </Form>
      ) : null}
    </article>
  );
}
