import type { BaseSummary } from '@malle/schema/bases';
import { departementLabel } from '@malle/schema/departements';
import { Link, useLoaderData } from 'react-router';
import type { Route } from './+types/bases';
import { callApi } from '../lib/api.server.ts';
import { useMe } from '../root.tsx';

export const meta = () => [{ title: 'Les bases – Malle' }];

export async function loader({ request, context }: Route.LoaderArgs) {
  const res = await callApi<{ items: BaseSummary[] }>(request, context, '/api/v1/bases?pageSize=100');
  if (!res.ok) throw new Response(res.error.message, { status: res.status });
  return { bases: res.data.items };
}

export function BaseCard({ base }: { base: BaseSummary }) {
  return (
    <li className="card">
      <h2 className="card__title">
        <Link to={`/bases/${base.slug}`}>{base.name}</Link>
      </h2>
      {base.departement ? <p className="muted">{departementLabel(base.departement)}</p> : null}
      {base.description ? <p>{base.description.length > 180 ? `${base.description.slice(0, 180)}…` : base.description}</p> : null}
      <p className="muted">
        {base.memberCount} membre{base.memberCount > 1 ? 's' : ''} · {base.followerCount} abonné
        {base.followerCount > 1 ? 's' : ''}
        {base.isPublic ? '' : ' · privée'}
      </p>
    </li>
  );
}

export default function Bases() {
  const { bases } = useLoaderData<typeof loader>();
  const me = useMe();
  return (
    <>
      <h1>Les bases</h1>
      <p className="lead">
        Une base est l’espace d’une équipe : une structure, un réseau, un tiers-lieu. Elle rassemble ses fiches et ses
        collections.
      </p>
      {me ? (
        <p>
          <Link to="/bases/nouvelle" className="button">
            Créer une base
          </Link>
        </p>
      ) : null}
      {bases.length ? (
        <ul className="cards">
          {bases.map((base) => (
            <BaseCard key={base.id} base={base} />
          ))}
        </ul>
      ) : (
        <p>Aucune base publique pour l’instant.</p>
      )}
    </>
  );
}
