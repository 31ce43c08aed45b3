import type { ReactNode } from 'react';
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from 'react-router';
import type { Route } from './+types/root';
import { CsrfInput } from './components/form.tsx';
import { SearchBox } from './components/search-box.tsx';
import { getMe } from './lib/session.server.ts';
import stylesheet from './app.css?url';

export const links: Route.LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export async function loader({ request, context }: Route.LoaderArgs) {
  return { me: await getMe(request, context), nonce: context.cspNonce };
}

/** This response's CSP nonce, for the rare inline script (JSON-LD). */
export function useNonce(): string | undefined {
  return useRouteLoaderData<typeof loader>('root')?.nonce;
}

/** The signed-in person (or null) from any route. */
export function useMe() {
  return useRouteLoaderData<typeof loader>('root')?.me ?? null;
}

function Header() {
  const me = useMe();
  return (
    <header className="site-header">
      <div className="container site-header__inner">
        <Link to="/" className="brand">
          Malle<span className="brand__tagline">la malle pédagogique partagée</span>
        </Link>
        <SearchBox />
        <nav aria-label="Principale" className="primary-nav">
          <ul>
            <li>
              <NavLink to="/thematiques">Thématiques</NavLink>
            </li>
            <li>
              <NavLink to="/bases" end>
                Bases
              </NavLink>
            </li>
          </ul>
        </nav>
        <nav aria-label="Mon compte" className="account-nav">
          {me ? (
            <ul>
              <li>
                <NavLink to="/mes-fiches">Mes fiches</NavLink>
              </li>
              <li>
                <NavLink to="/mes-collections">Mes collections</NavLink>
              </li>
              <li>
                <NavLink to="/mes-bases">Mes bases</NavLink>
              </li>
              <li>
                <NavLink to="/mon-profil">Mon profil</NavLink>
              </li>
              <li>
                <Form method="post" action="/deconnexion">
                  <CsrfInput />
                  <button type="submit" className="link-button">
                    Se déconnecter
                  </button>
                </Form>
              </li>
            </ul>
          ) : (
            <ul>
              <li>
                <NavLink to="/connexion">Se connecter</NavLink>
              </li>
              <li>
                <NavLink to="/inscription" className="button button--small">
                  Créer un compte
                </NavLink>
              </li>
            </ul>
          )}
        </nav>
      </div>
    </header>
  );
}

function Footer() {
  return (
    <footer className="site-footer">
      <div className="container">
        <p>Malle, un commun numérique pour les médiatrices et médiateurs numériques.</p>
        <nav aria-label="Informations sur le site">
          <ul>
            <li>
              <Link to="/accessibilite">Accessibilité : partiellement conforme</Link>
            </li>
            <li>
              <Link to="/mentions-legales">Mentions légales</Link>
            </li>
            <li>
              <Link to="/confidentialite">Données personnelles et confidentialité</Link>
            </li>
            <li>
              <Link to="/developpeurs">API pour les sites partenaires</Link>
            </li>
          </ul>
        </nav>
      </div>
    </footer>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root');
  const nonce = data?.nonce;
  return (
    <html lang="fr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#contenu" className="skip-link">
          Aller au contenu
        </a>
        <Header />
        <main id="contenu" className="container" tabIndex={-1}>
          {children}
        </main>
        <Footer />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  if (!notFound) console.error(error);
  return (
    <>
      <title>{notFound ? 'Page introuvable – Malle' : 'Erreur – Malle'}</title>
      <h1>{notFound ? 'Page introuvable' : 'Une erreur est survenue'}</h1>
      <p>
        {notFound
          ? "La page que vous cherchez n'existe pas ou a été déplacée."
          : "Nous n'avons pas pu afficher cette page. Réessayez dans un instant."}
      </p>
      <p>
        <Link to="/">Retour à l'accueil</Link>
      </p>
    </>
  );
}
