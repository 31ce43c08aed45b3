import { Form, Link, redirect, useActionData, useNavigation } from 'react-router';
import type { Route } from './+types/sign-up';
import { CsrfInput, Field, FormAlert, NewPasswordField } from '../components/form.tsx';
import { callApi, cookieHeaders, fieldErrors, text } from '../lib/api.server.ts';
import { getMe } from '../lib/session.server.ts';

export const meta = () => [{ title: 'Créer un compte – Malle' }];

export async function loader({ request, context }: Route.LoaderArgs) {
  if (await getMe(request, context)) throw redirect('/mon-profil');
  return null;
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await request.formData();
  const values = { displayName: text(form, 'displayName'), email: text(form, 'email') };
  const res = await callApi(request, context, '/api/v1/auth/signup', {
    method: 'POST',
    csrf: text(form, 'csrf'),
    json: { ...values, password: text(form, 'password') },
  });
  if (res.ok) throw redirect('/mon-profil?bienvenue=1', { headers: cookieHeaders(res.setCookies) });
  return { message: res.error.message, fields: fieldErrors(res.error), values };
}

export default function SignUp() {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  return (
    <div className="narrow">
      <h1>Créer un compte</h1>
      <p>Un compte vous permet de publier des fiches, de les évaluer et de rejoindre une base.</p>
      <FormAlert message={result?.message} fields={result?.fields} />
      <Form method="post" noValidate>
        <CsrfInput />
        <p className="form-note">Tous les champs sont obligatoires.</p>
        <Field
          name="displayName"
          label="Nom affiché"
          autoComplete="name"
          required
          defaultValue={result?.values.displayName}
          error={result?.fields.displayName}
          hint="Par exemple : Camille Durand, ou le nom de votre structure."
        />
        <Field
          name="email"
          label="Adresse e-mail"
          type="email"
          autoComplete="email"
          required
          defaultValue={result?.values.email}
          error={result?.fields.email}
          hint="Format attendu : prenom.nom@exemple.fr"
        />
        <NewPasswordField label="Mot de passe" error={result?.fields.password} />
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Création en cours…' : 'Créer mon compte'}
        </button>
      </Form>
      <p>
        Vous avez déjà un compte ? <Link to="/connexion">Se connecter</Link>
      </p>
    </div>
  );
}
