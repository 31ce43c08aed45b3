import { Form, Link, redirect, useActionData, useLoaderData, useNavigation } from 'react-router';
import type { Route } from './+types/reset-password';
import { CsrfInput, FormAlert, NewPasswordField } from '../components/form.tsx';
import { callApi, cookieHeaders, fieldErrors, text } from '../lib/api.server.ts';

export const meta = () => [{ title: 'Choisir un nouveau mot de passe – Malle' }];

export function loader({ request }: Route.LoaderArgs) {
  return { token: new URL(request.url).searchParams.get('token') ?? '' };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await request.formData();
  const res = await callApi(request, context, '/api/v1/auth/password-reset/confirm', {
    method: 'POST',
    csrf: text(form, 'csrf'),
    json: { token: text(form, 'token'), password: text(form, 'password') },
  });
  if (res.ok) throw redirect('/mon-profil?mot-de-passe=modifie', { headers: cookieHeaders(res.setCookies) });
  const fields = fieldErrors(res.error);
  // A bad token is not a field the person can fix: show it as the main message only.
  delete fields.token;
  return {
    message: res.error.message,
    fields,
    linkDead:
      res.error.code === 'reset_token_invalid' ||
      res.error.code === 'reset_token_expired' ||
      (res.error.code === 'validation_failed' && !fields.password),
  };
}

export default function ResetPassword() {
  const { token } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  return (
    <div className="narrow">
      <h1>Choisir un nouveau mot de passe</h1>
      <FormAlert message={result?.message} fields={result?.fields} />
      {result?.linkDead || !token ? (
        <p>
          {token ? null : 'Ce lien est incomplet. '}
          <Link to="/mot-de-passe/oublie">Demander un nouveau lien</Link>
        </p>
      ) : (
        <Form method="post" noValidate>
          <CsrfInput />
          <input type="hidden" name="token" value={token} />
          <NewPasswordField label="Nouveau mot de passe" error={result?.fields.password} />
          <button type="submit" className="button" disabled={busy}>
            Enregistrer le mot de passe
          </button>
        </Form>
      )}
    </div>
  );
}
