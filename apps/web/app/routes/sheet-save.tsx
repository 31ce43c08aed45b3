import type { Collection, CollectionSummary } from '@malle/schema/collections';
import type { Sheet } from '@malle/schema/sheets';
import { data, Link, useActionData, useLoaderData } from 'react-router';
import type { Route } from './+types/sheet-save';
import { SaveForm, type SaveData } from '../components/save-dialog.tsx';
import { callApi, fieldErrors, text } from '../lib/api.server.ts';
import { requireMe } from '../lib/session.server.ts';

async function myCollections(request: Request, context: Route.LoaderArgs['context'], slug: string, key: string | null) {
  const res = await callApi<CollectionSummary[]>(
    request,
    context,
    `/api/v1/me/collections?sheet=${encodeURIComponent(slug)}${key ? `&cle=${encodeURIComponent(key)}` : ''}`,
  );
  if (!res.ok) throw data(null, { status: res.status === 400 ? 404 : res.status });
  return res.data;
}

/** Also loaded by the "Enregistrer" dialog of sheet cards (useFetcher). */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  await requireMe(request, context);
  const key = new URL(request.url).searchParams.get('cle');
  const query = key ? `?cle=${encodeURIComponent(key)}` : '';
  const [collections, sheet] = await Promise.all([
    myCollections(request, context, params.slug, key),
    callApi<Sheet>(request, context, `/api/v1/sheets/${encodeURIComponent(params.slug)}${query}`),
  ]);
  if (!sheet.ok) throw data(null, { status: sheet.status === 400 ? 404 : sheet.status });
  return { collections, title: sheet.data.version?.title ?? '', slug: params.slug, key };
}

export const meta = ({ data }: Route.MetaArgs) => [{ title: `Enregistrer « ${data?.title ?? 'une fiche'} » – Malle` }];

export async function action({ request, context, params }: Route.ActionArgs): Promise<SaveData> {
  const form = await request.formData();
  const csrf = text(form, 'csrf');
  const key = text(form, 'cle') || null;
  const ids = form.getAll('collection').filter((v): v is string => typeof v === 'string');
  const newTitle = text(form, 'newTitle').trim();
  if (newTitle) {
    const created = await callApi<Collection>(request, context, '/api/v1/collections', {
      method: 'POST',
      csrf,
      json: { title: newTitle, visibility: 'private', baseSlug: null },
    });
    if (!created.ok) return { result: { message: created.error.message, fields: fieldErrors(created.error) } };
    ids.push(created.data.id);
  }
  const res = await callApi(request, context, `/api/v1/sheets/${encodeURIComponent(params.slug)}/saved-in`, {
    method: 'PUT',
    csrf,
    json: { collectionIds: ids, ...(key ? { key } : {}) },
  });
  if (!res.ok) return { result: { message: res.error.message } };
  return { collections: await myCollections(request, context, params.slug, key), result: { saved: ids.length } };
}

/** The page behind "Enregistrer" when JavaScript is off (and the data source of the dialog). */
export default function SaveSheet() {
  const loaded = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>();
  const collections = done?.collections ?? loaded.collections;
  const keyQuery = loaded.key ? `?cle=${encodeURIComponent(loaded.key)}` : '';
  return (
    <div className="narrow">
      <h1>Enregistrer « {loaded.title} »</h1>
      <SaveForm
        key={done ? JSON.stringify(done.result) : 'form'}
        slug={loaded.slug}
        secretKey={loaded.key}
        collections={collections}
        result={done?.result}
      />
      <p>
        <Link to={`/fiches/${loaded.slug}${keyQuery}`}>Retour à la fiche</Link> ·{' '}
        <Link to="/mes-collections">Mes collections</Link>
      </p>
    </div>
  );
}
