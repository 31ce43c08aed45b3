export const meta = () => [{ title: 'Données personnelles et confidentialité – Malle' }];

export default function Privacy() {
  return (
    <article className="prose">
      <h1>Données personnelles et confidentialité</h1>
      <h2>Ce que nous conservons</h2>
      <ul>
        <li>Votre adresse e-mail, pour vous connecter et recevoir les liens de réinitialisation. Elle n’est jamais affichée.</li>
        <li>Votre mot de passe, sous une forme chiffrée irréversible (argon2id) : personne ne peut le lire.</li>
        <li>Votre nom affiché, votre présentation et votre département, que vous choisissez de rendre publics ou non.</li>
        <li>Vos sessions de connexion (date de création et de dernière utilisation), pendant 30 jours au plus.</li>
      </ul>
      <h2>Cookies</h2>
      <p>
        Malle dépose un seul cookie, strictement nécessaire : celui qui maintient votre session une fois connecté·e. Aucun cookie
        de mesure d’audience ni de publicité, aucun traceur tiers : aucun consentement n’est donc demandé.
      </p>
      <h2>Vos droits</h2>
      <p>
        Vous pouvez consulter et modifier vos informations depuis votre profil, et demander leur suppression en écrivant à{' '}
        <a href="mailto:donnees@malle.example">donnees@malle.example</a>. Vous pouvez aussi adresser une réclamation à la CNIL.
      </p>
    </article>
  );
}
