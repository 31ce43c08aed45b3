import { BASE_ROLE_LABELS, type BaseRole, type BaseSummary } from '@malle/schema/bases';
import { Link, useLoaderData, useSearchParams } from 'react-router';
import type { Route } from './+types/my-bases';
import { callApi } from '../lib/api.server.ts';
import { requireMe } from '../lib/session.server.ts';

export const meta = () => [{ title: 'Mes bases – Malle' }];

export async function loader({ request, context }: Route.LoaderArgs) {
  await requireMe(request, context);
  const res = await callApi<Array<BaseSummary & { role: BaseRole }>>(request, context, '/api/v1/me/bases');
  if (!res.ok) throw new Response(res.error.message, { status: res.status });
  return { bases: res.data };
}

export default function MyBases() {
  const { bases } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>Mes bases</h1>
      {params.get('quittee') === '1' ? (
        <p className="alert alert--success" role="status">
          Vous avez quitté la base.
        </p>
      ) : null}
      {params.get('supprimee') === '1' ? (
        <p className="alert alert--success" role="status">
          La base a été supprimée.
        </p>
      ) : null}
      <p className="actions">
        <Link to="/bases/nouvelle" className="button">
          Créer une base
        </Link>
        <Link to="/mes-invitations" className="button button--secondary">
          Mes invitations
        </Link>
      </p>
      {bases.length ? (
        <ul className="cards">
          {bases.map((base) => (
            <li className="card" key={base.id}>
              <h2 className="card__title">
                <Link to={`/bases/${base.slug}`}>{base.name}</Link>
              </h2>
              <p className="muted">
                {BASE_ROLE_LABELS[base.role]} · {base.isPublic ? 'publique' : 'privée'} · {base.memberCount} membre
                {base.memberCount > 1 ? 's' : ''}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p>Vous n’êtes membre d’aucune base pour l’instant. Créez-en une, ou demandez à rejoindre une base publique.</p>
      )}
    </>
  );
}
