import type { Sheet } from '@malle/schema/sheets';
import { data, Form, Link, useLoaderData } from 'react-router';
import type { Route } from './+types/sheet-history';
import { callApi } from '../lib/api.server.ts';
import { frenchDateTime } from '../lib/format.ts';

interface VersionSummary {
  number: number;
  title: string;
  changeNote: string;
  authorName: string;
  createdAt: string;
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const key = new URL(request.url).searchParams.get('cle');
  const suffix = key ? `?cle=${encodeURIComponent(key)}` : '';
  const slug = encodeURIComponent(params.slug);
  const [sheet, versions] = await Promise.all([
    callApi<Sheet>(request, context, `/api/v1/sheets/${slug}${suffix}`),
    callApi<VersionSummary[]>(request, context, `/api/v1/sheets/${slug}/versions${suffix}`),
  ]);
  if (!sheet.ok || !versions.ok) throw data(null, { status: 404 });
  return { sheet: sheet.data, versions: versions.data, key };
}

export const meta = ({ data }: Route.MetaArgs) => [
  { title: data?.sheet.version ? `Historique de ${data.sheet.version.title} – Malle` : 'Historique – Malle' },
];

export default function SheetHistory() {
  const { sheet, versions, key } = useLoaderData<typeof loader>();
  const keyParam = key ? `cle=${encodeURIComponent(key)}` : '';
  return (
    <>
      <p>
        <Link to={`/fiches/${sheet.slug}${keyParam ? `?${keyParam}` : ''}`}>← {sheet.version?.title ?? 'La fiche'}</Link>
      </p>
      <h1>Historique des versions</h1>
      {versions.length === 0 ? (
        <p>Cette fiche n’a pas encore de version publiée.</p>
      ) : (
        <>
          <ol className="history" reversed>
            {versions.map((v) => (
              <li key={v.number}>
                <h2 className="history__title">
                  <Link to={`/fiches/${sheet.slug}/v/${v.number}${keyParam ? `?${keyParam}` : ''}`}>Version {v.number}</Link>
                </h2>
                <p className="muted">
                  {frenchDateTime(v.createdAt)} · {v.authorName}
                </p>
                <p>{v.changeNote || <span className="muted">Sans note de version</span>}</p>
              </li>
            ))}
          </ol>
          {versions.length > 1 ? (
            <section aria-labelledby="titre-comparer" className="panel narrow">
              <h2 id="titre-comparer">Comparer deux versions</h2>
              <Form method="get" action={`/fiches/${sheet.slug}/comparer`} className="compare-form">
                {key ? <input type="hidden" name="cle" value={key} /> : null}
                <div className="field">
                  <label htmlFor="champ-de">Version de départ</label>
                  <select id="champ-de" name="de" defaultValue={versions[1]?.number}>
                    {versions.map((v) => (
                      <option key={v.number} value={v.number}>
                        Version {v.number}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="champ-a">Version d’arrivée</label>
                  <select id="champ-a" name="a" defaultValue={versions[0]?.number}>
                    {versions.map((v) => (
                      <option key={v.number} value={v.number}>
                        Version {v.number}
                      </option>
                    ))}
                  </select>
                </div>
                <button type="submit" className="button">
                  Comparer
                </button>
              </Form>
            </section>
          ) : null}
        </>
      )}
    </>
  );
}
