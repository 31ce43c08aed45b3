import type { Collection } from '@malle/schema/collections';
import {
  DEFAULT_ACCENT,
  EMBED_SANDBOX,
  EmbedQuery,
  iframeSnippet,
  LAYOUTS,
  MAX_ITEMS,
  normalizeHex,
  scriptSnippet,
  type Layout,
} from '@malle/schema/embeds';
import type { Sheet } from '@malle/schema/sheets';
import { useEffect, useRef, useState } from 'react';
import { data, Form, Link, useLoaderData, useSubmit } from 'react-router';
import type { Route } from './+types/embed-builder';
import { callApi } from '../lib/api.server.ts';
import { frenchDate } from '../lib/format.ts';

interface EmbedStats {
  since: string;
  total: number;
  domains: { domain: string; views: number }[];
}

const LAYOUT_LABELS: Record<Layout, { label: string; hint: string }> = {
  liste: { label: 'Liste', hint: 'une fiche par ligne, avec son résumé' },
  grille: { label: 'Grille', hint: 'des cartes côte à côte sur les grands écrans' },
  compacte: { label: 'Compacte', hint: 'les titres seulement, pour une colonne étroite' },
};

/**
 * "Intégrer sur votre site": builds the one-line snippet (script or iframe) for a collection or a
 * sheet, shows a live preview of the real embed, and, for a collection's editors, where it is shown.
 */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const key = url.searchParams.get('cle');
  const keyQuery = key ? `?cle=${encodeURIComponent(key)}` : '';
  let target: {
    kind: 'collection' | 'sheet';
    ref: string;
    title: string;
    visibility: string;
    canEdit: boolean;
    secret: string | null;
  };
  if (params.id) {
    const res = await callApi<Collection>(request, context, `/api/v1/collections/${encodeURIComponent(params.id)}${keyQuery}`);
    if (!res.ok) throw data(null, { status: res.status === 400 ? 404 : res.status });
    const c = res.data;
    target = {
      kind: 'collection',
      ref: c.id,
      title: c.title,
      visibility: c.visibility,
      canEdit: c.canEdit,
      secret: key ?? c.secretLinkToken,
    };
  } else {
    const res = await callApi<Sheet>(request, context, `/api/v1/sheets/${encodeURIComponent(params.slug ?? '')}${keyQuery}`);
    if (!res.ok) throw data(null, { status: res.status === 400 ? 404 : res.status });
    const s = res.data;
    target = {
      kind: 'sheet',
      ref: s.slug,
      title: s.version?.title ?? s.slug,
      visibility: s.visibility,
      canEdit: s.viewer.canEdit,
      secret: key ?? s.secretLinkToken,
    };
  }
  // The options as the embed itself reads them: an invalid one is reported and left out.
  const raw = Object.fromEntries(
    ['couleur', 'disposition', 'max', 'recherche'].map((k) => [k, url.searchParams.get(k) ?? undefined]),
  );
  const parsed = EmbedQuery.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v)));
  const options = parsed.success ? parsed.data : EmbedQuery.parse({});
  let stats: EmbedStats | null = null;
  if (target.kind === 'collection' && target.canEdit) {
    const res = await callApi<EmbedStats>(request, context, `/api/v1/collections/${target.ref}/embed-stats?jours=30`);
    stats = res.ok ? res.data : null;
  }
  return {
    target,
    options: {
      couleur: options.couleur ? normalizeHex(options.couleur) : DEFAULT_ACCENT,
      disposition: options.disposition,
      max: options.max,
      recherche: options.recherche === '1' || options.recherche === 'oui',
    },
    optionError: parsed.success ? null : (parsed.error.issues[0]?.message ?? null),
    origin: context.publicUrl,
    stats,
  };
}

export const meta = ({ data }: Route.MetaArgs) => [
  { title: data ? `Intégrer « ${data.target.title} » sur votre site – Malle` : 'Intégrer sur votre site – Malle' },
  { name: 'robots', content: 'noindex' },
];

type Options = ReturnType<typeof useLoaderData<typeof loader>>['options'];

/** The embed's options that differ from the defaults, as its query (and embed.js's data- attributes). */
function embedParams(options: Options, secret: string | null, kind: 'collection' | 'sheet'): URLSearchParams {
  const params = new URLSearchParams();
  if (options.couleur.toLowerCase() !== DEFAULT_ACCENT) params.set('couleur', options.couleur.replace(/^#/, ''));
  if (kind === 'collection') {
    if (options.disposition !== 'liste') params.set('disposition', options.disposition);
    if (options.max !== MAX_ITEMS) params.set('max', String(options.max));
    if (options.recherche) params.set('recherche', '1');
  }
  if (secret) params.set('cle', secret);
  return params;
}

export default function EmbedBuilder() {
  const { target, options, optionError, origin, stats } = useLoaderData<typeof loader>();
  const submit = useSubmit();
  const shareable = target.visibility === 'public' || (target.visibility === 'secret_link' && target.secret);
  const noun = target.kind === 'collection' ? 'collection' : 'fiche';
  const pagePath = target.kind === 'collection' ? `/collections/${target.ref}` : `/fiches/${target.ref}`;
  const secret = target.visibility === 'secret_link' ? target.secret : null;
  const params = embedParams(options, secret, target.kind);
  const src = `${origin}/embed/${target.kind === 'collection' ? 'collections' : 'fiches'}/${target.ref}${params.toString() ? `?${params}` : ''}`;
  const frameTitle =
    target.kind === 'collection' ? `${target.title} – collection de fiches Malle` : `${target.title} – fiche Malle`;
  const scriptCode = scriptSnippet(
    origin,
    target.kind === 'collection' ? { collection: target.ref } : { fiche: target.ref },
    params,
    frameTitle,
  );
  const iframeCode = iframeSnippet(src, frameTitle, '100%', 600);
  const pageUrl = `${origin}${pagePath}${secret ? `?cle=${encodeURIComponent(secret)}` : ''}`;

  return (
    <div className="container">
      <p>
        <Link to={`${pagePath}${secret ? `?cle=${encodeURIComponent(secret)}` : ''}`}>← Retour à la {noun}</Link>
      </p>
      <h1>Intégrer « {target.title} » sur votre site</h1>
      {!shareable ? (
        <div className="alert alert--info">
          <p>
            Cette {noun} est privée : elle ne peut pas être affichée sur un autre site.{' '}
            {target.canEdit
              ? `Rendez-la publique, ou partagez-la par lien secret, depuis la page de la ${noun}.`
              : `Demandez à ses auteurs de la rendre publique.`}
          </p>
        </div>
      ) : (
        <>
          <p className="lead">
            Affichez cette {noun} sur le site de votre structure : elle reste à jour toute seule, sans cookie ni traceur, et
            chaque fiche s’ouvre sur Malle dans un nouvel onglet.
          </p>
          {secret ? (
            <p className="alert alert--warning">
              Cette {noun} est partagée par lien secret : le code d’intégration contient ce lien. Toute personne qui visite la
              page où vous l’intégrez pourra la lire.
            </p>
          ) : null}

          <section aria-labelledby="titre-options" className="panel">
            <h2 id="titre-options">Apparence</h2>
            {optionError ? (
              <p className="alert alert--error" role="alert">
                {optionError}
              </p>
            ) : null}
            <Form
              method="get"
              replace
              preventScrollReset
              onChange={(event) => void submit(event.currentTarget, { replace: true, preventScrollReset: true })}
            >
              {secret && target.visibility === 'secret_link' ? <input type="hidden" name="cle" value={secret} /> : null}
              <div className="field">
                <label htmlFor="champ-couleur">Couleur des titres et des liens</label>
                <p className="field__hint" id="champ-couleur-aide">
                  Une couleur trop claire est assombrie pour rester lisible.
                </p>
                <input
                  id="champ-couleur"
                  name="couleur"
                  type="color"
                  defaultValue={options.couleur}
                  aria-describedby="champ-couleur-aide"
                />
              </div>
              {target.kind === 'collection' ? (
                <>
                  <fieldset className="field">
                    <legend>Disposition</legend>
                    {LAYOUTS.map((layout) => (
                      <div className="radio" key={layout}>
                        <input
                          type="radio"
                          id={`disposition-${layout}`}
                          name="disposition"
                          value={layout}
                          defaultChecked={options.disposition === layout}
                        />
                        <label htmlFor={`disposition-${layout}`}>
                          {LAYOUT_LABELS[layout].label} <span className="muted">({LAYOUT_LABELS[layout].hint})</span>
                        </label>
                      </div>
                    ))}
                  </fieldset>
                  <div className="field">
                    <label htmlFor="champ-max">Nombre maximal de fiches affichées</label>
                    <input id="champ-max" name="max" type="number" min={1} max={MAX_ITEMS} defaultValue={options.max} />
                  </div>
                  <div className="checkbox">
                    <input id="champ-recherche" name="recherche" type="checkbox" value="1" defaultChecked={options.recherche} />
                    <label htmlFor="champ-recherche">Ajouter une recherche parmi les fiches de la collection</label>
                  </div>
                </>
              ) : null}
              <p>
                <button type="submit" className="button button--secondary">
                  Mettre à jour l’aperçu et le code
                </button>
              </p>
            </Form>
          </section>

          <section aria-labelledby="titre-code">
            <h2 id="titre-code">Code à copier</h2>
            <Snippet id="code-script" label="Avec le script (recommandé : la hauteur s’ajuste au contenu)" value={scriptCode} />
            <Snippet id="code-iframe" label="Sans script (iframe de hauteur fixe)" value={iframeCode} />
            <Snippet
              id="code-lien"
              label="Pour WordPress et les autres CMS compatibles oEmbed : collez simplement l’adresse"
              value={pageUrl}
            />
            <p className="form-note">
              Pour afficher les fiches à votre façon, utilisez plutôt l’<Link to="/developpeurs">API publique</Link>.
            </p>
            <p className="form-note">
              Si votre site déclare une politique de sécurité des contenus (en-tête Content-Security-Policy), autorisez{' '}
              <code>{origin}</code> dans <code>script-src</code> et <code>frame-src</code>.
            </p>
          </section>

          <section aria-labelledby="titre-apercu">
            <h2 id="titre-apercu">Aperçu</h2>
            <Preview src={src} title={frameTitle} origin={origin} />
          </section>
        </>
      )}

      {stats ? (
        <section aria-labelledby="titre-affichages" className="panel">
          <h2 id="titre-affichages">Affichages sur d’autres sites</h2>
          <p>
            Depuis le {frenchDate(`${stats.since}T12:00:00Z`)} : {stats.total} affichage{stats.total > 1 ? 's' : ''}. Seul le nom
            du site est compté, jamais les personnes.
          </p>
          {stats.domains.length ? (
            <table className="table">
              <caption className="visually-hidden">Affichages par site, les 30 derniers jours</caption>
              <thead>
                <tr>
                  <th scope="col">Site</th>
                  <th scope="col">Affichages</th>
                </tr>
              </thead>
              <tbody>
                {stats.domains.map((d) => (
                  <tr key={d.domain}>
                    <td>{d.domain || 'Site non communiqué'}</td>
                    <td>{d.views}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">Aucun affichage pour l’instant.</p>
          )}
        </section>
      ) : null}
    </div>
  );
}

function Snippet({ id, label, value }: { id: string; label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} readOnly rows={value.length > 160 ? 4 : 2} value={value} onFocus={(e) => e.currentTarget.select()} />
      <button
        type="button"
        className="button button--small button--secondary"
        onClick={() => {
          void navigator.clipboard?.writeText(value).then(() => setCopied(true));
        }}
      >
        Copier
      </button>
      <span role="status" className="muted">
        {copied ? ' Copié dans le presse-papiers.' : ''}
      </span>
    </div>
  );
}

/** The real embed, resized like embed.js does it: only messages from this frame and Malle's origin. */
function Preview({ src, title, origin }: { src: string; title: string; origin: string }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(500);
  useEffect(() => {
    function onMessage(event: MessageEvent) {
      if (event.source !== frame.current?.contentWindow) return;
      if (event.origin !== origin && event.origin !== 'null') return;
      const message = event.data as { type?: unknown; height?: unknown };
      if (
        message?.type === 'malle:resize' &&
        typeof message.height === 'number' &&
        message.height > 0 &&
        message.height < 100_000
      )
        setHeight(Math.ceil(message.height));
    }
    window.addEventListener('message', onMessage);
    // The embed may have sent its height before this page was hydrated: ask again. The frame has an
    // opaque origin (sandbox without allow-same-origin), hence "*"; it answers only its parent.
    ping();
    return () => window.removeEventListener('message', onMessage);
  }, [origin]);
  function ping() {
    frame.current?.contentWindow?.postMessage({ type: 'malle:ping' }, '*');
  }
  return (
    <iframe
      ref={frame}
      onLoad={ping}
      src={`${src}#parent=${encodeURIComponent(origin)}`}
      title={`Aperçu : ${title}`}
      className="embed-preview"
      height={height}
      sandbox={EMBED_SANDBOX}
    />
  );
}
