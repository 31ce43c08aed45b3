import { Link } from 'react-router';
import { useMe } from '../root.tsx';

export const meta = () => [
  { title: 'Malle – la malle pédagogique partagée des médiateurs numériques' },
  {
    name: 'description',
    content: 'Trouvez, adaptez, évaluez et partagez des supports d’ateliers numériques : quiz, diaporamas, fiches d’animation.',
  },
];

export default function Home() {
  const me = useMe();
  return (
    <>
      <section className="hero" aria-labelledby="titre-accueil">
        <h1 id="titre-accueil">La malle pédagogique partagée des médiateurs numériques</h1>
        <p className="lead">
          Quiz, diaporamas, guides d’animation, supports pour les participants : trouvez en quelques secondes un support prêt à
          l’emploi pour votre prochain atelier, adaptez-le à votre public et partagez vos propres ressources.
        </p>
        {me ? (
          <p>
            Bonjour {me.displayName}. <Link to="/mon-profil">Compléter mon profil</Link>
          </p>
        ) : (
          <p className="actions">
            <Link to="/inscription" className="button">
              Créer un compte
            </Link>
            <Link to="/connexion" className="button button--secondary">
              Se connecter
            </Link>
          </p>
        )}
      </section>
      <section aria-labelledby="titre-promesse" className="features">
        <h2 id="titre-promesse">Ce que Malle vous apporte</h2>
        <ul className="cards">
          <li className="card">
            <h3>Trouver vite</h3>
            <p>Une recherche qui comprend les fautes de frappe et les accents, et fouille jusque dans les PDF.</p>
          </li>
          <li className="card">
            <h3>Juger la qualité d’un coup d’œil</h3>
            <p>Des évaluations sur trois critères simples : utile, clair, fiable.</p>
          </li>
          <li className="card">
            <h3>Adapter sans repartir de zéro</h3>
            <p>Copiez une fiche dans votre base, adaptez-la à votre public : l’original reste cité.</p>
          </li>
          <li className="card">
            <h3>Partager sur votre site</h3>
            <p>Intégrez une collection sur le site de votre structure, sans cookie ni traceur.</p>
          </li>
        </ul>
      </section>
    </>
  );
}
