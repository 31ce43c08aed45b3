import type { CollectionSummary } from '@malle/schema/collections';
import { Link } from 'react-router';

const VISIBILITY_WORDS = { public: 'publique', private: 'privée', secret_link: 'lien secret' } as const;

/** Collections as cards (base, profile and "Mes collections" pages). */
export function CollectionList({ collections, headingLevel = 3 }: { collections: CollectionSummary[]; headingLevel?: 3 | 4 }) {
  if (!collections.length) return <p>Aucune collection pour l’instant.</p>;
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <ul className="cards">
      {collections.map((c) => (
        <li key={c.id} className="card">
          <Heading className="card__title">
            <Link to={`/collections/${c.id}`}>{c.title}</Link>
          </Heading>
          <p className="muted">
            {c.itemCount} fiche{c.itemCount > 1 ? 's' : ''} · {VISIBILITY_WORDS[c.visibility]}
          </p>
          {c.description ? <p>{c.description.length > 160 ? `${c.description.slice(0, 157)}…` : c.description}</p> : null}
        </li>
      ))}
    </ul>
  );
}
