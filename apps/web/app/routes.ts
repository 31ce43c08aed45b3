import { index, route, type RouteConfig } from '@react-router/dev/routes';

// French URLs, English file names.
export default [
  index('routes/home.tsx'),
  route('inscription', 'routes/sign-up.tsx'),
  route('connexion', 'routes/log-in.tsx'),
  route('deconnexion', 'routes/log-out.tsx'),
  route('mot-de-passe/oublie', 'routes/forgot-password.tsx'),
  route('mot-de-passe/nouveau', 'routes/reset-password.tsx'),
  route('mon-profil', 'routes/my-profile.tsx'),
  route('profils/:id', 'routes/profile.tsx'),
  route('recherche', 'routes/search.tsx'),
  route('bases', 'routes/bases.tsx'),
  route('bases/nouvelle', 'routes/base-new.tsx'),
  route('bases/:slug', 'routes/base.tsx'),
  route('bases/:slug/parametres', 'routes/base-settings.tsx'),
  route('bases/:slug/membres', 'routes/base-members.tsx'),
  route('mes-bases', 'routes/my-bases.tsx'),
  route('mes-invitations', 'routes/my-invitations.tsx'),
  route('accessibilite', 'routes/accessibility.tsx'),
  route('mentions-legales', 'routes/legal-notice.tsx'),
  route('confidentialite', 'routes/privacy.tsx'),
  route('*', 'routes/not-found.tsx'),
] satisfies RouteConfig;
