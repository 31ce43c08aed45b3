export const meta = () => [{ title: 'Mentions légales – Malle' }];

export default function LegalNotice() {
  return (
    <article className="prose">
      <h1>Mentions légales</h1>
      <h2>Éditeur</h2>
      <p>
        Malle est un commun numérique édité par l’équipe Malle. Contact :{' '}
        <a href="mailto:contact@malle.example">contact@malle.example</a>.
      </p>
      <h2>Hébergement</h2>
      <p>L’hébergeur de l’instance est indiqué par l’organisation qui la met en service.</p>
      <h2>Contenus publiés</h2>
      <p>
        Chaque fiche est publiée par son auteur ou sa base sous la licence indiquée sur la fiche (par défaut, Licence Ouverte
        Etalab 2.0). Les auteurs restent responsables de leurs contenus.
      </p>
      <h2>Code source</h2>
      <p>Le code source de Malle est libre.</p>
    </article>
  );
}
