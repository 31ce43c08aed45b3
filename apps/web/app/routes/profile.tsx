import type { PublicProfile } from '@malle/schema/accounts';
import { departementLabel } from '@malle/schema/departements';
import { data, useLoaderData } from 'react-router';
import type { Route } from './+types/profile';
import { callApi } from '../lib/api.server.ts';

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const res = await callApi<PublicProfile>(request, context, `/api/v1/profiles/${encodeURIComponent(params.id)}`);
  if (!res.ok) throw data(null, { status: res.status === 400 ? 404 : res.status });
  return { profile: res.data };
}

export const meta = ({ data }: Route.MetaArgs) => [{ title: data ? `${data.profile.displayName} – Malle` : 'Profil – Malle' }];

export default function Profile() {
  const { profile } = useLoaderData<typeof loader>();
  const since = new Date(profile.createdAt).toLocaleDateString('fr-FR', { month: 'long', year: 'numeric' });
  return (
    <article className="narrow">
      <h1>{profile.displayName}</h1>
      {profile.departement ? <p>{departementLabel(profile.departement)}</p> : null}
      {profile.bio ? <p className="lead">{profile.bio}</p> : null}
      <p className="muted">Membre depuis {since}.</p>
    </article>
  );
}
