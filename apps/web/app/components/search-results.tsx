import {
  SEARCH_TABS,
  SORT_LABELS,
  SEARCH_SORTS,
  type SearchFacet,
  type SearchHit,
  type SearchResult,
} from '@malle/schema/search';
import { Form, Link } from 'react-router';
import { frenchDate } from '../lib/format.ts';
import { searchUrl, withoutFilter, type SearchState } from '../lib/search-state.ts';

/** Hit texts are HTML from our API: escaped there, with <mark> around matches only. */
function Html({ html, as: Tag = 'span', className }: { html: string; as?: 'span' | 'p'; className?: string }) {
  return <Tag className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('fr-FR')} ${n > 1 ? many : one}`;

/** Who a sheet or collection belongs to: a base (linked) or a person. */
function Owner({ owner }: { owner: { kind: 'base' | 'person'; slug: string | null; name: string } }) {
  return owner.kind === 'base' ? (
    <>
      Base <Link to={`/bases/${owner.slug ?? ''}`}>{owner.name}</Link>
    </>
  ) : (
    <>Par {owner.name}</>
  );
}

function Hit({ hit }: { hit: SearchHit }) {
  switch (hit.type) {
    case 'sheet':
      return (
        <li className="hit">
          <p className="hit__kind">Fiche</p>
          <h3 className="hit__title">
            <Link to={`/fiches/${hit.slug}`}>
              <Html html={hit.title} />
            </Link>
          </h3>
          <p className="muted">
            <Owner owner={hit.owner} /> · publiée le {frenchDate(hit.publishedAt)}
            {hit.adaptationCount ? ` · ${plural(hit.adaptationCount, 'adaptation', 'adaptations')}` : ''}
            {hit.rating ? ` · ${hit.rating.score.toFixed(1).replace('.', ',')}/5 (${hit.rating.count} avis)` : ''}
            {hit.access === 'restricted' ? <span className="badge">Réservée aux membres</span> : null}
            {hit.hasQuiz ? <span className="badge">Quiz</span> : null}
          </p>
          {hit.summary ? <Html as="p" html={hit.summary} /> : null}
          {hit.snippet ? <Html as="p" className="hit__snippet" html={hit.snippet} /> : null}
          {hit.themes.length ? (
            <ul className="tags" aria-label="Thématiques">
              {hit.themes.map((t) => (
                <li key={t}>{t}</li>
              ))}
            </ul>
          ) : null}
        </li>
      );
    case 'base':
      return (
        <li className="hit">
          <p className="hit__kind">Base</p>
          <h3 className="hit__title">
            <Link to={`/bases/${hit.slug}`}>
              <Html html={hit.name} />
            </Link>
          </h3>
          <p className="muted">
            {hit.departement ? `${hit.departement} · ` : ''}
            {plural(hit.memberCount, 'membre', 'membres')} · {plural(hit.sheetCount, 'fiche', 'fiches')}
            {hit.access === 'restricted' ? <span className="badge">Privée</span> : null}
          </p>
          {hit.description ? <Html as="p" html={hit.description} /> : null}
        </li>
      );
    case 'collection':
      return (
        <li className="hit">
          <p className="hit__kind">Collection</p>
          <h3 className="hit__title">
            <Link to={`/collections/${hit.id}`}>
              <Html html={hit.title} />
            </Link>
          </h3>
          <p className="muted">
            <Owner owner={hit.owner} /> · {plural(hit.itemCount, 'fiche', 'fiches')}
            {hit.access === 'restricted' ? <span className="badge">Privée</span> : null}
          </p>
          {hit.description ? <Html as="p" html={hit.description} /> : null}
        </li>
      );
    case 'profile':
      return (
        <li className="hit">
          <p className="hit__kind">Profil</p>
          <h3 className="hit__title">
            <Link to={`/profils/${hit.id}`}>
              <Html html={hit.name} />
            </Link>
          </h3>
          <p className="muted">
            {hit.departement ? `${hit.departement} · ` : ''}
            {plural(hit.sheetCount, 'fiche publiée', 'fiches publiées')}
          </p>
          {hit.bio ? <Html as="p" html={hit.bio} /> : null}
        </li>
      );
  }
}

function Facets({ facets, state, pathname }: { facets: SearchFacet[]; state: SearchState; pathname: string }) {
  const activeCount = Object.values(state.filters).reduce((n, v) => n + v.length, 0);
  const tab = SEARCH_TABS.find((t) => t.type === state.type)!;
  return (
    // <details> folds the panel on small screens; it is open by default and keyboard-operable.
    <details className="filters" open>
      <summary>Filtres{activeCount ? ` (${activeCount} actif${activeCount > 1 ? 's' : ''})` : ''}</summary>
      <Form method="get" action={pathname} className="filters__form" aria-label="Filtrer les résultats">
        {state.q ? <input type="hidden" name="q" value={state.q} /> : null}
        {tab.type !== 'all' ? <input type="hidden" name="onglet" value={tab.param} /> : null}
        {state.sort !== 'pertinence' ? <input type="hidden" name="tri" value={state.sort} /> : null}
        <button type="submit">Appliquer les filtres</button>
        {facets
          .filter((f) => f.values.length)
          .map((facet) => (
            <fieldset key={facet.key} className="facet">
              <legend>{facet.label}</legend>
              <ul className="facet__values">
                {facet.values.map((v) => {
                  const id = `filtre-${facet.param}-${v.value}`;
                  return (
                    <li key={v.value} className="checkbox">
                      <input type="checkbox" id={id} name={facet.param} value={v.value} defaultChecked={v.selected} />
                      <label htmlFor={id}>
                        {v.label} <span className="facet__count">({v.count.toLocaleString('fr-FR')})</span>
                      </label>
                    </li>
                  );
                })}
              </ul>
            </fieldset>
          ))}
        <button type="submit">Appliquer les filtres</button>
      </Form>
    </details>
  );
}

function labelOf(facets: SearchFacet[], key: string, value: string): { facet: string; value: string } {
  const facet = facets.find((f) => f.key === key);
  return { facet: facet?.label ?? key, value: facet?.values.find((v) => v.value === value)?.label ?? value };
}

function Pagination({ result, state, pathname }: { result: SearchResult; state: SearchState; pathname: string }) {
  if (result.totalPages <= 1) return null;
  const last = Math.min(result.totalPages, 1000);
  const pages = [...new Set([1, state.page - 2, state.page - 1, state.page, state.page + 1, state.page + 2, last])]
    .filter((p) => p >= 1 && p <= last)
    .sort((a, b) => a - b);
  return (
    <nav aria-label="Pagination" className="pagination">
      <ul>
        {state.page > 1 ? (
          <li>
            <Link to={searchUrl(pathname, state, { page: state.page - 1 })}>Page précédente</Link>
          </li>
        ) : null}
        {pages.map((p) => (
          <li key={p}>
            {p === state.page ? (
              <span aria-current="page">{p}</span>
            ) : (
              <Link to={searchUrl(pathname, state, { page: p })} aria-label={`Page ${p}`}>
                {p}
              </Link>
            )}
          </li>
        ))}
        {state.page < last ? (
          <li>
            <Link to={searchUrl(pathname, state, { page: state.page + 1 })}>Page suivante</Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

/** The results page: search box, tabs with counts, filters, chips, sort, hits, pagination. */
export function SearchView({
  state,
  pathname,
  result,
  error,
  fixedLabel,
}: {
  state: SearchState;
  pathname: string;
  result: SearchResult | null;
  error: string | null;
  /** Shown for a landing page's fixed filter (e.g. a theme group). */
  fixedLabel?: string;
}) {
  const tab = SEARCH_TABS.find((t) => t.type === state.type)!;
  const facets = result?.facets ?? [];
  const chips = Object.entries(state.filters).flatMap(([key, values]) => values.map((value) => ({ key, value })));
  const total = result?.total ?? 0;
  return (
    <div className="search-page">
      <Form method="get" action={pathname} role="search" aria-label="Dans cette page de résultats" className="search-page__form">
        <label htmlFor="recherche-page">Rechercher{fixedLabel ? ` dans « ${fixedLabel} »` : ''}</label>
        <div className="search-page__row">
          <input id="recherche-page" type="search" name="q" defaultValue={state.q} key={state.q} />
          {tab.type !== 'all' ? <input type="hidden" name="onglet" value={tab.param} /> : null}
          <button type="submit">Rechercher</button>
        </div>
      </Form>

      {result ? (
        <nav aria-label="Types de résultats" className="search-tabs">
          <ul>
            {SEARCH_TABS.filter((t) => !fixedLabel || t.type === 'sheets').map((t) => {
              const count =
                t.type === 'all'
                  ? result.totals.sheets + result.totals.bases + result.totals.collections + result.totals.profiles
                  : result.totals[t.type];
              const current = t.type === state.type;
              return (
                <li key={t.type}>
                  <Link
                    to={searchUrl(pathname, state, {
                      type: t.type,
                      page: 1,
                      filters: t.type === state.type ? state.filters : {},
                    })}
                    aria-current={current ? 'page' : undefined}
                  >
                    {t.label} <span className="search-tabs__count">({count.toLocaleString('fr-FR')})</span>
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
      ) : null}

      {error ? (
        <div className="alert alert--error" role="alert">
          <p>{error}</p>
          <p>
            <Link to={searchUrl(pathname, { ...state, filters: {} }, { page: 1 })}>Relancer la recherche sans filtre</Link>
          </p>
        </div>
      ) : null}

      {result ? (
        <div className={facets.length ? 'search-layout' : 'search-layout search-layout--single'}>
          {facets.length ? <Facets facets={facets} state={state} pathname={pathname} /> : null}
          <section aria-labelledby="resultats-titre" className="search-results">
            <div className="search-results__header">
              <h2 id="resultats-titre" aria-live="polite">
                {plural(total, 'résultat', 'résultats')}
                {state.q ? ` pour « ${state.q} »` : ''}
              </h2>
              {state.type !== 'all' ? (
                <Form method="get" action={pathname} className="inline-form">
                  {state.q ? <input type="hidden" name="q" value={state.q} /> : null}
                  <input type="hidden" name="onglet" value={tab.param} />
                  {chips.map((c) => {
                    const param = facets.find((f) => f.key === c.key)?.param;
                    return param ? <input key={`${c.key}-${c.value}`} type="hidden" name={param} value={c.value} /> : null;
                  })}
                  <label htmlFor="tri">Trier par</label>
                  <select id="tri" name="tri" defaultValue={state.sort} key={state.sort}>
                    {SEARCH_SORTS.map((s) => (
                      <option key={s} value={s}>
                        {SORT_LABELS[s]}
                      </option>
                    ))}
                  </select>
                  <button type="submit" className="button--secondary">
                    Trier
                  </button>
                </Form>
              ) : null}
            </div>

            {chips.length ? (
              <div className="chips">
                <p className="visually-hidden">Filtres actifs :</p>
                <ul>
                  {chips.map((c) => {
                    const l = labelOf(facets, c.key, c.value);
                    return (
                      <li key={`${c.key}-${c.value}`}>
                        <Link to={searchUrl(pathname, withoutFilter(state, c.key, c.value))} className="chip">
                          <span className="visually-hidden">Retirer le filtre </span>
                          {l.facet} : {l.value} <span aria-hidden="true">×</span>
                        </Link>
                      </li>
                    );
                  })}
                  <li>
                    <Link to={searchUrl(pathname, { ...state, filters: {}, page: 1 })}>Retirer tous les filtres</Link>
                  </li>
                </ul>
              </div>
            ) : null}

            {result.hits.length ? (
              <ol className="hits">
                {result.hits.map((hit) => (
                  <Hit key={`${hit.type}-${hit.id}`} hit={hit} />
                ))}
              </ol>
            ) : (
              <div className="no-result">
                <p>
                  <strong>Aucun résultat{state.q ? ` pour « ${state.q} »` : ''}.</strong>
                </p>
                {chips.length ? (
                  <>
                    <p>Essayez de retirer un filtre :</p>
                    <ul>
                      {chips.map((c) => {
                        const l = labelOf(facets, c.key, c.value);
                        return (
                          <li key={`${c.key}-${c.value}`}>
                            <Link to={searchUrl(pathname, withoutFilter(state, c.key, c.value))}>
                              Retirer « {l.value} » ({l.facet})
                            </Link>
                          </li>
                        );
                      })}
                    </ul>
                  </>
                ) : (
                  <p>
                    Vérifiez l’orthographe, essayez un mot plus général ou un synonyme (par exemple « courriel » pour « mail »).
                  </p>
                )}
                {state.type !== 'all' && !fixedLabel ? (
                  <p>
                    <Link to={searchUrl(pathname, { ...state, type: 'all', filters: {}, page: 1 })}>Chercher partout</Link>
                  </p>
                ) : null}
              </div>
            )}
            <Pagination result={result} state={state} pathname={pathname} />
          </section>
        </div>
      ) : null}
    </div>
  );
}
