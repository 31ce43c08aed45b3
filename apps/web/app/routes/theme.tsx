import { THEME_GROUPS } from '@malle/schema/taxonomies';
import { Link, useLoaderData } from 'react-router';
import type { Route } from './+types/theme';
import { SearchView } from '../components/search-results.tsx';
import { loadSearch } from '../lib/search.server.ts';

export const meta = ({ data }: Route.MetaArgs) => [{ title: data ? `${data.group.label} – Malle` : 'Thématique – Malle' }];

/** A landing page per theme group: the same search, restricted to the group's sheets. */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const group = THEME_GROUPS.find((g) => g.id === params.group);
  if (!group) throw new Response('Thématique introuvable', { status: 404 });
  const search = await loadSearch(request, context, { fixed: { themeGroups: [group.id] }, defaults: { type: 'sheets' } });
  // The group is the page itself, not a removable filter.
  const result = search.result && { ...search.result, facets: search.result.facets.filter((f) => f.key !== 'themeGroups') };
  return {
    ...search,
    result,
    state: { ...search.state, type: 'sheets' as const },
    group: { id: group.id, label: group.label, themes: group.themes.map((t) => ({ id: t.id, label: t.label })) },
  };
}

export default function Theme() {
  const { group, ...data } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/thematiques">Toutes les thématiques</Link>
      </p>
      <h1>{group.label}</h1>
      <p className="lead">Les fiches des thématiques : {group.themes.map((t) => t.label).join(', ')}.</p>
      <SearchView {...data} fixedLabel={group.label} />
    </>
  );
}
