import type { Collection } from '@malle/schema/collections';
import { data, Link, useLoaderData } from 'react-router';
import type { Route } from './+types/collection-print';
import { PrintButton } from '../components/print-button.tsx';
import { callApi } from '../lib/api.server.ts';
import { frenchDate } from '../lib/format.ts';

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const key = new URL(request.url).searchParams.get('cle');
  const res = await callApi<Collection>(
    request,
    context,
    `/api/v1/collections/${encodeURIComponent(params.id)}?contenu=1${key ? `&cle=${encodeURIComponent(key)}` : ''}`,
  );
  if (!res.ok) throw data(null, { status: res.status === 400 ? 404 : res.status });
  return { collection: res.data, key };
}

export const meta = ({ data }: Route.MetaArgs) => [
  { title: data ? `${data.collection.title} (version imprimable) – Malle` : 'Collection – Malle' },
  { name: 'robots', content: 'noindex' },
];

/** Every sheet of the collection one after the other, as shown to this viewer, for printing. */
export default function CollectionPrint() {
  const { collection: c, key } = useLoaderData<typeof loader>();
  const keyQuery = key ? `?cle=${encodeURIComponent(key)}` : '';
  return (
    <article className="collection-print">
      <nav aria-label="Actions" className="actions no-print">
        <Link to={`/collections/${c.id}${keyQuery}`}>Retour à la collection</Link>
        <PrintButton />
      </nav>
      <h1>{c.title}</h1>
      {c.description ? <p className="lead pre-line">{c.description}</p> : null}
      <p className="muted">
        {c.owner.name} · {c.itemCount} fiche{c.itemCount > 1 ? 's' : ''} · imprimée depuis Malle le{' '}
        {frenchDate(new Date().toISOString())}
      </p>
      <nav aria-labelledby="titre-sommaire-collection">
        <h2 id="titre-sommaire-collection">Sommaire</h2>
        <ol>
          {c.items.map((item) => (
            <li key={item.sheetId}>
              <a href={`#fiche-${item.sheetId}`}>{item.title}</a>
              {item.note ? ` — ${item.note}` : ''}
            </li>
          ))}
        </ol>
      </nav>
      {c.items.map((item, index) => (
        <section
          key={item.sheetId}
          id={`fiche-${item.sheetId}`}
          aria-labelledby={`titre-fiche-${item.sheetId}`}
          className="print-sheet"
        >
          <h2 id={`titre-fiche-${item.sheetId}`}>
            {index + 1}. {item.title}
          </h2>
          <p className="muted">
            {item.owner.name} · version {item.version}
            {item.note ? ` · Note : ${item.note}` : ''}
          </p>
          {item.summary ? <p className="lead">{item.summary}</p> : null}
          {/* Rendered and sanitised by the API when the version was published (never client HTML). */}
          <div className="prose print-sheet__body" dangerouslySetInnerHTML={{ __html: item.html ?? '' }} />
        </section>
      ))}
    </article>
  );
}
