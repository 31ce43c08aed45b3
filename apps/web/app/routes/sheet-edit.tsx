import type { Draft, Sheet, Visibility } from '@malle/schema/sheets';
import { VISIBILITIES, VISIBILITY_LABELS } from '@malle/schema/sheets';
import { suggestIndexing } from '@malle/schema/suggest-indexing';
import { FACETS, LICENCES, type Facet } from '@malle/schema/taxonomies';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  data,
  Form,
  Link,
  redirect,
  useActionData,
  useFetcher,
  useLoaderData,
  useNavigation,
  useSearchParams,
} from 'react-router';
import type { Route } from './+types/sheet-edit';
import { SheetBodyEditor } from '../components/sheet-body-editor.tsx';
import { CsrfInput, FormAlert } from '../components/form.tsx';
import { callApi, fieldErrors, text, type ApiError } from '../lib/api.server.ts';
import { frenchDateTime } from '../lib/format.ts';
import { requireMe } from '../lib/session.server.ts';
import { useMe } from '../root.tsx';

/** Plain text of a ProseMirror document, for indexing suggestions. */
function plainText(node: unknown): string {
  if (!node || typeof node !== 'object') return '';
  const n = node as { text?: unknown; content?: unknown; attrs?: Record<string, unknown> };
  const own = typeof n.text === 'string' ? n.text : '';
  const attrs = n.attrs
    ? Object.values(n.attrs)
        .filter((v): v is string => typeof v === 'string')
        .join(' ')
    : '';
  const children = Array.isArray(n.content) ? n.content.map(plainText).join(' ') : '';
  return [own, attrs, children].filter(Boolean).join(' ');
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  await requireMe(request, context);
  const slug = encodeURIComponent(params.slug);
  const [draft, sheet, contributors] = await Promise.all([
    callApi<Draft>(request, context, `/api/v1/sheets/${slug}/draft`),
    callApi<Sheet>(request, context, `/api/v1/sheets/${slug}`),
    callApi<Array<{ userId: string; displayName: string }>>(request, context, `/api/v1/sheets/${slug}/contributors`),
  ]);
  if (!draft.ok) throw data(null, { status: draft.status === 401 ? 404 : draft.status });
  if (!sheet.ok) throw data(null, { status: sheet.status });
  const suggestions = suggestIndexing({ title: draft.data.title, text: `${draft.data.summary} ${plainText(draft.data.body)}` });
  return { draft: draft.data, sheet: sheet.data, suggestions, contributors: contributors.ok ? contributors.data : [] };
}

export const meta = ({ data }: Route.MetaArgs) => [
  { title: data ? `Modifier : ${data.draft.title} – Malle` : 'Modifier une fiche – Malle' },
];

function readDraft(form: FormData) {
  const indexing = Object.fromEntries(
    (Object.keys(FACETS) as Facet[]).map((f) => [
      f,
      form.getAll(`indexing.${f}`).filter((v): v is string => typeof v === 'string'),
    ]),
  );
  let body: unknown = null;
  try {
    body = JSON.parse(text(form, 'body'));
  } catch {
    body = null;
  }
  return {
    revision: Number(text(form, 'revision')),
    title: text(form, 'title'),
    summary: text(form, 'summary'),
    body,
    indexing,
    licence: text(form, 'licence'),
  };
}

type ActionResult =
  | { ok: true; intent: string; revision?: number }
  | { ok: false; intent: string; error: ApiError; fields: Record<string, string> };

export async function action({ request, context, params }: Route.ActionArgs): Promise<ActionResult> {
  const form = await request.formData();
  const csrf = text(form, 'csrf');
  const slug = encodeURIComponent(params.slug);
  const intent = text(form, 'intent');
  if (intent === 'add-contributor' || intent === 'remove-contributor') {
    const res =
      intent === 'add-contributor'
        ? await callApi(request, context, `/api/v1/sheets/${slug}/contributors`, {
            method: 'POST',
            csrf,
            json: { email: text(form, 'email') },
          })
        : await callApi(request, context, `/api/v1/sheets/${slug}/contributors/${encodeURIComponent(text(form, 'userId'))}`, {
            method: 'DELETE',
            csrf,
          });
    if (!res.ok) return { ok: false, intent, error: res.error, fields: fieldErrors(res.error) };
    return { ok: true, intent };
  }
  if (intent === 'delete') {
    if (text(form, 'confirm') !== 'oui')
      return {
        ok: false,
        intent,
        error: { code: 'validation_failed', message: 'Cochez la case pour confirmer la suppression.' },
        fields: { confirm: 'Cochez la case pour confirmer la suppression.' },
      };
    const res = await callApi(request, context, `/api/v1/sheets/${slug}`, { method: 'DELETE', csrf });
    if (!res.ok) return { ok: false, intent, error: res.error, fields: fieldErrors(res.error) };
    throw redirect('/mes-fiches?supprimee=1');
  }
  const saved = await callApi<{ revision: number }>(request, context, `/api/v1/sheets/${slug}/draft`, {
    method: 'PUT',
    csrf,
    json: readDraft(form),
  });
  if (!saved.ok) return { ok: false, intent, error: saved.error, fields: fieldErrors(saved.error) };
  if (intent !== 'publish') return { ok: true, intent, revision: saved.data.revision };
  const visibility = text(form, 'visibility') as Visibility;
  const published = await callApi<{ version: number }>(request, context, `/api/v1/sheets/${slug}/publish`, {
    method: 'POST',
    csrf,
    json: { changeNote: text(form, 'changeNote'), visibility },
  });
  if (!published.ok) return { ok: false, intent, error: published.error, fields: fieldErrors(published.error) };
  throw redirect(`/fiches/${slug}?publiee=${published.data.version}`);
}

const AUTOSAVE_DELAY_MS = 1500;

export default function SheetEdit() {
  const { draft, sheet, suggestions, contributors } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const autosave = useFetcher<typeof action>();
  const formRef = useRef<HTMLFormElement>(null);
  const [revision, setRevision] = useState(draft.revision);
  const [body, setBody] = useState<unknown>(draft.body);
  const [dirty, setDirty] = useState(false);
  const [status, setStatus] = useState<string>('');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // A fresh load (after a save through the form, or a reload) resets the revision we edit from.
  useEffect(() => setRevision(draft.revision), [draft.revision]);

  const lastResult = autosave.data ?? result;
  const conflict = lastResult && !lastResult.ok && lastResult.error.code === 'draft_conflict';
  useEffect(() => {
    if (!autosave.data) return;
    if (autosave.data.ok && autosave.data.revision) {
      setRevision(autosave.data.revision);
      setDirty(false);
      setStatus(`Brouillon enregistré à ${new Date().toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' })}.`);
    } else if (!autosave.data.ok) {
      setStatus(
        autosave.data.error.code === 'draft_conflict'
          ? 'Non enregistré : conflit avec une autre modification.'
          : 'Non enregistré : corrigez les erreurs signalées.',
      );
    }
  }, [autosave.data]);

  const scheduleSave = useCallback(() => {
    setDirty(true);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const form = formRef.current;
      if (!form) return;
      const payload = new FormData(form);
      payload.set('intent', 'save');
      void autosave.submit(payload, { method: 'post' });
    }, AUTOSAVE_DELAY_MS);
  }, [autosave]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const me = useMe();
  const fields = lastResult && !lastResult.ok ? lastResult.fields : {};
  const suggested = useMemo(
    () => new Map((Object.keys(suggestions) as Facet[]).map((f) => [f, new Set(suggestions[f].map((s) => s.id))])),
    [suggestions],
  );
  const busy = navigation.state === 'submitting';

  return (
    <div className="editor-page">
      <p>
        {sheet.latestVersion > 0 ? (
          <Link to={`/fiches/${sheet.slug}`}>← Voir la fiche publiée</Link>
        ) : (
          <Link to="/mes-fiches">← Mes fiches</Link>
        )}
      </p>
      <h1>Modifier la fiche</h1>
      {params.get('restauree') ? (
        <p className="alert alert--success" role="status">
          La version {params.get('restauree')} a été copiée dans le brouillon. Publiez-la pour en faire la nouvelle version.
        </p>
      ) : null}
      {params.get('adaptee') === '1' ? (
        <p className="alert alert--success" role="status">
          Voici votre copie. Adaptez-la à votre public, puis publiez-la : l’original restera cité.
        </p>
      ) : null}
      {conflict ? (
        <div className="alert alert--error" role="alert">
          <p>{lastResult.error.message}</p>
          <p>
            <a href={`/fiches/${sheet.slug}/modifier`}>Recharger le brouillon</a> (vos dernières modifications non enregistrées
            seront perdues ; copiez-les d’abord si besoin).
          </p>
        </div>
      ) : (
        <FormAlert message={lastResult && !lastResult.ok ? lastResult.error.message : undefined} fields={fields} />
      )}
      <p className="muted" aria-live="polite">
        {status || `Dernier enregistrement : ${frenchDateTime(draft.updatedAt)}.`}
        {dirty ? ' Modifications en cours…' : ''}
      </p>

      <Form method="post" ref={formRef} onChange={scheduleSave} noValidate>
        <CsrfInput />
        <input type="hidden" name="revision" value={revision} />
        <input type="hidden" name="body" value={JSON.stringify(body)} />
        <div className={`field${fields.title ? ' field--error' : ''}`}>
          <label htmlFor="champ-title">Titre de la fiche</label>
          <input
            id="champ-title"
            name="title"
            defaultValue={draft.title}
            required
            maxLength={200}
            aria-invalid={fields.title ? true : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor="champ-summary">Résumé (facultatif)</label>
          <p className="field__hint" id="champ-summary-aide">
            Deux ou trois phrases : à qui s’adresse la fiche, ce qu’on y apprend.
          </p>
          <textarea
            id="champ-summary"
            name="summary"
            rows={3}
            maxLength={1000}
            defaultValue={draft.summary}
            aria-describedby="champ-summary-aide"
          />
        </div>
        <div className="field">
          <p id="label-contenu" className="field__label">
            Contenu
          </p>
          <SheetBodyEditor
            initialContent={draft.body}
            labelledBy="label-contenu"
            sheetSlug={draft.slug}
            csrfToken={me?.csrfToken ?? ''}
            onChange={(doc) => {
              setBody(doc);
              scheduleSave();
            }}
          />
        </div>

        <fieldset className="panel">
          <legend>Indexation</legend>
          <p className="field__hint">Les termes marqués « suggéré » ont été trouvés dans le texte de la fiche : vérifiez-les.</p>
          {(Object.keys(FACETS) as Facet[]).map((facet) => {
            const def = FACETS[facet];
            return (
              <fieldset key={facet} className={`field facet${fields[`indexing.${facet}`] ? ' field--error' : ''}`}>
                <legend>
                  {def.label}{' '}
                  <span className="muted">
                    ({def.min > 0 ? `${def.min} à ${def.max}` : `jusqu’à ${def.max}`}
                    {def.min === 0 ? ', facultatif' : ''})
                  </span>
                </legend>
                {fields[`indexing.${facet}`] ? <p className="field__error">{fields[`indexing.${facet}`]}</p> : null}
                <div className="facet__terms">
                  {def.terms.map((term) => {
                    const id = `idx-${facet}-${term.id}`;
                    const isSuggested = suggested.get(facet)?.has(term.id) ?? false;
                    return (
                      <div key={term.id} className="checkbox">
                        <input
                          type="checkbox"
                          id={id}
                          name={`indexing.${facet}`}
                          value={term.id}
                          defaultChecked={draft.indexing[facet].includes(term.id)}
                        />
                        <label htmlFor={id}>
                          {term.label}
                          {isSuggested ? <span className="badge">suggéré</span> : null}
                        </label>
                      </div>
                    );
                  })}
                </div>
              </fieldset>
            );
          })}
          <div className="field">
            <label htmlFor="champ-licence">Licence</label>
            <select id="champ-licence" name="licence" defaultValue={draft.licence}>
              {LICENCES.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.label}
                </option>
              ))}
            </select>
          </div>
        </fieldset>

        <section aria-labelledby="titre-publier" className="panel">
          <h2 id="titre-publier">Publier la version {sheet.latestVersion + 1}</h2>
          <fieldset className="field">
            <legend>Visibilité</legend>
            {VISIBILITIES.map((v) => (
              <div className="radio" key={v}>
                <input type="radio" id={`visibilite-${v}`} name="visibility" value={v} defaultChecked={sheet.visibility === v} />
                <label htmlFor={`visibilite-${v}`}>{VISIBILITY_LABELS[v]}</label>
              </div>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="champ-note">Note de version (facultatif)</label>
            <p className="field__hint" id="champ-note-aide">
              Ce qui a changé, en une phrase. Par exemple : « Ajout d’un quiz sur le hameçonnage ».
            </p>
            <input id="champ-note" name="changeNote" maxLength={500} aria-describedby="champ-note-aide" />
          </div>
          <div className="actions">
            <button type="submit" name="intent" value="publish" className="button" disabled={busy}>
              Publier la version {sheet.latestVersion + 1}
            </button>
            <button type="submit" name="intent" value="save" className="button button--secondary" disabled={busy}>
              Enregistrer le brouillon
            </button>
          </div>
        </section>
      </Form>

      <section aria-labelledby="titre-contributeurs" className="panel">
        <h2 id="titre-contributeurs">Contributeurs</h2>
        <p className="field__hint">Ils peuvent modifier et publier cette fiche sans être membres de la base.</p>
        {contributors.length ? (
          <ul className="member-list">
            {contributors.map((c) => (
              <li key={c.userId}>
                {c.displayName}
                <Form method="post" className="inline-form">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="remove-contributor" />
                  <input type="hidden" name="userId" value={c.userId} />
                  <button type="submit" className="link-button">
                    Retirer<span className="visually-hidden"> {c.displayName}</span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        ) : (
          <p>Aucun contributeur.</p>
        )}
        <Form method="post" className="inline-form" noValidate>
          <CsrfInput />
          <input type="hidden" name="intent" value="add-contributor" />
          <label htmlFor="champ-contributeur">Adresse e-mail du contributeur</label>
          <input id="champ-contributeur" name="email" type="email" autoComplete="off" />
          <button type="submit" className="button button--small button--secondary">
            Ajouter
          </button>
        </Form>
      </section>

      <section aria-labelledby="titre-supprimer" className="panel">
        <h2 id="titre-supprimer">Supprimer la fiche</h2>
        <p>
          La fiche et toutes ses versions disparaissent pour tout le monde, ainsi que ses fichiers (sauf ceux qu’une autre fiche
          utilise aussi). Les adaptations faites par d’autres restent.
        </p>
        {lastResult && !lastResult.ok && lastResult.intent === 'delete' ? <FormAlert message={lastResult.error.message} /> : null}
        <Form method="post" noValidate>
          <CsrfInput />
          <input type="hidden" name="intent" value="delete" />
          <div className="field checkbox">
            <input id="champ-confirmer-suppression" name="confirm" type="checkbox" value="oui" />
            <label htmlFor="champ-confirmer-suppression">Je confirme vouloir supprimer « {draft.title} »</label>
          </div>
          <button type="submit" className="button button--danger">
            Supprimer définitivement
          </button>
        </Form>
      </section>
    </div>
  );
}
