import { Form, Link, redirect, useActionData, useNavigation, useSearchParams } from 'react-router';
import type { Route } from './+types/log-in';
import { CsrfInput, Field, FormAlert } from '../components/form.tsx';
import { callApi, cookieHeaders, fieldErrors, safeRedirect, text } from '../lib/api.server.ts';
import { getMe } from '../lib/session.server.ts';

export const meta = () => [{ title: 'Se connecter – Malle' }];

export async function loader({ request, context }: Route.LoaderArgs) {
  if (await getMe(request, context)) throw redirect(safeRedirect(new URL(request.url).searchParams.get('redirectTo')));
  return null;
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await request.formData();
  const email = text(form, 'email');
  const res = await callApi(request, context, '/api/v1/auth/login', {
    method: 'POST',
    csrf: text(form, 'csrf'),
    json: { email, password: text(form, 'password') },
  });
  if (res.ok) throw redirect(safeRedirect(text(form, 'redirectTo')), { headers: cookieHeaders(res.setCookies) });
  return { message: res.error.message, fields: fieldErrors(res.error), email };
}

export default function LogIn() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === 'submitting';
  const reset = params.get('reinitialise') === '1';
  return (
    <div className="narrow">
      <h1>Se connecter</h1>
      {reset ? (
        <p className="alert alert--success" role="status">
          Votre mot de passe a été modifié.
        </p>
      ) : null}
      <FormAlert message={result?.message} fields={result?.fields} />
      <Form method="post" noValidate>
        <CsrfInput />
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? '/'} />
        <Field
          name="email"
          label="Adresse e-mail"
          type="email"
          autoComplete="email"
          required
          defaultValue={result?.email}
          error={result?.fields.email}
        />
        <Field
          name="password"
          label="Mot de passe"
          type="password"
          autoComplete="current-password"
          required
          error={result?.fields.password}
        />
        <p>
          <Link to="/mot-de-passe/oublie">Mot de passe oublié ?</Link>
        </p>
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Connexion…' : 'Se connecter'}
        </button>
      </Form>
      <p>
        Pas encore de compte ? <Link to="/inscription">Créer un compte</Link>
      </p>
    </div>
  );
}
