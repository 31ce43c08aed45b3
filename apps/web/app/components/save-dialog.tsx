import type { CollectionSummary } from '@malle/schema/collections';
import { useEffect, useId, useRef, useState } from 'react';
import { Form, Link, useFetcher, useLocation } from 'react-router';
import { useMe } from '../root.tsx';
import { CsrfInput, Field, FormAlert } from './form.tsx';

export type SaveResult = { saved: number } | { message: string; fields?: Record<string, string> };
/** What the save page's loader and action answer. */
export type SaveData = { collections?: CollectionSummary[]; result?: SaveResult };

/**
 * The "Enregistrer" form: the person's collections as checkboxes (those holding the sheet are
 * checked) and a new collection to create on the fly. Used in the dialog and on its own page.
 */
export function SaveForm({
  slug,
  secretKey,
  collections,
  result,
  fetcherForm: FormComponent = Form,
  busy = false,
}: {
  slug: string;
  secretKey?: string | null | undefined;
  collections: CollectionSummary[];
  result?: SaveResult | undefined;
  fetcherForm?: typeof Form;
  busy?: boolean;
}) {
  const id = useId();
  return (
    <FormComponent method="post" action={`/fiches/${encodeURIComponent(slug)}/enregistrer`}>
      <CsrfInput />
      {secretKey ? <input type="hidden" name="cle" value={secretKey} /> : null}
      <FormAlert
        message={result && 'message' in result ? result.message : undefined}
        fields={result && 'fields' in result ? result.fields : undefined}
      />
      {result && 'saved' in result ? (
        <p className="alert alert--success" role="status">
          {result.saved === 0
            ? 'La fiche n’est plus dans aucune de vos collections.'
            : `Fiche enregistrée dans ${result.saved} collection${result.saved > 1 ? 's' : ''}.`}
        </p>
      ) : null}
      <fieldset className="field">
        <legend>Mes collections</legend>
        {collections.map((c) => (
          <div className="checkbox" key={c.id}>
            <input type="checkbox" id={`${id}-${c.id}`} name="collection" value={c.id} defaultChecked={c.containsSheet} />
            <label htmlFor={`${id}-${c.id}`}>
              {c.title}
              {c.owner.kind === 'base' ? <span className="muted"> ({c.owner.name})</span> : null}
            </label>
          </div>
        ))}
      </fieldset>
      <Field
        name="newTitle"
        label="Ou créer une nouvelle collection (facultatif)"
        hint="Elle sera privée ; vous pourrez la rendre publique ensuite."
        maxLength={200}
        error={result && 'fields' in result ? result.fields?.title : undefined}
      />
      <button type="submit" className="button" disabled={busy}>
        Enregistrer
      </button>
    </FormComponent>
  );
}

/**
 * "Enregistrer" on a sheet card or page. A link to the save page without JavaScript; with it, a
 * modal dialog loading the same page's data. Anonymous visitors are sent to log in.
 */
export function SaveButton({ slug, title, secretKey }: { slug: string; title: string; secretKey?: string | null | undefined }) {
  const me = useMe();
  const location = useLocation();
  const dialog = useRef<HTMLDialogElement>(null);
  const fetcher = useFetcher<SaveData>();
  const [collections, setCollections] = useState<CollectionSummary[] | null>(null);
  const [result, setResult] = useState<SaveResult | undefined>(undefined);
  const headingId = useId();
  const query = secretKey ? `?cle=${encodeURIComponent(secretKey)}` : '';
  const pageHref = `/fiches/${encodeURIComponent(slug)}/enregistrer${query}`;

  useEffect(() => {
    const data = fetcher.data;
    if (!data || fetcher.state !== 'idle') return;
    if (data.collections) setCollections(data.collections);
    setResult(data.result);
  }, [fetcher.data, fetcher.state]);

  if (!me) {
    return (
      <Link
        to={`/connexion?redirectTo=${encodeURIComponent(location.pathname + location.search)}`}
        className="button button--secondary"
      >
        Enregistrer<span className="visually-hidden"> « {title} » (connexion nécessaire)</span>
      </Link>
    );
  }

  return (
    <>
      <a
        href={pageHref}
        className="button button--secondary"
        onClick={(event) => {
          event.preventDefault();
          setResult(undefined);
          setCollections(null);
          void fetcher.load(pageHref);
          dialog.current?.showModal();
        }}
      >
        Enregistrer<span className="visually-hidden"> « {title} » dans une collection</span>
      </a>
      <dialog ref={dialog} aria-labelledby={headingId} className="dialog">
        <h2 id={headingId}>Enregistrer « {title} »</h2>
        {collections ? (
          <SaveForm
            key={result ? JSON.stringify(result) : 'form'}
            slug={slug}
            secretKey={secretKey}
            collections={collections}
            result={result}
            fetcherForm={fetcher.Form as typeof Form}
            busy={fetcher.state !== 'idle'}
          />
        ) : (
          <p role="status">Chargement de vos collections…</p>
        )}
        <p>
          <button type="button" className="link-button" onClick={() => dialog.current?.close()}>
            Fermer
          </button>
        </p>
      </dialog>
    </>
  );
}
