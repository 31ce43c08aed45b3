/**
 * The HTML of embed pages (ADR 012): one self-contained document per collection or sheet, with its
 * own small stylesheet and script inline, so that an embed costs exactly two requests (embed.js
 * and this page) and reaches no other host. Their hashes go into the page's CSP: no nonce, since
 * the page is cached and served many times.
 */
import { createHash } from 'node:crypto';
import escapeHtml from 'escape-html';
import type { EmbedOptions } from './options.ts';

export interface EmbedCard {
  url: string;
  title: string;
  summary: string;
  /** The curator's note on this sheet, in a collection. */
  note: string;
  owner: string;
  themes: string[];
  kinds: { id: string; label: string }[];
  rating: { score: number | null; count: number };
}

export interface CollectionEmbed {
  title: string;
  description: string;
  owner: string;
  url: string;
  /** Every readable sheet of the collection; `cards` may show fewer (option max). */
  total: number;
  cards: EmbedCard[];
}

export interface RenderedPage {
  html: string;
  /** The Content-Security-Policy of this exact page. */
  csp: string;
}

const esc = (value: string) => escapeHtml(value);
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

const CSS = `*{box-sizing:border-box}html{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Ubuntu,sans-serif;color:#1f2937;background:#fff}body{margin:0}#malle{display:flow-root;padding:16px}a{color:var(--a)}a:focus-visible,input:focus-visible{outline:3px solid var(--a);outline-offset:2px}h1{font-size:1.25rem;line-height:1.3;margin:0}.by{margin:2px 0 0;color:#4b5563;font-size:.875rem}.desc{margin:8px 0 0}ul{list-style:none;margin:0;padding:0}.cards{display:grid;gap:12px;margin-top:16px}.grille .cards{grid-template-columns:repeat(auto-fill,minmax(220px,1fr))}.card{border:1px solid #d1d5db;border-top:4px solid var(--a);border-radius:8px;padding:12px 14px}.card h2{font-size:1.0625rem;line-height:1.35;margin:0}.card h2 a{text-decoration:none}.card h2 a:hover{text-decoration:underline}.compacte .cards{gap:6px}.compacte .card{border-top-width:1px;border-left:4px solid var(--a);padding:8px 12px}.compacte .card h2{font-size:1rem}.sum,.note{margin:6px 0 0}.note{font-style:italic;color:#374151}.meta{display:flex;flex-wrap:wrap;align-items:center;gap:6px;margin-top:8px;font-size:.8125rem;color:#374151}.compacte .meta{margin-top:4px}.tag{background:#f3f4f6;border-radius:999px;padding:1px 8px}.kind{display:inline-flex;align-items:center;gap:3px}.kind svg{width:14px;height:14px;fill:none;stroke:currentColor;stroke-width:2}.score{font-weight:600}.search{margin-top:12px}.search label{display:block;font-weight:600;font-size:.875rem;margin-bottom:2px}.search input{width:100%;font:inherit;padding:6px 8px;border:1px solid #6b7280;border-radius:6px}.open{display:inline-block;margin-top:12px;padding:8px 14px;border-radius:6px;background:var(--a);color:#fff;font-weight:600;text-decoration:none}footer{display:flex;flex-wrap:wrap;justify-content:space-between;gap:8px;margin-top:12px;font-size:.8125rem;color:#4b5563}.sr,.defs{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}[hidden]{display:none!important}`;

/**
 * Resizes the frame through postMessage, only to the parent origin embed.js names in the fragment
 * (never sent to the server, so it does not split the cache), answers the parent's pings only
 * from that window and origin, and filters the cards as one types (accents and case ignored).
 */
const SCRIPT = `(function(){var d=document,w=window,p=w.parent,r=d.getElementById('malle'),m=/[#&]parent=([^&]+)/.exec(location.hash),o=null;try{o=m&&new URL(decodeURIComponent(m[1])).origin}catch(e){}if(!/^https?:\\/\\//.test(o||''))o=null;function send(){if(o&&p!==w)p.postMessage({type:'malle:resize',height:Math.ceil(r.getBoundingClientRect().height),title:d.title},o)}if(w.ResizeObserver)new ResizeObserver(send).observe(r);w.addEventListener('load',send);w.addEventListener('message',function(e){if(e.source===p&&e.origin===o&&e.data&&e.data.type==='malle:ping')send()});var q=d.getElementById('q');if(!q)return;var c=[].slice.call(d.querySelectorAll('.card')),s=d.getElementById('count'),z=d.getElementById('none');function n(t){return t.normalize('NFD').replace(/[\\u0300-\\u036f]/g,'').toLowerCase()}q.addEventListener('input',function(){var t=n(q.value).split(/\\s+/).filter(Boolean),k=0;c.forEach(function(e){var a=e.getAttribute('data-text'),ok=t.every(function(x){return a.indexOf(x)>=0});e.hidden=!ok;if(ok)k++});z.hidden=k>0;s.textContent=t.length?k+(k>1?' fiches correspondent':' fiche correspond')+' à votre recherche.':''})})();`;
const SCRIPT_HASH = sha256(SCRIPT);

/** One glyph per attachment kind (drawn with strokes, 24×24), only those a page uses are sent. */
const ICONS: Record<string, string> = {
  pdf: '<path d="M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8z"/><path d="M14 2v6h6M8 13h8M8 17h5"/>',
  texte: '<path d="M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8z"/><path d="M14 2v6h6M8 13h8M8 17h8"/>',
  diaporama: '<rect x="2" y="3" width="20" height="14" rx="2"/><path d="M8 21h8M12 17v4"/>',
  tableur: '<rect x="3" y="3" width="18" height="18" rx="2"/><path d="M3 9h18M3 15h18M9 3v18"/>',
  image: '<rect x="3" y="3" width="18" height="18" rx="2"/><circle cx="9" cy="9" r="2"/><path d="m21 15-5-5L5 21"/>',
  audio: '<path d="M9 18V5l12-2v13"/><circle cx="6" cy="18" r="3"/><circle cx="18" cy="16" r="3"/>',
  video: '<rect x="2" y="5" width="14" height="14" rx="2"/><path d="m22 7-6 5 6 5z"/>',
};

/** Lowercase, without accents: what the in-page search compares against. */
function searchText(card: EmbedCard): string {
  return [card.title, card.summary, card.note, card.owner, ...card.themes, ...card.kinds.map((k) => k.label)]
    .join(' ')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

const frenchNumber = (n: number) => n.toLocaleString('fr-FR', { maximumFractionDigits: 1 });
const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

function ratingLine(rating: EmbedCard['rating']): string {
  if (rating.score === null) return '';
  const score = frenchNumber(rating.score);
  return `<span class="score"><span aria-hidden="true">★ ${score}/5</span><span class="sr">Note ${score} sur 5</span> (${esc(plural(rating.count, 'avis', 'avis'))})</span>`;
}

function meta(card: EmbedCard): string {
  const parts = [
    ratingLine(card.rating),
    ...card.themes.slice(0, 3).map((t) => `<span class="tag">${esc(t)}</span>`),
    ...card.kinds.map(
      (k) =>
        `<span class="kind"><svg aria-hidden="true" focusable="false"><use href="#i-${esc(k.id)}"/></svg>${esc(k.label)}</span>`,
    ),
  ].filter(Boolean);
  if (!parts.length) return '';
  return `<p class="meta">${card.themes.length ? '<span class="sr">Thématiques et documents : </span>' : ''}${parts.join('')}</p>`;
}

const NEW_TAB = '<span class="sr"> (nouvel onglet)</span>';

function cardHtml(card: EmbedCard, layout: EmbedOptions['layout']): string {
  const full = layout !== 'compacte';
  return `<li class="card" data-text="${esc(searchText(card))}"><h2><a href="${esc(card.url)}" target="_blank" rel="noopener">${esc(card.title)}${NEW_TAB}</a></h2>${
    full && card.summary ? `<p class="sum">${esc(truncate(card.summary, 220))}</p>` : ''
  }${full && card.note ? `<p class="note"><span class="sr">Note de la collection : </span>${esc(card.note)}</p>` : ''}${meta(card)}</li>`;
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20)).trimEnd()}…`;
}

function icons(cards: EmbedCard[]): string {
  const used = [...new Set(cards.flatMap((c) => c.kinds.map((k) => k.id)))].filter((id) => ICONS[id]);
  if (!used.length) return '';
  return `<svg class="defs" aria-hidden="true" focusable="false">${used
    .map((id) => `<symbol id="i-${id}" viewBox="0 0 24 24">${ICONS[id]}</symbol>`)
    .join('')}</svg>`;
}

function page(options: { title: string; accent: string; layout: string; body: string; withScript: boolean }): RenderedPage {
  const style = `:root{--a:${options.accent}}${CSS}`;
  const html = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${esc(
    options.title,
  )}</title><style>${style}</style></head><body><div id="malle" class="${options.layout}">${options.body}</div>${
    options.withScript ? `<script>${SCRIPT}</script>` : ''
  }</body></html>`;
  const csp = [
    "default-src 'none'",
    `style-src ${sha256(style)}`,
    options.withScript ? `script-src ${SCRIPT_HASH}` : "script-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    // The one kind of page any site may frame.
    'frame-ancestors *',
  ].join('; ');
  return { html, csp };
}

export function renderCollection(collection: CollectionEmbed, options: EmbedOptions): RenderedPage {
  const cards = collection.cards.slice(0, options.max);
  const more = collection.total - cards.length;
  const search =
    options.search && cards.length > 1
      ? '<div class="search" role="search"><label for="q">Rechercher dans cette collection</label><input id="q" type="search" autocomplete="off"></div><p id="count" class="sr" role="status"></p>'
      : '';
  const list = cards.length
    ? `<ul class="cards">${cards.map((c) => cardHtml(c, options.layout)).join('')}</ul>${
        search ? '<p id="none" hidden>Aucune fiche de cette collection ne correspond à votre recherche.</p>' : ''
      }`
    : '<p class="desc">Cette collection ne contient pas encore de fiche publique.</p>';
  const body = `<main><header><h1>${esc(collection.title)}</h1><p class="by">Collection de ${esc(collection.owner)} · ${esc(
    plural(collection.total, 'fiche', 'fiches'),
  )}</p>${
    collection.description && options.layout !== 'compacte'
      ? `<p class="desc">${esc(truncate(collection.description, 400))}</p>`
      : ''
  }</header>${search}${list}</main><footer><a href="${esc(collection.url)}" target="_blank" rel="noopener">${
    more > 0 ? `Voir les ${collection.total} fiches sur Malle` : 'Voir la collection sur Malle'
  }${NEW_TAB}</a><span>Fiches partagées sous licence libre par les médiateurs numériques</span></footer>${icons(cards)}`;
  return page({
    title: `${collection.title} – collection de fiches Malle`,
    accent: options.accent,
    layout: options.layout,
    body,
    withScript: true,
  });
}

export function renderSheet(card: EmbedCard, options: EmbedOptions): RenderedPage {
  const body = `<main><article class="card"><h1>${esc(card.title)}</h1><p class="by">Fiche de ${esc(card.owner)}</p>${
    card.summary ? `<p class="sum">${esc(truncate(card.summary, 400))}</p>` : ''
  }${meta(card)}<a class="open" href="${esc(card.url)}" target="_blank" rel="noopener">Ouvrir la fiche sur Malle${NEW_TAB}</a></article></main>${icons([card])}`;
  return page({ title: `${card.title} – fiche Malle`, accent: options.accent, layout: 'liste', body, withScript: true });
}

/** What a partner's visitors see when the embed cannot be shown (bad option, not public, gone). */
export function renderProblem(message: string): RenderedPage {
  return page({
    title: 'Contenu indisponible – Malle',
    accent: '#1d4ed8',
    layout: 'liste',
    body: `<main><h1>Contenu indisponible</h1><p class="desc">${esc(message)}</p></main>`,
    withScript: false,
  });
}
