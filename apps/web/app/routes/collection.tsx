import { COLLECTION_VISIBILITY_LABELS, type Collection, type CollectionItem } from '@malle/schema/collections';
import { VISIBILITIES } from '@malle/schema/sheets';
import { useEffect, useState, type DragEvent } from 'react';
import { data, Form, Link, redirect, useActionData, useLoaderData, useSubmit } from 'react-router';
import type { Route } from './+types/collection';
import { SecretLinkPanel } from '../components/secret-link-panel.tsx';
import { CsrfInput, Field, FormAlert } from '../components/form.tsx';
import { SheetCard } from '../components/sheet-card.tsx';
import { callApi, fieldErrors, text } from '../lib/api.server.ts';
import { oembedDiscovery } from '../lib/embeds.ts';
import { frenchDate } from '../lib/format.ts';
import { useMe } from '../root.tsx';

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const key = new URL(request.url).searchParams.get('cle');
  const res = await callApi<Collection>(
    request,
    context,
    `/api/v1/collections/${encodeURIComponent(params.id)}${key ? `?cle=${encodeURIComponent(key)}` : ''}`,
  );
  if (!res.ok) throw data(null, { status: res.status === 400 ? 404 : res.status });
  return { collection: res.data, key, origin: context.publicUrl };
}

export const meta = ({ data }: Route.MetaArgs) => [
  { title: data ? `${data.collection.title} – Collection – Malle` : 'Collection – Malle' },
  ...(data?.collection.description ? [{ name: 'description', content: data.collection.description.slice(0, 300) }] : []),
  ...(data && data.collection.visibility !== 'public' ? [{ name: 'robots', content: 'noindex' }] : []),
  ...(data ? oembedDiscovery(data.origin, `/collections/${data.collection.id}`, data.collection, data.key) : []),
];

type ActionResult =
  | { message: string; fields?: Record<string, string> }
  | { done: 'moved'; sheetId: string; direction: 'up' | 'down' }
  | { done: 'saved' | 'note' | 'removed' | 'cleaned' | 'renewed' | 'reordered' };

export async function action({ request, context, params }: Route.ActionArgs): Promise<ActionResult> {
  const form = await request.formData();
  const csrf = text(form, 'csrf');
  const id = encodeURIComponent(params.id);
  const intent = text(form, 'intent');
  const sheetId = text(form, 'sheetId');
  const fail = (error: { message: string; details?: { fields?: Array<{ path: string; message: string }> } }) => ({
    message: error.message,
    fields: fieldErrors(error as Parameters<typeof fieldErrors>[0]),
  });

  if (intent === 'settings' || intent === 'renew-link') {
    const current = await callApi<Collection>(request, context, `/api/v1/collections/${id}`);
    if (!current.ok) return fail(current.error);
    const c = current.data;
    const json =
      intent === 'settings'
        ? { title: text(form, 'title'), description: text(form, 'description'), visibility: text(form, 'visibility') }
        : { title: c.title, description: c.description, visibility: 'secret_link', regenerateLink: true };
    const res = await callApi(request, context, `/api/v1/collections/${id}`, { method: 'PUT', csrf, json });
    return res.ok ? { done: intent === 'settings' ? 'saved' : 'renewed' } : fail(res.error);
  }
  if (intent === 'delete') {
    const res = await callApi(request, context, `/api/v1/collections/${id}`, { method: 'DELETE', csrf });
    if (!res.ok) return fail(res.error);
    throw redirect('/mes-collections?supprimee=1');
  }
  if (intent === 'remove') {
    const res = await callApi(request, context, `/api/v1/collections/${id}/items/${encodeURIComponent(sheetId)}`, {
      method: 'DELETE',
      csrf,
    });
    return res.ok ? { done: 'removed' } : fail(res.error);
  }
  if (intent === 'clean') {
    const res = await callApi(request, context, `/api/v1/collections/${id}/unavailable-items`, { method: 'DELETE', csrf });
    return res.ok ? { done: 'cleaned' } : fail(res.error);
  }
  if (intent === 'note') {
    const pinned = text(form, 'pinned');
    const res = await callApi(request, context, `/api/v1/collections/${id}/items/${encodeURIComponent(sheetId)}`, {
      method: 'PUT',
      csrf,
      json: { note: text(form, 'note'), pinnedVersion: pinned === 'latest' ? null : Number(pinned) },
    });
    return res.ok ? { done: 'note' } : fail(res.error);
  }
  if (intent === 'move' || intent === 'reorder') {
    let order: string[];
    if (intent === 'reorder') {
      order = text(form, 'order').split(',').filter(Boolean);
    } else {
      const current = await callApi<Collection>(request, context, `/api/v1/collections/${id}`);
      if (!current.ok) return fail(current.error);
      order = current.data.items.map((i) => i.sheetId);
      const from = order.indexOf(sheetId);
      const to = text(form, 'direction') === 'up' ? from - 1 : from + 1;
      if (from < 0 || to < 0 || to >= order.length) return { message: 'Cette fiche ne peut pas aller plus loin.' };
      [order[from], order[to]] = [order[to]!, order[from]!];
    }
    const res = await callApi(request, context, `/api/v1/collections/${id}/order`, {
      method: 'PUT',
      csrf,
      json: { sheetIds: order },
    });
    if (!res.ok) return fail(res.error);
    return intent === 'move'
      ? { done: 'moved', sheetId, direction: text(form, 'direction') === 'up' ? 'up' : 'down' }
      : { done: 'reordered' };
  }
  throw data(null, { status: 400 });
}

const DONE_MESSAGES: Record<string, string> = {
  saved: 'Collection enregistrée.',
  moved: 'Fiche déplacée.',
  note: 'Note enregistrée.',
  removed: 'Fiche retirée de la collection.',
  cleaned: 'Fiches indisponibles retirées.',
  renewed: 'Nouveau lien créé : l’ancien ne fonctionne plus.',
  reordered: 'Nouvel ordre enregistré.',
};

function versionLine(item: CollectionItem): string {
  if (item.pinnedVersion !== null)
    return `Version ${item.version} (fixée${item.latestVersion > item.version ? ` ; la plus récente est la ${item.latestVersion}` : ''})`;
  return `Version ${item.version}${item.updatedSinceAdded ? ` · mise à jour le ${frenchDate(item.updatedSinceAdded)}` : ''}`;
}

function ItemEditor({ item, index, count }: { item: CollectionItem; index: number; count: number }) {
  return (
    <div className="item-tools no-print">
      <Form method="post" preventScrollReset className="inline-form">
        <CsrfInput />
        <input type="hidden" name="intent" value="move" />
        <input type="hidden" name="sheetId" value={item.sheetId} />
        <button
          type="submit"
          name="direction"
          value="up"
          id={`monter-${item.sheetId}`}
          className="button button--secondary button--small"
          disabled={index === 0}
        >
          Monter<span className="visually-hidden"> « {item.title} »</span>
        </button>
        <button
          type="submit"
          name="direction"
          value="down"
          id={`descendre-${item.sheetId}`}
          className="button button--secondary button--small"
          disabled={index === count - 1}
        >
          Descendre<span className="visually-hidden"> « {item.title} »</span>
        </button>
      </Form>
      <Form method="post" preventScrollReset className="inline-form">
        <CsrfInput />
        <input type="hidden" name="intent" value="remove" />
        <input type="hidden" name="sheetId" value={item.sheetId} />
        <button type="submit" className="button button--secondary button--small">
          Retirer<span className="visually-hidden"> « {item.title} » de la collection</span>
        </button>
      </Form>
      <details>
        <summary>
          Note et version<span className="visually-hidden"> de « {item.title} »</span>
        </summary>
        <Form method="post" preventScrollReset>
          <CsrfInput />
          <input type="hidden" name="intent" value="note" />
          <input type="hidden" name="sheetId" value={item.sheetId} />
          <div className="field">
            <label htmlFor={`note-${item.sheetId}`}>Note (facultatif)</label>
            <p className="field__hint" id={`note-${item.sheetId}-aide`}>
              Par exemple : « à utiliser en deuxième séance ».
            </p>
            <input
              id={`note-${item.sheetId}`}
              name="note"
              defaultValue={item.note}
              maxLength={300}
              aria-describedby={`note-${item.sheetId}-aide`}
            />
          </div>
          <div className="field">
            <label htmlFor={`version-${item.sheetId}`}>Version montrée</label>
            <select id={`version-${item.sheetId}`} name="pinned" defaultValue={item.pinnedVersion ?? 'latest'}>
              <option value="latest">Toujours la dernière version</option>
              {Array.from({ length: item.latestVersion }, (_, i) => item.latestVersion - i).map((n) => (
                <option key={n} value={n}>
                  Fixer la version {n}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button--secondary button--small">
            Enregistrer la note
          </button>
        </Form>
      </details>
    </div>
  );
}

export default function CollectionPage() {
  const { collection: c, key, origin } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submit = useSubmit();
  const [dragged, setDragged] = useState<string | null>(null);
  const csrfToken = useMe()?.csrfToken ?? null;
  // Drag and drop needs JavaScript; the buttons work without it.
  const [hydrated, setHydrated] = useState(false);
  const csrf = hydrated ? csrfToken : null;
  const keyQuery = key ? `?cle=${encodeURIComponent(key)}` : '';

  // Keep the keyboard focus on the moved sheet's button after "Monter" / "Descendre".
  useEffect(() => {
    if (!result || !('done' in result) || result.done !== 'moved') return;
    const index = c.items.findIndex((i) => i.sheetId === result.sheetId);
    const atEdge = result.direction === 'up' ? index === 0 : index === c.items.length - 1;
    const wanted = atEdge
      ? result.direction === 'up'
        ? 'descendre'
        : 'monter'
      : result.direction === 'up'
        ? 'monter'
        : 'descendre';
    document.getElementById(`${wanted}-${result.sheetId}`)?.focus();
  }, [result, c.items]);
  useEffect(() => setHydrated(true), []);

  function onDrop(event: DragEvent, targetId: string) {
    event.preventDefault();
    if (!dragged || dragged === targetId || !csrf) return;
    // The dragged sheet takes the target's place.
    const ids = c.items.map((i) => i.sheetId);
    const order = ids.filter((id) => id !== dragged);
    order.splice(ids.indexOf(targetId), 0, dragged);
    setDragged(null);
    void submit({ intent: 'reorder', order: order.join(','), csrf }, { method: 'post', preventScrollReset: true });
  }

  const ownerLink = c.owner.kind === 'base' && c.owner.slug ? `/bases/${c.owner.slug}` : `/profils/${c.owner.id}`;
  const doneMessage = result && 'done' in result ? DONE_MESSAGES[result.done] : undefined;
  return (
    <article className="collection">
      {doneMessage ? (
        <p className="alert alert--success" role="status">
          {doneMessage}
        </p>
      ) : null}
      <FormAlert
        message={result && 'message' in result ? result.message : undefined}
        fields={result && 'fields' in result ? result.fields : undefined}
      />
      <header className="page-header">
        <p className="muted">
          Collection {c.owner.kind === 'base' ? 'de la base ' : 'de '}
          <Link to={ownerLink}>{c.owner.name}</Link>
          {c.visibility === 'private'
            ? ' · privée'
            : c.visibility === 'secret_link'
              ? ' · partagée par lien secret'
              : ' · publique'}
        </p>
        <h1>{c.title}</h1>
        {c.description ? <p className="lead pre-line">{c.description}</p> : null}
        <p className="muted">
          {c.itemCount} fiche{c.itemCount > 1 ? 's' : ''} · mise à jour le {frenchDate(c.updatedAt)}
        </p>
        <nav aria-label="Actions sur la collection" className="actions no-print">
          <Link to={`/collections/${c.id}/imprimer${keyQuery}`} className="button button--secondary">
            Version imprimable
          </Link>
          {c.items.length ? (
            <a href={`/api/v1/collections/${c.id}/archive${keyQuery}`} className="button button--secondary" download>
              Télécharger les fiches (ZIP)
            </a>
          ) : null}
          {c.visibility !== 'private' && (c.visibility === 'public' || key || c.secretLinkToken) ? (
            <Link to={`/collections/${c.id}/integrer${keyQuery}`} className="button button--secondary">
              Intégrer sur votre site
            </Link>
          ) : null}
        </nav>
      </header>

      {c.unavailableCount ? (
        <div className="alert alert--info no-print">
          <p>
            {c.unavailableCount === 1 ? '1 fiche n’est plus disponible' : `${c.unavailableCount} fiches ne sont plus disponibles`}{' '}
            (supprimée ou devenue privée) : elle n’apparaît plus dans la collection.
          </p>
          <Form method="post" preventScrollReset>
            <CsrfInput />
            <input type="hidden" name="intent" value="clean" />
            <button type="submit" className="button button--secondary button--small">
              Retirer les fiches indisponibles
            </button>
          </Form>
        </div>
      ) : null}

      <section aria-labelledby="titre-fiches">
        <h2 id="titre-fiches">Fiches</h2>
        {c.canEdit && c.items.length > 1 ? (
          <p className="muted no-print">
            Réordonnez avec les boutons « Monter » et « Descendre », ou en glissant-déposant une fiche.
          </p>
        ) : null}
        {c.items.length ? (
          <ol className="collection-items">
            {c.items.map((item, index) => (
              <li
                key={item.sheetId}
                draggable={c.canEdit && csrf !== null}
                onDragStart={() => setDragged(item.sheetId)}
                onDragOver={(e) => e.preventDefault()}
                onDrop={(e) => onDrop(e, item.sheetId)}
                className={dragged === item.sheetId ? 'is-dragged' : undefined}
              >
                <SheetCard
                  sheet={item}
                  href={item.pinnedVersion !== null ? `/fiches/${item.slug}/v/${item.pinnedVersion}` : undefined}
                  meta={versionLine(item)}
                  canSave
                >
                  {item.note ? (
                    <p className="collection-note">
                      <strong>Note :</strong> {item.note}
                    </p>
                  ) : null}
                  {c.canEdit ? <ItemEditor item={item} index={index} count={c.items.length} /> : null}
                </SheetCard>
              </li>
            ))}
          </ol>
        ) : (
          <p>
            Aucune fiche pour l’instant.
            {c.canEdit ? ' Ajoutez-en avec le bouton « Enregistrer » d’une fiche.' : ''}
          </p>
        )}
      </section>

      {c.canEdit && c.secretLinkToken ? (
        <SecretLinkPanel url={`${origin}/collections/${c.id}?cle=${c.secretLinkToken}`} reads="voir la collection" />
      ) : null}

      {c.canEdit ? (
        <section aria-labelledby="titre-parametres" className="panel no-print">
          <h2 id="titre-parametres">Modifier la collection</h2>
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="settings" />
            {c.isFavorites ? (
              <input type="hidden" name="title" value={c.title} />
            ) : (
              <Field name="title" label="Titre" defaultValue={c.title} required maxLength={200} />
            )}
            <div className="field">
              <label htmlFor="champ-description">Description (facultatif)</label>
              <textarea id="champ-description" name="description" rows={3} maxLength={2000} defaultValue={c.description} />
            </div>
            {c.isFavorites ? (
              <>
                <input type="hidden" name="visibility" value="private" />
                <p className="muted">« Mes favoris » reste privée.</p>
              </>
            ) : (
              <fieldset className="field">
                <legend>Visibilité</legend>
                {VISIBILITIES.map((v) => (
                  <div className="radio" key={v}>
                    <input type="radio" id={`visibilite-${v}`} name="visibility" value={v} defaultChecked={c.visibility === v} />
                    <label htmlFor={`visibilite-${v}`}>{COLLECTION_VISIBILITY_LABELS[v]}</label>
                  </div>
                ))}
              </fieldset>
            )}
            <button type="submit" className="button">
              Enregistrer les modifications
            </button>
          </Form>
          {!c.isFavorites ? (
            <Form method="post" className="danger-zone">
              <CsrfInput />
              <input type="hidden" name="intent" value="delete" />
              <button type="submit" className="button button--danger">
                Supprimer la collection
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}
    </article>
  );
}
