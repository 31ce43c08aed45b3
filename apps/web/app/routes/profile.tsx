import type { PublicProfile } from '@malle/schema/accounts';
import type { CollectionSummary } from '@malle/schema/collections';
import { departementLabel } from '@malle/schema/departements';
import type { SheetListItem } from '@malle/schema/sheets';
import { data, useLoaderData } from 'react-router';
import type { Route } from './+types/profile';
import { CollectionList } from '../components/collection-list.tsx';
import { SheetCard } from '../components/sheet-card.tsx';
import { callApi } from '../lib/api.server.ts';

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const id = encodeURIComponent(params.id);
  const [res, sheets, collections] = await Promise.all([
    callApi<PublicProfile>(request, context, `/api/v1/profiles/${id}`),
    callApi<SheetListItem[]>(request, context, `/api/v1/profiles/${id}/sheets`),
    callApi<CollectionSummary[]>(request, context, `/api/v1/profiles/${id}/collections`),
  ]);
  if (!res.ok) throw data(null, { status: res.status === 400 ? 404 : res.status });
  return { profile: res.data, sheets: sheets.ok ? sheets.data : [], collections: collections.ok ? collections.data : [] };
}

export const meta = ({ data }: Route.MetaArgs) => [{ title: data ? `${data.profile.displayName} – Malle` : 'Profil – Malle' }];

export default function Profile() {
  const { profile, sheets, collections } = useLoaderData<typeof loader>();
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
          <ul className="cards">
            {sheets.map((s) => (
              <li key={s.slug}>
                <SheetCard sheet={{ ...s, owner: undefined }} canSave meta={`Version ${s.latestVersion}`} />
              </li>
            ))}
          </ul>
        ) : (
          <p>Aucune fiche publiée dans son espace personnel.</p>
        )}
      </section>
      <section aria-labelledby="titre-collections-perso">
        <h2 id="titre-collections-perso">Collections</h2>
        <CollectionList collections={collections} />
      </section>
    </article>
  );
}
