import { THEME_GROUPS } from '@malle/schema/taxonomies';
import { Link } from 'react-router';

export const meta = () => [{ title: 'Thématiques – Malle' }];

export default function Themes() {
  return (
    <>
      <h1>Thématiques</h1>
      <ul className="cards">
        {THEME_GROUPS.map((g) => (
          <li key={g.id} className="card">
            <h2 className="card__title">
              <Link to={`/thematiques/${g.id}`}>{g.label}</Link>
            </h2>
            <p className="muted">{g.themes.map((t) => t.label).join(' · ')}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
