import type { Base } from '@malle/schema/bases';
import { DEPARTEMENTS } from '@malle/schema/departements';
import { Field } from './form.tsx';

/** The fields of a base, shared by creation and settings. */
export function BaseFields({
  base,
  fields,
  showSlug,
}: {
  base?: Partial<Base> | undefined;
  fields: Record<string, string>;
  showSlug: boolean;
}) {
  return (
    <>
      <Field
        name="name"
        label="Nom de la base"
        required
        defaultValue={base?.name}
        error={fields.name}
        hint="Par exemple : Médiathèque de Saint-Étienne, Réseau des conseillers du Cantal."
      />
      {showSlug ? (
        <Field
          name="slug"
          label="Adresse de la base (facultatif)"
          defaultValue={base?.slug}
          error={fields.slug}
          hint="Lettres minuscules sans accent, chiffres et tirets. Laissez vide pour la créer à partir du nom."
        />
      ) : null}
      <div className={`field${fields.description ? ' field--error' : ''}`}>
        <label htmlFor="champ-description">Description (facultatif)</label>
        <textarea
          id="champ-description"
          name="description"
          rows={4}
          maxLength={2000}
          defaultValue={base?.description}
          aria-invalid={fields.description ? true : undefined}
          aria-describedby={fields.description ? 'champ-description-erreur' : undefined}
        />
        {fields.description ? (
          <p className="field__error" id="champ-description-erreur">
            {fields.description}
          </p>
        ) : null}
      </div>
      <div className={`field${fields.departement ? ' field--error' : ''}`}>
        <label htmlFor="champ-departement">Département (facultatif)</label>
        <select id="champ-departement" name="departement" defaultValue={base?.departement ?? ''}>
          <option value="">Non précisé</option>
          {DEPARTEMENTS.map(([code, name]) => (
            <option key={code} value={code}>
              {name} ({code})
            </option>
          ))}
        </select>
        {fields.departement ? <p className="field__error">{fields.departement}</p> : null}
      </div>
      <Field
        name="contactEmail"
        label="Adresse e-mail de contact (facultatif)"
        type="email"
        defaultValue={base?.contactEmail ?? ''}
        error={fields.contactEmail}
      />
      <div className="checkbox">
        <input
          type="checkbox"
          id="champ-contact-public"
          name="contactEmailPublic"
          value="oui"
          defaultChecked={base?.contactEmailPublic ?? false}
        />
        <label htmlFor="champ-contact-public">Afficher l’adresse de contact à tout le monde</label>
      </div>
      <fieldset className="field">
        <legend>Visibilité</legend>
        <div className="radio">
          <input type="radio" id="base-publique" name="isPublic" value="oui" defaultChecked={base?.isPublic ?? true} />
          <label htmlFor="base-publique">Publique : tout le monde voit la base et peut demander à la rejoindre</label>
        </div>
        <div className="radio">
          <input type="radio" id="base-privee" name="isPublic" value="non" defaultChecked={base?.isPublic === false} />
          <label htmlFor="base-privee">Privée : seuls ses membres la voient</label>
        </div>
      </fieldset>
    </>
  );
}
