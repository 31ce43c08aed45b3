import { Form } from 'react-router';
import { CsrfInput } from './form.tsx';

/**
 * The "Lien secret" panel of a sheet or a collection: the link to give out, and the form that
 * replaces it (the route's action handles `intent=renew-link`).
 */
export function SecretLinkPanel({ url, reads, renewed = false }: { url: string; reads: string; renewed?: boolean }) {
  return (
    <section aria-labelledby="titre-lien-secret" className="panel no-print">
      <h2 id="titre-lien-secret">Lien secret</h2>
      {renewed ? (
        <p className="alert alert--success" role="status">
          Nouveau lien créé : l’ancien ne fonctionne plus.
        </p>
      ) : null}
      <p>Toute personne qui a ce lien peut {reads}, sans compte :</p>
      <p>
        <code className="secret-link">{url}</code>
      </p>
      <Form method="post">
        <CsrfInput />
        <input type="hidden" name="intent" value="renew-link" />
        <button type="submit" className="button button--secondary">
          Renouveler le lien (l’ancien cessera de fonctionner)
        </button>
      </Form>
    </section>
  );
}
