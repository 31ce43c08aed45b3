export const meta = () => [{ title: 'Déclaration d’accessibilité – Malle' }];

export default function Accessibility() {
  return (
    <article className="prose">
      <h1>Déclaration d’accessibilité</h1>
      <p>
        Malle s’engage à rendre son site accessible conformément à l’article 47 de la loi n° 2005-102 du 11 février 2005. Cette
        déclaration s’applique à l’ensemble du site.
      </p>
      <h2>État de conformité</h2>
      <p>
        Le site est <strong>partiellement conforme</strong> avec le référentiel général d’amélioration de l’accessibilité (RGAA),
        version 4.1. Aucun audit externe n’a encore été réalisé : la conformité est évaluée par nos tests automatisés (axe-core
        sur chaque page testée) et par des vérifications manuelles au clavier et au lecteur d’écran.
      </p>
      <h2>Ce que nous faisons</h2>
      <ul>
        <li>Chaque page est testée automatiquement avec axe-core à chaque modification du code.</li>
        <li>Tous les formulaires ont des étiquettes, des aides et des messages d’erreur reliés aux champs.</li>
        <li>Le site se parcourt entièrement au clavier ; un lien d’évitement mène au contenu.</li>
        <li>Les pages fonctionnent sans JavaScript.</li>
      </ul>
      <h2>Retour d’information et contact</h2>
      <p>
        Si vous n’arrivez pas à accéder à un contenu ou à un service, écrivez-nous à{' '}
        <a href="mailto:accessibilite@malle.example">accessibilite@malle.example</a> : nous vous répondrons et vous proposerons
        une alternative accessible.
      </p>
      <h2>Voies de recours</h2>
      <p>
        Si vous constatez un défaut d’accessibilité qui vous empêche d’accéder à un contenu et que vous n’avez pas obtenu de
        réponse satisfaisante, vous pouvez saisir le Défenseur des droits (formulaire en ligne, délégué de votre région, ou
        courrier gratuit sans timbre : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07).
      </p>
    </article>
  );
}
