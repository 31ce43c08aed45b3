import { Link, useSearchParams } from 'react-router';

export const meta = () => [{ title: 'Recherche – Malle' }];

/** Target of the header search box until the search engine pages land (search issue). */
export default function Search() {
  const [params] = useSearchParams();
  const q = params.get('q')?.trim();
  return (
    <div className="narrow">
      <h1>Recherche{q ? ` : « ${q} »` : ''}</h1>
      <p className="alert alert--info" role="status">
        La recherche dans les fiches, les bases et les collections arrive bientôt.
      </p>
      <p>
        <Link to="/">Retour à l’accueil</Link>
      </p>
    </div>
  );
}
