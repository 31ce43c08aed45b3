import type { BaseRole, BaseSummary } from '@malle/schema/bases';
import { COLLECTION_VISIBILITY_LABELS, type Collection, type CollectionSummary } from '@malle/schema/collections';
import { VISIBILITIES } from '@malle/schema/sheets';
import { Form, redirect, useActionData, useLoaderData, useSearchParams } from 'react-router';
import type { Route } from './+types/my-collections';
import { CollectionList } from '../components/collection-list.tsx';
import { CsrfInput, Field, FormAlert } from '../components/form.tsx';
import { callApi, fieldErrors, text } from '../lib/api.server.ts';
import { requireMe } from '../lib/session.server.ts';

export const meta = () => [{ title: 'Mes collections – Malle' }];

export async function loader({ request, context }: Route.LoaderArgs) {
  await requireMe(request, context);
  const [collections, bases] = await Promise.all([
    callApi<CollectionSummary[]>(request, context, '/api/v1/me/collections'),
    callApi<Array<BaseSummary & { role: BaseRole }>>(request, context, '/api/v1/me/bases'),
  ]);
  if (!collections.ok) throw new Response(collections.error.message, { status: collections.status });
  return { collections: collections.data, bases: bases.ok ? bases.data : [] };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await request.formData();
  const owner = text(form, 'owner');
  const res = await callApi<Collection>(request, context, '/api/v1/collections', {
    method: 'POST',
    csrf: text(form, 'csrf'),
    json: {
      title: text(form, 'title'),
      description: text(form, 'description'),
      visibility: text(form, 'visibility') || 'private',
      baseSlug: owner === '' ? null : owner,
    },
  });
  if (!res.ok) return { message: res.error.message, fields: fieldErrors(res.error) };
  throw redirect(`/collections/${res.data.id}`);
}

export default function MyCollections() {
  const { collections, bases } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const personal = collections.filter((c) => c.owner.kind === 'person');
  const ofBases = collections.filter((c) => c.owner.kind === 'base');
  return (
    <>
      {params.get('supprimee') === '1' ? (
        <p className="alert alert--success" role="status">
          La collection est supprimée.
        </p>
      ) : null}
      <h1>Mes collections</h1>
      <section aria-labelledby="titre-personnelles">
        <h2 id="titre-personnelles">Mes collections personnelles ({personal.length})</h2>
        <CollectionList collections={personal} />
      </section>
      <section aria-labelledby="titre-de-mes-bases">
        <h2 id="titre-de-mes-bases">Collections de mes bases ({ofBases.length})</h2>
        {ofBases.length ? <CollectionList collections={ofBases} /> : <p>Aucune collection dans vos bases pour l’instant.</p>}
      </section>
      <section aria-labelledby="titre-nouvelle" className="panel">
        <h2 id="titre-nouvelle">Créer une collection</h2>
        <FormAlert message={result?.message} fields={result?.fields} />
        <Form method="post">
          <CsrfInput />
          <Field name="title" label="Titre" required maxLength={200} error={result?.fields?.title} />
          <div className="field">
            <label htmlFor="champ-description">Description (facultatif)</label>
            <textarea id="champ-description" name="description" rows={3} maxLength={2000} />
          </div>
          <div className="field">
            <label htmlFor="champ-owner">Propriétaire</label>
            <select id="champ-owner" name="owner" defaultValue="">
              <option value="">Moi (collection personnelle)</option>
              {bases.map((b) => (
                <option key={b.slug} value={b.slug}>
                  La base {b.name}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="field">
            <legend>Visibilité</legend>
            {VISIBILITIES.map((v) => (
              <div className="radio" key={v}>
                <input type="radio" id={`nouvelle-${v}`} name="visibility" value={v} defaultChecked={v === 'private'} />
                <label htmlFor={`nouvelle-${v}`}>{COLLECTION_VISIBILITY_LABELS[v]}</label>
              </div>
            ))}
            {result?.fields?.visibility ? <p className="field__error">{result.fields.visibility}</p> : null}
          </fieldset>
          <button type="submit" className="button">
            Créer la collection
          </button>
        </Form>
      </section>
    </>
  );
}
