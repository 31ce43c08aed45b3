import type { ApiKey, CreatedApiKey } from '@malle/schema/api-keys';
import { MAX_API_KEYS_PER_PERSON } from '@malle/schema/api-keys';
import { useEffect, useRef } from 'react';
import { Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router';
import type { Route } from './+types/my-api-keys';
import { CsrfInput, Field, FormAlert } from '../components/form.tsx';
import { callApi, fieldErrors, text } from '../lib/api.server.ts';
import { frenchDateTime } from '../lib/format.ts';
import { requireMe } from '../lib/session.server.ts';

export const meta = () => [{ title: 'Mes clés d’API – Malle' }];

export async function loader({ request, context }: Route.LoaderArgs) {
  await requireMe(request, context);
  const res = await callApi<ApiKey[]>(request, context, '/api/v1/me/api-keys');
  if (!res.ok) throw new Response(res.error.message, { status: res.status });
  return { keys: res.data };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await request.formData();
  const csrf = text(form, 'csrf');
  if (text(form, 'intent') === 'revoke') {
    const res = await callApi(request, context, `/api/v1/me/api-keys/${encodeURIComponent(text(form, 'id'))}`, {
      method: 'DELETE',
      csrf,
    });
    if (!res.ok) return { intent: 'revoke' as const, message: res.error.message };
    return { intent: 'revoke' as const, notice: `La clé « ${text(form, 'name')} » est révoquée : elle ne fonctionne plus.` };
  }
  const res = await callApi<CreatedApiKey>(request, context, '/api/v1/me/api-keys', {
    method: 'POST',
    csrf,
    json: { name: text(form, 'name') },
  });
  if (!res.ok) return { intent: 'create' as const, message: res.error.message, fields: fieldErrors(res.error) };
  // The secret travels once, in this answer; it is never stored nor shown again.
  return { intent: 'create' as const, created: res.data };
}

export default function MyApiKeys() {
  const { keys } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const created = result && 'created' in result ? result.created : null;
  const createFields: Record<string, string> =
    (result?.intent === 'create' && 'fields' in result ? result.fields : undefined) ?? {};
  const createdRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (created) createdRef.current?.focus();
  }, [created]);

  return (
    <div className="narrow">
      <p>
        <Link to="/mon-profil">← Mon profil</Link>
      </p>
      <h1>Mes clés d’API</h1>
      <p>
        Une clé d’API permet à un site partenaire d’interroger l’
        <Link to="/developpeurs">API publique de Malle</Link> plus souvent qu’un visiteur anonyme. Elle ne donne accès qu’au
        contenu public : jamais à vos fiches privées. Créez une clé par site, pour pouvoir la révoquer seule.
      </p>

      {created ? (
        <div className="alert alert--success" role="status" tabIndex={-1} ref={createdRef}>
          <p>
            La clé « {created.name} » est créée. Copiez-la maintenant : <strong>elle ne sera plus jamais affichée</strong>.
          </p>
          <label htmlFor="cle-creee">Votre nouvelle clé</label>
          <input
            id="cle-creee"
            type="text"
            readOnly
            value={created.secret}
            className="code-input"
            onFocus={(e) => e.currentTarget.select()}
          />
          <p>
            Envoyez-la dans l’en-tête <code>Authorization: Bearer {created.prefix}…</code> de chaque requête.
          </p>
        </div>
      ) : null}
      {result && 'notice' in result ? (
        <p className="alert alert--success" role="status">
          {result.notice}
        </p>
      ) : null}
      <FormAlert message={result && 'message' in result ? result.message : undefined} fields={createFields} />

      <section aria-labelledby="titre-cles">
        <h2 id="titre-cles">Clés actives ({keys.length})</h2>
        {keys.length === 0 ? (
          <p>Vous n’avez aucune clé active.</p>
        ) : (
          <table className="table">
            <caption className="visually-hidden">Vos clés d’API actives</caption>
            <thead>
              <tr>
                <th scope="col">Nom</th>
                <th scope="col">Début de la clé</th>
                <th scope="col">Créée le</th>
                <th scope="col">Dernière utilisation</th>
                <th scope="col">Limite</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((key) => (
                <tr key={key.id}>
                  <th scope="row">{key.name}</th>
                  <td>
                    <code>{key.prefix}…</code>
                  </td>
                  <td>{frenchDateTime(key.createdAt)}</td>
                  <td>{key.lastUsedAt ? frenchDateTime(key.lastUsedAt) : 'Jamais utilisée'}</td>
                  <td>{key.rateLimitPerMinute.toLocaleString('fr-FR')} requêtes par minute</td>
                  <td>
                    <Form method="post" className="inline-form">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="id" value={key.id} />
                      <input type="hidden" name="name" value={key.name} />
                      <button type="submit" className="button button--danger button--small" disabled={busy}>
                        Révoquer<span className="visually-hidden"> la clé « {key.name} »</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p>La date de dernière utilisation est mise à jour au plus une fois par minute.</p>
      </section>

      <section aria-labelledby="titre-creer" className="panel">
        <h2 id="titre-creer">Créer une clé</h2>
        {keys.length >= MAX_API_KEYS_PER_PERSON ? (
          <p>
            Vous avez atteint le maximum de {MAX_API_KEYS_PER_PERSON} clés. Révoquez une clé inutilisée pour en créer une autre.
          </p>
        ) : (
          <Form method="post" noValidate>
            <CsrfInput />
            <input type="hidden" name="intent" value="create" />
            <Field
              name="name"
              label="Nom de la clé"
              hint="Par exemple le site qui l’utilisera : « Site de la médiathèque »."
              required
              maxLength={80}
              autoComplete="off"
              error={createFields.name}
            />
            <button type="submit" className="button" disabled={busy}>
              Créer la clé
            </button>
          </Form>
        )}
      </section>
    </div>
  );
}
