import { LICENCES } from '@malle/schema/taxonomies';
import { data, Link, useLoaderData } from 'react-router';
import type { Route } from './+types/sheet-diff';
import { callApi } from '../lib/api.server.ts';

interface TextPart {
  value: string;
  added?: boolean;
  removed?: boolean;
}
interface VersionDiff {
  from: number;
  to: number;
  title: TextPart[] | null;
  summary: TextPart[] | null;
  licence: { from: string; to: string } | null;
  blocks: Array<{ kind: 'same' | 'added' | 'removed'; text: string } | { kind: 'changed'; parts: TextPart[] }>;
  quiz: { added: string[]; removed: string[]; changed: Array<{ prompt: string; changes: string[] }> };
  attachments: { added: string[]; removed: string[] };
  indexing: Array<{ facet: string; label: string; added: string[]; removed: string[] }>;
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const from = url.searchParams.get('de') ?? '';
  const to = url.searchParams.get('a') ?? '';
  const key = url.searchParams.get('cle');
  const query = new URLSearchParams({ from, to, ...(key ? { cle: key } : {}) });
  const res = await callApi<VersionDiff>(
    request,
    context,
    `/api/v1/sheets/${encodeURIComponent(params.slug)}/diff?${query.toString()}`,
  );
  if (!res.ok) throw data(null, { status: res.status === 400 ? 404 : res.status });
  return { diff: res.data, slug: params.slug, key };
}

export const meta = ({ data }: Route.MetaArgs) => [
  { title: data ? `Versions ${data.diff.from} et ${data.diff.to} – Malle` : 'Comparaison – Malle' },
];

/** Insertions and deletions are marked with <ins>/<del> and a text prefix, not colour alone (RGAA 3.1). */
function Parts({ parts }: { parts: TextPart[] }) {
  return (
    <>
      {parts.map((p, i) =>
        p.added ? (
          <ins key={i}>
            <span className="visually-hidden">[ajouté : </span>
            {p.value}
            <span className="visually-hidden">]</span>
          </ins>
        ) : p.removed ? (
          <del key={i}>
            <span className="visually-hidden">[supprimé : </span>
            {p.value}
            <span className="visually-hidden">]</span>
          </del>
        ) : (
          <span key={i}>{p.value}</span>
        ),
      )}
    </>
  );
}

const licenceLabel = (id: string) => LICENCES.find((l) => l.id === id)?.label ?? id;

export default function SheetDiff() {
  const { diff, slug, key } = useLoaderData<typeof loader>();
  const keyParam = key ? `?cle=${encodeURIComponent(key)}` : '';
  const unchanged =
    diff.blocks.every((b) => b.kind === 'same') && !diff.title && !diff.summary && !diff.licence && diff.indexing.length === 0;
  return (
    <>
      <p>
        <Link to={`/fiches/${slug}/historique${keyParam}`}>← Historique</Link>
      </p>
      <h1>
        Comparaison des versions {diff.from} et {diff.to}
      </h1>
      <p className="muted">Les ajouts sont soulignés en vert, les suppressions barrées en rouge.</p>
      {unchanged ? <p className="alert alert--info">Ces deux versions ont le même contenu.</p> : null}
      {diff.title ? (
        <section aria-labelledby="diff-titre">
          <h2 id="diff-titre">Titre</h2>
          <p>
            <Parts parts={diff.title} />
          </p>
        </section>
      ) : null}
      {diff.summary ? (
        <section aria-labelledby="diff-resume">
          <h2 id="diff-resume">Résumé</h2>
          <p>
            <Parts parts={diff.summary} />
          </p>
        </section>
      ) : null}
      <section aria-labelledby="diff-contenu">
        <h2 id="diff-contenu">Contenu</h2>
        <div className="diff">
          {diff.blocks.map((b, i) =>
            b.kind === 'changed' ? (
              <p key={i} className="diff__block diff__block--changed">
                <Parts parts={b.parts} />
              </p>
            ) : b.kind === 'same' ? (
              <p key={i} className="diff__block">
                {b.text}
              </p>
            ) : b.kind === 'added' ? (
              <p key={i} className="diff__block">
                <ins>
                  <span className="visually-hidden">[bloc ajouté : </span>
                  {b.text}
                  <span className="visually-hidden">]</span>
                </ins>
              </p>
            ) : (
              <p key={i} className="diff__block">
                <del>
                  <span className="visually-hidden">[bloc supprimé : </span>
                  {b.text}
                  <span className="visually-hidden">]</span>
                </del>
              </p>
            ),
          )}
        </div>
      </section>
      {diff.quiz.added.length || diff.quiz.removed.length || diff.quiz.changed.length ? (
        <section aria-labelledby="diff-quiz">
          <h2 id="diff-quiz">Quiz</h2>
          <ul>
            {diff.quiz.added.map((q) => (
              <li key={`a-${q}`}>Question ajoutée : « {q} »</li>
            ))}
            {diff.quiz.removed.map((q) => (
              <li key={`r-${q}`}>Question retirée : « {q} »</li>
            ))}
            {diff.quiz.changed.map((q) => (
              <li key={`c-${q.prompt}`}>
                « {q.prompt} » : {q.changes.join(' ; ')}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {diff.attachments.added.length || diff.attachments.removed.length ? (
        <section aria-labelledby="diff-pj">
          <h2 id="diff-pj">Pièces jointes</h2>
          <ul>
            {diff.attachments.added.map((f) => (
              <li key={`a-${f}`}>Ajoutée : {f}</li>
            ))}
            {diff.attachments.removed.map((f) => (
              <li key={`r-${f}`}>Retirée : {f}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {diff.indexing.length ? (
        <section aria-labelledby="diff-indexation">
          <h2 id="diff-indexation">Indexation</h2>
          <ul>
            {diff.indexing.map((d) => (
              <li key={d.facet}>
                {d.label} : {d.added.length ? `ajout de ${d.added.join(', ')}` : ''}
                {d.added.length && d.removed.length ? ' ; ' : ''}
                {d.removed.length ? `retrait de ${d.removed.join(', ')}` : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {diff.licence ? (
        <p>
          Licence : {licenceLabel(diff.licence.from)} → {licenceLabel(diff.licence.to)}
        </p>
      ) : null}
    </>
  );
}
