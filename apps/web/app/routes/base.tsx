import { BASE_ROLE_LABELS, type Base, type BaseMember } from '@malle/schema/bases';
import type { CollectionSummary } from '@malle/schema/collections';
import { departementLabel } from '@malle/schema/departements';
import type { SheetListItem } from '@malle/schema/sheets';
import { data, Form, Link, redirect, useActionData, useLoaderData, useSearchParams } from 'react-router';
import type { Route } from './+types/base';
import { CollectionList } from '../components/collection-list.tsx';
import { CsrfInput, FormAlert } from '../components/form.tsx';
import { SheetCard } from '../components/sheet-card.tsx';
import { callApi, text } from '../lib/api.server.ts';
import { useMe } from '../root.tsx';

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const slug = encodeURIComponent(params.slug);
  const [base, members, sheets, collections] = await Promise.all([
    callApi<Base>(request, context, `/api/v1/bases/${slug}`),
    callApi<BaseMember[]>(request, context, `/api/v1/bases/${slug}/members`),
    callApi<SheetListItem[]>(request, context, `/api/v1/bases/${slug}/sheets`),
    callApi<CollectionSummary[]>(request, context, `/api/v1/bases/${slug}/collections`),
  ]);
  if (!base.ok) throw data(null, { status: base.status });
  return {
    base: base.data,
    members: members.ok ? members.data : [],
    sheets: sheets.ok ? sheets.data : [],
    collections: collections.ok ? collections.data : [],
  };
}

export const meta = ({ data }: Route.MetaArgs) => [{ title: data ? `${data.base.name} – Malle` : 'Base – Malle' }];

export async function action({ request, context, params }: Route.ActionArgs) {
  const form = await request.formData();
  const csrf = text(form, 'csrf');
  const slug = encodeURIComponent(params.slug);
  const intent = text(form, 'intent');
  const me = text(form, 'me');
  const res =
    intent === 'follow'
      ? await callApi(request, context, `/api/v1/bases/${slug}/follow`, { method: 'PUT', csrf })
      : intent === 'unfollow'
        ? await callApi(request, context, `/api/v1/bases/${slug}/follow`, { method: 'DELETE', csrf })
        : intent === 'join'
          ? await callApi(request, context, `/api/v1/bases/${slug}/join-requests`, {
              method: 'POST',
              csrf,
              json: { message: text(form, 'message') },
            })
          : intent === 'leave'
            ? await callApi(request, context, `/api/v1/bases/${slug}/members/${encodeURIComponent(me)}`, {
                method: 'DELETE',
                csrf,
              })
            : null;
  if (!res) throw data(null, { status: 400 });
  if (!res.ok) return { message: res.error.message };
  if (intent === 'leave') throw redirect('/mes-bases?quittee=1');
  return { done: intent };
}

export default function BasePage() {
  const { base, members, sheets, collections } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const me = useMe();
  const [params] = useSearchParams();
  const role = base.viewer.role;
  return (
    <>
      {params.get('creee') === '1' ? (
        <p className="alert alert--success" role="status">
          La base est créée. Invitez votre équipe depuis la page des membres.
        </p>
      ) : null}
      {result && 'done' in result && result.done === 'join' ? (
        <p className="alert alert--success" role="status">
          Votre demande a été envoyée aux administrateurs de la base.
        </p>
      ) : null}
      <FormAlert message={result && 'message' in result ? result.message : undefined} />
      <header className="page-header">
        <h1>{base.name}</h1>
        <p className="muted">
          {base.isPublic ? 'Base publique' : 'Base privée'}
          {base.departement ? ` · ${departementLabel(base.departement)}` : ''} · {base.memberCount} membre
          {base.memberCount > 1 ? 's' : ''} · {base.followerCount} abonné{base.followerCount > 1 ? 's' : ''}
        </p>
        {base.description ? <p className="lead">{base.description}</p> : null}
        {base.contactEmail ? (
          <p>
            Contact : <a href={`mailto:${base.contactEmail}`}>{base.contactEmail}</a>
          </p>
        ) : null}
        <div className="actions">
          {role === 'admin' ? (
            <>
              <Link to={`/bases/${base.slug}/parametres`} className="button button--secondary">
                Paramètres
              </Link>
              <Link to={`/bases/${base.slug}/membres`} className="button button--secondary">
                Gérer les membres
              </Link>
            </>
          ) : null}
          {me && base.isPublic ? (
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="intent" value={base.viewer.following ? 'unfollow' : 'follow'} />
              <button type="submit" className="button button--secondary" aria-pressed={base.viewer.following}>
                {base.viewer.following ? 'Ne plus suivre' : 'Suivre cette base'}
              </button>
            </Form>
          ) : null}
          {me && role === 'contributor' ? (
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="intent" value="leave" />
              <input type="hidden" name="me" value={me.id} />
              <button type="submit" className="button button--secondary">
                Quitter la base
              </button>
            </Form>
          ) : null}
        </div>
      </header>

      {me && !role && base.isPublic ? (
        <section aria-labelledby="titre-rejoindre" className="panel">
          <h2 id="titre-rejoindre">Rejoindre cette base</h2>
          {base.viewer.pendingJoinRequest ? (
            <p>Votre demande est en attente de réponse des administrateurs.</p>
          ) : (
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="intent" value="join" />
              <div className="field">
                <label htmlFor="champ-message">Message aux administrateurs (facultatif)</label>
                <textarea id="champ-message" name="message" rows={3} maxLength={1000} />
              </div>
              <button type="submit" className="button">
                Demander à rejoindre
              </button>
            </Form>
          )}
        </section>
      ) : null}

      <section aria-labelledby="titre-fiches">
        <h2 id="titre-fiches">Fiches publiées ({sheets.length})</h2>
        {role ? (
          <p>
            <Link to={`/fiches/nouvelle?base=${base.slug}`} className="button button--secondary">
              Créer une fiche dans cette base
            </Link>
          </p>
        ) : null}
        {sheets.length ? (
          <ul className="cards">
            {sheets.map((s) => (
              <li key={s.slug}>
                <SheetCard
                  sheet={{ ...s, owner: undefined }}
                  canSave
                  meta={`Version ${s.latestVersion}${s.visibility === 'private' ? ' · privée' : s.visibility === 'secret_link' ? ' · lien secret' : ''}`}
                />
              </li>
            ))}
          </ul>
        ) : (
          <p>Aucune fiche publiée pour l’instant.</p>
        )}
      </section>

      <section aria-labelledby="titre-collections">
        <h2 id="titre-collections">Collections ({collections.length})</h2>
        {role ? (
          <p>
            <Link to="/mes-collections#titre-nouvelle" className="button button--secondary">
              Créer une collection
            </Link>
          </p>
        ) : null}
        <CollectionList collections={collections} />
      </section>

      <section aria-labelledby="titre-membres">
        <h2 id="titre-membres">Membres</h2>
        <ul className="member-list">
          {members.map((m) => (
            <li key={m.userId}>
              {m.displayName} <span className="badge">{BASE_ROLE_LABELS[m.role]}</span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
