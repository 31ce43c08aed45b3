import { BASE_ROLE_LABELS, type Invitation } from '@malle/schema/bases';
import { data, Form, redirect, useActionData, useLoaderData } from 'react-router';
import type { Route } from './+types/my-invitations';
import { CsrfInput, FormAlert } from '../components/form.tsx';
import { callApi, text } from '../lib/api.server.ts';
import { requireMe } from '../lib/session.server.ts';

export const meta = () => [{ title: 'Mes invitations – Malle' }];

export async function loader({ request, context }: Route.LoaderArgs) {
  await requireMe(request, context);
  const res = await callApi<Invitation[]>(request, context, '/api/v1/me/invitations');
  if (!res.ok) throw new Response(res.error.message, { status: res.status });
  return { invitations: res.data };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await request.formData();
  const answer = text(form, 'answer');
  if (answer !== 'accept' && answer !== 'decline') throw data(null, { status: 400 });
  const res = await callApi<{ baseSlug: string }>(
    request,
    context,
    `/api/v1/invitations/${encodeURIComponent(text(form, 'id'))}/${answer}`,
    {
      method: 'POST',
      csrf: text(form, 'csrf'),
    },
  );
  if (!res.ok) return { message: res.error.message };
  if (answer === 'accept') throw redirect(`/bases/${res.data.baseSlug}`);
  return { declined: true };
}

export default function MyInvitations() {
  const { invitations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="narrow">
      <h1>Mes invitations</h1>
      {result && 'declined' in result ? (
        <p className="alert alert--success" role="status">
          Invitation refusée.
        </p>
      ) : null}
      <FormAlert message={result && 'message' in result ? result.message : undefined} />
      {invitations.length ? (
        <ul className="member-list">
          {invitations.map((i) => (
            <li key={i.id}>
              <p>
                <strong>{i.base.name}</strong> vous invite comme {BASE_ROLE_LABELS[i.role].toLowerCase()}
                {i.invitedBy ? ` (invitation de ${i.invitedBy})` : ''}.
              </p>
              <div className="actions">
                {(['accept', 'decline'] as const).map((answer) => (
                  <Form method="post" key={answer}>
                    <CsrfInput />
                    <input type="hidden" name="id" value={i.id} />
                    <input type="hidden" name="answer" value={answer} />
                    <button type="submit" className={`button button--small${answer === 'decline' ? ' button--secondary' : ''}`}>
                      {answer === 'accept' ? 'Accepter' : 'Refuser'}
                      <span className="visually-hidden"> l’invitation de {i.base.name}</span>
                    </button>
                  </Form>
                ))}
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p>Aucune invitation en attente.</p>
      )}
    </div>
  );
}
