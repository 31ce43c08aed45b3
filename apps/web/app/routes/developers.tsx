import { Link, useLoaderData } from 'react-router';
import type { Route } from './+types/developers';

export const meta = () => [
  { title: 'API publique pour les sites partenaires – Malle' },
  {
    name: 'description',
    content: 'Afficher les fiches et collections publiques de Malle sur votre site : API en lecture seule, limites, clés.',
  },
];

/** The examples name this site's own address. */
export function loader({ context }: Route.LoaderArgs) {
  return { origin: context.publicUrl };
}

export default function Developers() {
  const { origin } = useLoaderData<typeof loader>();
  const EXAMPLE = `fetch('${origin}/api/v1/public/collections/ID')
  .then((réponse) => réponse.json())
  .then((collection) => console.log(collection.items));`;
  return (
    <div className="narrow">
      <h1>API publique pour les sites partenaires</h1>
      <p>
        Vous gérez le site d’une France Services, d’un tiers-lieu, d’une collectivité ou d’une association ? L’API publique de
        Malle permet d’afficher sur votre site les fiches, collections et bases publiques, toujours à jour.
      </p>

      <h2>Sans programmer : intégrer une collection ou une fiche</h2>
      <p>
        Sur la page d’une collection ou d’une fiche publique, le bouton <strong>« Intégrer sur votre site »</strong> donne une
        ligne de code à coller dans votre page, avec un aperçu : l’affichage reste à jour tout seul, sans cookie ni traceur, et
        s’adapte à la hauteur de son contenu. WordPress et les autres outils compatibles oEmbed l’intègrent même tout seuls :
        collez simplement l’adresse de la collection (<code>/api/v1/oembed</code>).
      </p>

      <h2>Ce que l’API donne</h2>
      <ul>
        <li>
          Les <strong>fiches publiques</strong> : titre, résumé, indexation (thématiques, publics…), contenu en HTML, pièces
          jointes et évaluations, à leur dernière version ou à une version précise.
        </li>
        <li>
          Les <strong>collections publiques</strong>, et les collections partagées par lien secret si vous avez leur lien.
        </li>
        <li>
          Les <strong>bases publiques</strong> et la <strong>recherche</strong> dans tout le contenu public, avec les mêmes
          filtres que sur le site.
        </li>
      </ul>
      <p>
        L’API est en lecture seule. Elle ne montre <strong>que le contenu public</strong>, à tout le monde de la même façon :
        jamais une fiche privée, même si vous êtes connecté·e.
      </p>

      <h2>Comment l’utiliser</h2>
      <p>
        Toutes les adresses commencent par <code>/api/v1/public/</code>. Les réponses sont en JSON. Elles peuvent être appelées
        depuis le navigateur de vos visiteurs (CORS ouvert), sans cookie.
      </p>
      <pre>
        <code>{EXAMPLE}</code>
      </pre>
      <p>
        Les listes sont découpées en pages : paramètres <code>page</code> et <code>pageSize</code> (100 au plus), avec le nombre
        total de résultats.
      </p>
      <p>
        <a href="/api/v1/docs/#/API%20publique">Documentation complète de l’API (OpenAPI), avec des exemples</a>
      </p>

      <h2>Limites</h2>
      <ul>
        <li>
          <strong>Sans clé</strong> : 60 requêtes par minute et par adresse IP.
        </li>
        <li>
          <strong>Avec une clé</strong> : 1 200 requêtes par minute et par clé.
        </li>
        <li>
          Au-delà, l’API répond avec le code 429 et l’en-tête <code>Retry-After</code> (le nombre de secondes à attendre). Les
          en-têtes <code>RateLimit-Limit</code>, <code>RateLimit-Remaining</code> et <code>RateLimit-Reset</code> indiquent où
          vous en êtes.
        </li>
        <li>Les réponses peuvent être gardées en cache une minute. Une modification sur Malle apparaît donc dans la minute.</li>
      </ul>

      <h2>Obtenir une clé</h2>
      <ol>
        <li>
          <Link to="/inscription">Créez un compte</Link> ou <Link to="/connexion">connectez-vous</Link>.
        </li>
        <li>
          Dans <Link to="/mon-profil/cles-api">Mon profil, Mes clés d’API</Link>, créez une clé et copiez-la : elle n’est affichée
          qu’une fois.
        </li>
        <li>
          Envoyez-la avec chaque requête, dans l’en-tête <code>Authorization: Bearer votre-clé</code> (ou <code>X-Api-Key</code>).
        </li>
      </ol>
      <p>
        Gardez la clé sur votre serveur si vous le pouvez. Si elle est perdue ou exposée, révoquez-la dans votre profil : elle
        cesse de fonctionner et l’API répond 401 (<code>invalid_api_key</code>).
      </p>
    </div>
  );
}
