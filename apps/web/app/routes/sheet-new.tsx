import type { BaseRole, BaseSummary } from '@malle/schema/bases';
import { Form, redirect, useActionData, useLoaderData, useSearchParams } from 'react-router';
import type { Route } from './+types/sheet-new';
import { CsrfInput, Field, FormAlert } from '../components/form.tsx';
import { callApi, fieldErrors, text } from '../lib/api.server.ts';
import { requireMe } from '../lib/session.server.ts';

export const meta = () => [{ title: 'Créer une fiche – Malle' }];

export async function loader({ request, context }: Route.LoaderArgs) {
  await requireMe(request, context);
  const res = await callApi<Array<BaseSummary & { role: BaseRole }>>(request, context, '/api/v1/me/bases');
  return { bases: res.ok ? res.data : [] };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await request.formData();
  const base = text(form, 'base');
  const res = await callApi<{ slug: string }>(request, context, '/api/v1/sheets', {
    method: 'POST',
    csrf: text(form, 'csrf'),
    json: { title: text(form, 'title'), baseSlug: base === '' ? null : base },
  });
  if (res.ok) throw redirect(`/fiches/${res.data.slug}/modifier`);
  return { message: res.error.message, fields: fieldErrors(res.error) };
}

export default function NewSheet() {
  const { bases } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="narrow">
      <h1>Créer une fiche</h1>
      <FormAlert message={result?.message} fields={result?.fields} />
      <Form method="post" noValidate>
        <CsrfInput />
        <Field
          name="title"
          label="Titre de la fiche"
          required
          error={result?.fields.title}
          hint="Par exemple : Reconnaître un mail d’hameçonnage."
        />
        <div className="field">
          <label htmlFor="champ-base">Où la ranger ?</label>
          <select id="champ-base" name="base" defaultValue={params.get('base') ?? ''}>
            <option value="">Mon espace personnel</option>
            {bases.map((b) => (
              <option key={b.slug} value={b.slug}>
                {b.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          Créer et commencer à écrire
        </button>
      </Form>
    </div>
  );
}
