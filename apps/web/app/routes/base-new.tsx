import type { Base } from '@malle/schema/bases';
import { Form, redirect, useActionData, useNavigation } from 'react-router';
import type { Route } from './+types/base-new';
import { BaseFields } from '../components/base-form.tsx';
import { CsrfInput, FormAlert } from '../components/form.tsx';
import { callApi, fieldErrors, text } from '../lib/api.server.ts';
import { readBaseForm } from '../lib/base-form.server.ts';
import { requireMe } from '../lib/session.server.ts';

export const meta = () => [{ title: 'Créer une base – Malle' }];

export async function loader({ request, context }: Route.LoaderArgs) {
  await requireMe(request, context);
  return null;
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await request.formData();
  const slug = text(form, 'slug').trim();
  const values = { ...readBaseForm(form), ...(slug ? { slug } : {}) };
  const res = await callApi<Base>(request, context, '/api/v1/bases', { method: 'POST', csrf: text(form, 'csrf'), json: values });
  if (res.ok) throw redirect(`/bases/${res.data.slug}?creee=1`);
  return { message: res.error.message, fields: fieldErrors(res.error), values };
}

export default function NewBase() {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  return (
    <div className="narrow">
      <h1>Créer une base</h1>
      <p>Vous en serez l’administrateur ; vous pourrez ensuite inviter votre équipe.</p>
      <FormAlert message={result?.message} fields={result?.fields} />
      <Form method="post" noValidate>
        <CsrfInput />
        <BaseFields base={result?.values} fields={result?.fields ?? {}} showSlug />
        <button type="submit" className="button" disabled={busy}>
          Créer la base
        </button>
      </Form>
    </div>
  );
}
