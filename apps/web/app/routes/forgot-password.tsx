import { Form, Link, useActionData, useNavigation } from 'react-router';
import type { Route } from './+types/forgot-password';
import { CsrfInput, Field, FormAlert } from '../components/form.tsx';
import { callApi, fieldErrors, text } from '../lib/api.server.ts';

export const meta = () => [{ title: 'Mot de passe oublié – Malle' }];

export async function action({ request, context }: Route.ActionArgs) {
  const form = await request.formData();
  const email = text(form, 'email');
  const res = await callApi<{ message: string }>(request, context, '/api/v1/auth/password-reset', {
    method: 'POST',
    csrf: text(form, 'csrf'),
    json: { email },
  });
  if (res.ok) return { sent: res.data.message };
  return { message: res.error.message, fields: fieldErrors(res.error), email };
}

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  if (result && 'sent' in result) {
    return (
      <div className="narrow">
        <h1>Vérifiez votre messagerie</h1>
        <p className="alert alert--success" role="status">
          {result.sent}
        </p>
        <p>Le lien est valable une heure. Pensez à regarder dans les courriers indésirables.</p>
        <p>
          <Link to="/connexion">Retour à la connexion</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="narrow">
      <h1>Mot de passe oublié</h1>
      <p>Indiquez l’adresse e-mail de votre compte : nous vous enverrons un lien pour choisir un nouveau mot de passe.</p>
      <FormAlert message={result?.message} fields={result?.fields} />
      <Form method="post" noValidate>
        <CsrfInput />
        <Field
          name="email"
          label="Adresse e-mail"
          type="email"
          autoComplete="email"
          required
          defaultValue={result?.email}
          error={result?.fields.email}
          hint="Format attendu : prenom.nom@exemple.fr"
        />
        <button type="submit" className="button" disabled={busy}>
          Recevoir un lien
        </button>
      </Form>
    </div>
  );
}
