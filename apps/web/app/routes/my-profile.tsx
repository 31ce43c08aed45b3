import { BIO_MAX_LENGTH, type Me } from '@malle/schema/accounts';
import { DEPARTEMENTS } from '@malle/schema/departements';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from 'react-router';
import type { Route } from './+types/my-profile';
import { CsrfInput, FormAlert, Field } from '../components/form.tsx';
import { callApi, fieldErrors, text } from '../lib/api.server.ts';
import { requireMe } from '../lib/session.server.ts';

export const meta = () => [{ title: 'Mon profil – Malle' }];

export async function loader({ request, context }: Route.LoaderArgs) {
  return { me: await requireMe(request, context) };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await request.formData();
  const departement = text(form, 'departement');
  const res = await callApi<Me>(request, context, '/api/v1/me/profile', {
    method: 'PUT',
    csrf: text(form, 'csrf'),
    json: {
      displayName: text(form, 'displayName'),
      bio: text(form, 'bio'),
      departement: departement === '' ? null : departement,
      profilePublic: text(form, 'profilePublic') === 'oui',
    },
  });
  if (res.ok) return { saved: true as const };
  return { saved: false as const, message: res.error.message, fields: fieldErrors(res.error) };
}

export default function MyProfile() {
  const { me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === 'submitting';
  const fields = result && !result.saved ? result.fields : {};
  return (
    <div className="narrow">
      <h1>Mon profil</h1>
      {params.get('bienvenue') === '1' ? (
        <p className="alert alert--success" role="status">
          Bienvenue sur Malle, {me.displayName} ! Votre compte est créé.
        </p>
      ) : null}
      {params.get('mot-de-passe') === 'modifie' ? (
        <p className="alert alert--success" role="status">
          Votre mot de passe a été modifié. Vos autres sessions ont été fermées.
        </p>
      ) : null}
      {result?.saved ? (
        <p className="alert alert--success" role="status">
          Profil enregistré.
        </p>
      ) : null}
      <FormAlert message={result && !result.saved ? result.message : undefined} fields={fields} />
      <p>
        Adresse e-mail du compte : <strong>{me.email}</strong> (jamais affichée publiquement).
      </p>
      <Form method="post" noValidate>
        <CsrfInput />
        <Field
          name="displayName"
          label="Nom affiché"
          autoComplete="name"
          required
          defaultValue={me.displayName}
          error={fields.displayName}
        />
        <div className={`field${fields.bio ? ' field--error' : ''}`}>
          <label htmlFor="champ-bio">Présentation courte (facultatif)</label>
          <p className="field__hint" id="champ-bio-aide">
            Votre métier, votre structure, vos thèmes d’atelier. {BIO_MAX_LENGTH} caractères au plus.
          </p>
          <textarea
            id="champ-bio"
            name="bio"
            rows={4}
            maxLength={BIO_MAX_LENGTH}
            defaultValue={me.bio}
            aria-describedby={`champ-bio-aide${fields.bio ? ' champ-bio-erreur' : ''}`}
            aria-invalid={fields.bio ? true : undefined}
          />
          {fields.bio ? (
            <p className="field__error" id="champ-bio-erreur">
              {fields.bio}
            </p>
          ) : null}
        </div>
        <div className={`field${fields.departement ? ' field--error' : ''}`}>
          <label htmlFor="champ-departement">Département (facultatif)</label>
          <select
            id="champ-departement"
            name="departement"
            defaultValue={me.departement ?? ''}
            aria-invalid={fields.departement ? true : undefined}
            aria-describedby={fields.departement ? 'champ-departement-erreur' : undefined}
          >
            <option value="">Non précisé</option>
            {DEPARTEMENTS.map(([code, name]) => (
              <option key={code} value={code}>
                {name} ({code})
              </option>
            ))}
          </select>
          {fields.departement ? (
            <p className="field__error" id="champ-departement-erreur">
              {fields.departement}
            </p>
          ) : null}
        </div>
        <fieldset className="field">
          <legend>Visibilité du profil</legend>
          <div className="radio">
            <input type="radio" id="visibilite-prive" name="profilePublic" value="non" defaultChecked={!me.profilePublic} />
            <label htmlFor="visibilite-prive">Privé : visible seulement par moi</label>
          </div>
          <div className="radio">
            <input type="radio" id="visibilite-public" name="profilePublic" value="oui" defaultChecked={me.profilePublic} />
            <label htmlFor="visibilite-public">Public : nom, présentation et département visibles par tous</label>
          </div>
        </fieldset>
        <button type="submit" className="button" disabled={busy}>
          Enregistrer mon profil
        </button>
      </Form>
      {me.profilePublic ? (
        <p>
          <Link to={`/profils/${me.id}`}>Voir mon profil public</Link>
        </p>
      ) : null}
      <p>
        <Link to="/mon-profil/cles-api">Mes clés d’API</Link> : pour afficher le contenu public de Malle sur un site partenaire.
      </p>
    </div>
  );
}
