import { VISIBILITY_LABELS, type SheetListItem } from '@malle/schema/sheets';
import { Link, useLoaderData, useSearchParams } from 'react-router';
import type { Route } from './+types/my-sheets';
import { RatingBadge } from '../components/sheet-card.tsx';
import { callApi } from '../lib/api.server.ts';
import { frenchDateTime } from '../lib/format.ts';
import { requireMe } from '../lib/session.server.ts';

type Item = SheetListItem;

export const meta = () => [{ title: 'Mes fiches – Malle' }];

export async function loader({ request, context }: Route.LoaderArgs) {
  await requireMe(request, context);
  const res = await callApi<Item[]>(request, context, '/api/v1/me/sheets');
  if (!res.ok) throw new Response(res.error.message, { status: res.status });
  return { sheets: res.data };
}

function Table({ items, caption }: { items: Item[]; caption: string }) {
  return (
    <table className="table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Titre</th>
          <th scope="col">Espace</th>
          <th scope="col">État</th>
          <th scope="col">Évaluations</th>
          <th scope="col">Modifiée le</th>
        </tr>
      </thead>
      <tbody>
        {items.map((s) => (
          <tr key={s.slug}>
            <th scope="row">
              <Link to={s.latestVersion > 0 ? `/fiches/${s.slug}` : `/fiches/${s.slug}/modifier`}>{s.title}</Link>
            </th>
            <td>{s.owner.kind === 'base' ? s.owner.name : 'Mon espace personnel'}</td>
            <td>
              {s.latestVersion > 0
                ? `Version ${s.latestVersion}, ${VISIBILITY_LABELS[s.visibility].split(' (')[0]!.toLowerCase()}`
                : 'Brouillon'}
              {s.latestVersion > 0 && s.hasDraftChanges ? ' · modifications non publiées' : ''}
            </td>
            <td>{s.latestVersion > 0 ? <RatingBadge rating={s.rating} /> : '–'}</td>
            <td>{frenchDateTime(s.updatedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function MySheets() {
  const { sheets } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const deleted = params.get('supprimee') === '1';
  const drafts = sheets.filter((s) => s.latestVersion === 0);
  const published = sheets.filter((s) => s.latestVersion > 0);
  return (
    <>
      <h1>Mes fiches</h1>
      {deleted ? (
        <p className="alert alert--success" role="status">
          Fiche supprimée.
        </p>
      ) : null}
      <p>
        <Link to="/fiches/nouvelle" className="button">
          Créer une fiche
        </Link>
      </p>
      <section aria-labelledby="titre-brouillons">
        <h2 id="titre-brouillons">Brouillons ({drafts.length})</h2>
        {drafts.length ? <Table items={drafts} caption="Mes brouillons" /> : <p>Aucun brouillon.</p>}
      </section>
      <section aria-labelledby="titre-publiees">
        <h2 id="titre-publiees">Fiches publiées ({published.length})</h2>
        {published.length ? (
          <Table items={published} caption="Mes fiches publiées" />
        ) : (
          <p>Aucune fiche publiée pour l’instant.</p>
        )}
      </section>
    </>
  );
}
