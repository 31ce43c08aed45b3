import type { PublicProfile } from '@malle/schema/accounts';
import { departementLabel } from '@malle/schema/departements';
import { data, Link, useLoaderData } from 'react-router';
import type { Route } from './+types/profile';
import { callApi } from '../lib/api.server.ts';

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const id = encodeURIComponent(params.id);
  const [res, sheets] = await Promise.all([
    callApi<PublicProfile>(request, context, `/api/v1/profiles/${id}`),
    callApi<Array<{ slug: string; title: string; latestVersion: number }>>(request, context, `/api/v1/profiles/${id}/sheets`),
  ]);
  if (!res.ok) throw data(null, { status: res.status === 400 ? 404 : res.status });
  return { profile: res.data, sheets: sheets.ok ? sheets.data : [] };
}

export const meta = ({ data }: Route.MetaArgs) => [{ title: data ? `${data.profile.displayName} – Malle` : 'Profil – Malle' }];

export default function Profile() {
  const { profile, sheets } = useLoaderData<typeof loader>();
  const since = new Date(profile.createdAt).toLocaleDateString('fr-FR', { month: 'long', year: 'numeric' });
  return (
    <article className="narrow">
      <h1>{profile.displayName}</h1>
      {profile.departement ? <p>{departementLabel(profile.departement)}</p> : null}
      {profile.bio ? <p className="lead">{profile.bio}</p> : null}
      <p className="muted">Membre depuis {since}.</p>
      <section aria-labelledby="titre-fiches-perso">
        <h2 id="titre-fiches-perso">Fiches publiées dans son espace personnel</h2>
        {sheets.length ? (
          <ul>
            {sheets.map((s) => (
              <li key={s.slug}>
                <Link to={`/fiches/${s.slug}`}>{s.title}</Link> <span className="muted">(version {s.latestVersion})</span>
              </li>
            ))}
          </ul>
        ) : (
          <p>Aucune fiche publiée dans son espace personnel.</p>
        )}
      </section>
    </article>
  );
}
