import type { Base } from '@malle/schema/bases';
import { data, Form, redirect, useActionData, useLoaderData, useNavigation } from 'react-router';
import type { Route } from './+types/base-settings';
import { BaseFields } from '../components/base-form.tsx';
import { CsrfInput, FormAlert } from '../components/form.tsx';
import { callApi, fieldErrors, text } from '../lib/api.server.ts';
import { readBaseForm } from '../lib/base-form.server.ts';
import { requireMe } from '../lib/session.server.ts';

export async function loader({ request, context, params }: Route.LoaderArgs) {
  await requireMe(request, context);
  const res = await callApi<Base>(request, context, `/api/v1/bases/${encodeURIComponent(params.slug)}`);
  if (!res.ok) throw data(null, { status: res.status });
  if (res.data.viewer.role !== 'admin') throw data(null, { status: 403 });
  return { base: res.data };
}

export const meta = ({ data }: Route.MetaArgs) => [
  { title: data ? `Paramètres de ${data.base.name} – Malle` : 'Paramètres – Malle' },
];

export async function action({ request, context, params }: Route.ActionArgs) {
  const form = await request.formData();
  const csrf = text(form, 'csrf');
  const url = `/api/v1/bases/${encodeURIComponent(params.slug)}`;
  if (text(form, 'intent') === 'delete') {
    if (text(form, 'confirm') !== params.slug)
      return {
        message: 'Recopiez l’adresse de la base pour confirmer la suppression.',
        fields: { confirm: 'Recopiez exactement l’adresse de la base.' },
      };
    const res = await callApi(request, context, url, { method: 'DELETE', csrf });
    if (!res.ok) return { message: res.error.message, fields: {} };
    throw redirect('/mes-bases?supprimee=1');
  }
  const res = await callApi<Base>(request, context, url, { method: 'PUT', csrf, json: readBaseForm(form) });
  if (!res.ok) return { message: res.error.message, fields: fieldErrors(res.error) };
  return { saved: true as const };
}

export default function BaseSettings() {
  const { base } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const fields: Record<string, string> = (result && 'fields' in result ? result.fields : undefined) ?? {};
  return (
    <div className="narrow">
      <h1>Paramètres de la base</h1>
      {result && 'saved' in result ? (
        <p className="alert alert--success" role="status">
          Paramètres enregistrés.
        </p>
      ) : null}
      <FormAlert message={result && 'message' in result ? result.message : undefined} fields={fields} />
      <Form method="post" noValidate>
        <CsrfInput />
        <BaseFields base={base} fields={fields} showSlug={false} />
        <button type="submit" className="button" disabled={busy}>
          Enregistrer
        </button>
      </Form>
      <section aria-labelledby="titre-suppression" className="panel panel--danger">
        <h2 id="titre-suppression">Supprimer la base</h2>
        <p>La base disparaît pour tout le monde. Son adresse reste réservée.</p>
        <Form method="post" noValidate>
          <CsrfInput />
          <input type="hidden" name="intent" value="delete" />
          <div className={`field${fields.confirm ? ' field--error' : ''}`}>
            <label htmlFor="champ-confirm">Pour confirmer, recopiez l’adresse de la base : {base.slug}</label>
            <input id="champ-confirm" name="confirm" autoComplete="off" aria-invalid={fields.confirm ? true : undefined} />
          </div>
          <button type="submit" className="button button--danger">
            Supprimer la base
          </button>
        </Form>
      </section>
    </div>
  );
}
