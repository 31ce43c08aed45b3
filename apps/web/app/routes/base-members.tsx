import { BASE_ROLE_LABELS, BASE_ROLES, type Base, type BaseMember, type Invitation, type JoinRequest } from '@malle/schema/bases';
import { data, Form, Link, redirect, useActionData, useLoaderData } from 'react-router';
import type { Route } from './+types/base-members';
import { CsrfInput, Field, FormAlert } from '../components/form.tsx';
import { callApi, fieldErrors, text } from '../lib/api.server.ts';
import { requireMe } from '../lib/session.server.ts';

export async function loader({ request, context, params }: Route.LoaderArgs) {
  await requireMe(request, context);
  const slug = encodeURIComponent(params.slug);
  const base = await callApi<Base>(request, context, `/api/v1/bases/${slug}`);
  if (!base.ok) throw data(null, { status: base.status });
  if (base.data.viewer.role !== 'admin') throw data(null, { status: 403 });
  const [members, invitations, requests] = await Promise.all([
    callApi<BaseMember[]>(request, context, `/api/v1/bases/${slug}/members`),
    callApi<Invitation[]>(request, context, `/api/v1/bases/${slug}/invitations`),
    callApi<JoinRequest[]>(request, context, `/api/v1/bases/${slug}/join-requests`),
  ]);
  return {
    base: base.data,
    members: members.ok ? members.data : [],
    invitations: invitations.ok ? invitations.data : [],
    requests: requests.ok ? requests.data : [],
  };
}

export const meta = ({ data }: Route.MetaArgs) => [{ title: data ? `Membres de ${data.base.name} – Malle` : 'Membres – Malle' }];

const NOTICES: Record<string, string> = {
  invite: 'Invitation envoyée.',
  role: 'Rôle modifié.',
  remove: 'Membre retiré de la base.',
  revoke: 'Invitation annulée.',
  accept: 'Demande acceptée : la personne est maintenant contributrice.',
  decline: 'Demande refusée.',
};

export async function action({ request, context, params }: Route.ActionArgs) {
  const form = await request.formData();
  const csrf = text(form, 'csrf');
  const base = `/api/v1/bases/${encodeURIComponent(params.slug)}`;
  const intent = text(form, 'intent');
  const id = encodeURIComponent(text(form, 'id'));
  const res =
    intent === 'invite'
      ? await callApi(request, context, `${base}/invitations`, {
          method: 'POST',
          csrf,
          json: { email: text(form, 'email'), role: text(form, 'role') },
        })
      : intent === 'role'
        ? await callApi(request, context, `${base}/members/${id}/role`, {
            method: 'PUT',
            csrf,
            json: { role: text(form, 'role') },
          })
        : intent === 'remove'
          ? await callApi(request, context, `${base}/members/${id}`, { method: 'DELETE', csrf })
          : intent === 'revoke'
            ? await callApi(request, context, `${base}/invitations/${id}`, { method: 'DELETE', csrf })
            : intent === 'accept' || intent === 'decline'
              ? await callApi(request, context, `${base}/join-requests/${id}/${intent}`, { method: 'POST', csrf })
              : null;
  if (!res) throw data(null, { status: 400 });
  if (!res.ok) return { intent, message: res.error.message, fields: fieldErrors(res.error) };
  if (intent === 'role' || intent === 'remove') {
    // Someone who just stepped down (or left) no longer manages members: back to the base page.
    const after = await callApi<Base>(request, context, base);
    if (!after.ok) throw redirect('/mes-bases');
    if (after.data.viewer.role !== 'admin') throw redirect(`/bases/${after.data.slug}`);
  }
  return { intent, notice: NOTICES[intent] ?? 'C’est fait.' };
}

export default function BaseMembers() {
  const { base, members, invitations, requests } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const inviteFields: Record<string, string> =
    (result?.intent === 'invite' && 'fields' in result ? result.fields : undefined) ?? {};
  return (
    <>
      <p>
        <Link to={`/bases/${base.slug}`}>← {base.name}</Link>
      </p>
      <h1>Membres de la base</h1>
      {result && 'notice' in result ? (
        <p className="alert alert--success" role="status">
          {result.notice}
        </p>
      ) : null}
      <FormAlert message={result && 'message' in result ? result.message : undefined} fields={inviteFields} />

      <section aria-labelledby="titre-liste">
        <h2 id="titre-liste">Membres ({members.length})</h2>
        <table className="table">
          <caption className="visually-hidden">Membres de la base et leur rôle</caption>
          <thead>
            <tr>
              <th scope="col">Nom</th>
              <th scope="col">Rôle</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.userId}>
                <th scope="row">{m.displayName}</th>
                <td>
                  <Form method="post" className="inline-form">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="role" />
                    <input type="hidden" name="id" value={m.userId} />
                    <label htmlFor={`role-${m.userId}`} className="visually-hidden">
                      Rôle de {m.displayName}
                    </label>
                    <select id={`role-${m.userId}`} name="role" defaultValue={m.role}>
                      {BASE_ROLES.map((r) => (
                        <option key={r} value={r}>
                          {BASE_ROLE_LABELS[r]}
                        </option>
                      ))}
                    </select>
                    <button type="submit" className="button button--small button--secondary">
                      Changer le rôle<span className="visually-hidden"> de {m.displayName}</span>
                    </button>
                  </Form>
                </td>
                <td>
                  <Form method="post">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="id" value={m.userId} />
                    <button type="submit" className="link-button">
                      Retirer<span className="visually-hidden"> {m.displayName}</span>
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="titre-inviter" className="panel narrow">
        <h2 id="titre-inviter">Inviter une personne</h2>
        <p>Elle recevra un e-mail. Si elle n’a pas encore de compte, l’invitation l’attendra.</p>
        <Form method="post" noValidate>
          <CsrfInput />
          <input type="hidden" name="intent" value="invite" />
          <Field name="email" label="Adresse e-mail" type="email" required error={inviteFields.email} />
          <div className="field">
            <label htmlFor="champ-role">Rôle</label>
            <select id="champ-role" name="role" defaultValue="contributor">
              {BASE_ROLES.map((r) => (
                <option key={r} value={r}>
                  {BASE_ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button">
            Envoyer l’invitation
          </button>
        </Form>
      </section>

      <section aria-labelledby="titre-invitations">
        <h2 id="titre-invitations">Invitations en attente ({invitations.length})</h2>
        {invitations.length ? (
          <ul className="member-list">
            {invitations.map((i) => (
              <li key={i.id}>
                {i.email} <span className="badge">{BASE_ROLE_LABELS[i.role]}</span>
                <Form method="post" className="inline-form">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="id" value={i.id} />
                  <button type="submit" className="link-button">
                    Annuler<span className="visually-hidden"> l’invitation de {i.email}</span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        ) : (
          <p>Aucune invitation en attente.</p>
        )}
      </section>

      <section aria-labelledby="titre-demandes">
        <h2 id="titre-demandes">Demandes pour rejoindre la base ({requests.length})</h2>
        {requests.length ? (
          <ul className="member-list">
            {requests.map((r) => (
              <li key={r.id}>
                <strong>{r.displayName}</strong>
                {r.message ? <blockquote>{r.message}</blockquote> : null}
                <div className="actions">
                  {(['accept', 'decline'] as const).map((decision) => (
                    <Form method="post" key={decision}>
                      <CsrfInput />
                      <input type="hidden" name="intent" value={decision} />
                      <input type="hidden" name="id" value={r.id} />
                      <button
                        type="submit"
                        className={`button button--small${decision === 'decline' ? ' button--secondary' : ''}`}
                      >
                        {decision === 'accept' ? 'Accepter' : 'Refuser'}
                        <span className="visually-hidden"> la demande de {r.displayName}</span>
                      </button>
                    </Form>
                  ))}
                </div>
              </li>
            ))}
          </ul>
        ) : (
          <p>Aucune demande en attente.</p>
        )}
      </section>
    </>
  );
}
