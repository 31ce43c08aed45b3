import { useLoaderData } from 'react-router';
import type { Route } from './+types/search';
import { SearchView } from '../components/search-results.tsx';
import { loadSearch } from '../lib/search.server.ts';

export const meta = ({ data }: Route.MetaArgs) => [
  { title: data?.state.q ? `« ${data.state.q} » – Recherche – Malle` : 'Recherche – Malle' },
];

export async function loader({ request, context }: Route.LoaderArgs) {
  return loadSearch(request, context);
}

export default function Search() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Recherche</h1>
      <SearchView {...data} />
    </>
  );
}
