import { createHash } from 'node:crypto';
import { brotliDecompressSync } from 'node:zlib';
import type { Collection } from '@malle/schema/collections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, fixtures } from '../../test/api-fixtures.ts';
import { signUp, type Agent } from '../../test/session-client.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { contrastWithWhite } from './options.ts';

let t: TestApp;
let owner: Agent;
let reader: Agent;
let collection: Collection;
let first: { slug: string; id: string };
let second: { slug: string; id: string };
let hidden: { slug: string; id: string };

beforeAll(async () => {
  t = await createTestApp();
  owner = await signUp(t.app);
  reader = await signUp(t.app);
  first = await publishedSheet(owner, null, 'Reconnaître un hameçonnage');
  second = await publishedSheet(owner, null, 'Créer son adresse e-mail');
  hidden = await publishedSheet(owner, null, 'Notes internes de l’équipe', 'private');
  collection = await newCollection(owner, 'Premiers pas en sécurité', 'public');
  for (const sheet of [first, second, hidden]) await addItem(owner, collection.id, sheet.slug);
});
afterAll(() => t.close());

const { call, publishedSheet, republish, createCollection, addToCollection } = fixtures(() => t.app);

const newCollection = (agent: Agent, title: string, visibility: 'public' | 'private' | 'secret_link') =>
  createCollection(agent, title, visibility);
const addItem = (agent: Agent, id: string, sheetSlug: string, note = '') => addToCollection(agent, id, sheetSlug, note);

function embed(url: string, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'GET', url, headers });
}

const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('embed pages', () => {
  it('render the public sheets of a public collection, with headers that let any site frame them and nothing else', async () => {
    const res = await embed(`/embed/collections/${collection.id}`, { cookie: owner.cookie });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.body;
    expect(html).toContain('Reconnaître un hameçonnage');
    expect(html).toContain('Créer son adresse e-mail');
    // Even its owner's cookie does not bring the private sheet into a page meant for everyone.
    expect(html).not.toContain('Notes internes');
    expect(html).toContain('2 fiches');
    expect(html).toContain(`href="${t.config.publicUrl}/fiches/${first.slug}"`);
    expect(html).toContain('target="_blank"');
    expect(html).toContain('Risques cyber');

    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain('frame-ancestors *');
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    // The inline style and script are allowed by their exact hashes, nothing else.
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(csp).toContain(`style-src ${sha(style)}`);
    expect(csp).toContain(`script-src ${sha(script)}`);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['cache-control']).toBe('public, no-cache');
    expect(res.headers['x-robots-tag']).toBe('noindex');
  });

  it('keeps every other answer unframeable', async () => {
    const res = await call(null, 'GET', `/api/v1/collections/${collection.id}`);
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('serves embed.js to any site, small and cacheable', async () => {
    const res = await embed('/embed.js', { 'accept-encoding': 'br, gzip' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.rawPayload.length).toBeLessThan(1500);
    expect(brotliDecompressSync(res.rawPayload).toString()).toContain("'malle:resize'");
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['cache-control']).toContain('max-age=3600');
  });

  it('does not exist for private collections, and opens secret-link ones with their key only', async () => {
    const mine = await newCollection(owner, 'Brouillon de parcours', 'private');
    await addItem(owner, mine.id, first.slug);
    const closed = await embed(`/embed/collections/${mine.id}`, { cookie: owner.cookie });
    expect(closed.statusCode).toBe(404);
    expect(closed.body).toContain('Contenu indisponible');
    expect(closed.body).not.toContain('Brouillon de parcours');
    expect(String(closed.headers['content-security-policy'])).toContain('frame-ancestors *');

    const secret = await newCollection(owner, 'Parcours partagé', 'secret_link');
    await addItem(owner, secret.id, second.slug);
    const key = secret.secretLinkToken!;
    expect((await embed(`/embed/collections/${secret.id}`)).statusCode).toBe(404);
    expect((await embed(`/embed/collections/${secret.id}?cle=wrong-key`)).statusCode).toBe(404);
    const open = await embed(`/embed/collections/${secret.id}?cle=${key}`);
    expect(open.statusCode).toBe(200);
    expect(open.body).toContain('Créer son adresse e-mail');
    expect(open.body).toContain(`/collections/${secret.id}?cle=${key}`);

    expect((await embed('/embed/collections/not-a-uuid')).statusCode).toBe(404);
    expect((await embed('/embed/collections/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('applies layout, length, search and colour options, and explains a bad option', async () => {
    const compact = (await embed(`/embed/collections/${collection.id}?disposition=compacte&max=1&recherche=1&utm_source=x`)).body;
    expect(compact).toContain('class="compacte"');
    expect(compact.match(/class="card"/g)).toHaveLength(1);
    expect(compact).not.toContain('class="sum"');
    expect(compact).toContain('Voir les 2 fiches sur Malle');
    // The search box needs at least two cards to be useful.
    expect(compact).not.toContain('type="search"');
    const searchable = (await embed(`/embed/collections/${collection.id}?recherche=1&disposition=grille`)).body;
    expect(searchable).toContain('<label for="q">Rechercher dans cette collection</label>');
    expect(searchable).toContain('data-text="reconnaitre un hameconnage');

    const light = (await embed(`/embed/collections/${collection.id}?couleur=ffd700`)).body;
    const accent = /--a:(#[0-9a-f]{6})/.exec(light)![1]!;
    expect(accent).not.toBe('#ffd700');
    expect(contrastWithWhite(accent)).toBeGreaterThanOrEqual(4.5);
    expect((await embed(`/embed/collections/${collection.id}?couleur=%23123`)).body).toContain('--a:#112233');

    for (const bad of ['couleur=red;x:1', 'disposition=mosaique', 'max=0', 'max=abc']) {
      const res = await embed(`/embed/collections/${collection.id}?${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.body).toContain('Cette intégration est mal configurée');
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('answers from the cache, with 304 for a known version and compressed bodies', async () => {
    const url = `/embed/collections/${collection.id}?disposition=liste`;
    const firstAnswer = await embed(url);
    const before = t.app.publicCache.stats();
    expect(before.listening).toBe(true);
    const again = await embed(url, { 'accept-encoding': 'gzip, br' });
    expect(t.app.publicCache.stats().hits).toBe(before.hits + 1);
    expect(again.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(again.rawPayload).toString()).toBe(firstAnswer.body);
    expect(again.headers.etag).toBe(firstAnswer.headers.etag);
    const revalidated = await embed(url, { 'if-none-match': String(firstAnswer.headers.etag) });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.body).toBe('');
  });

  it('shows a new version of a sheet, and a newly added sheet, without waiting for the cache to expire', async () => {
    const url = `/embed/collections/${collection.id}`;
    const before = await embed(url);
    expect(before.body).toContain('Résumé de Reconnaître un hameçonnage');
    await republish(owner, first.slug, 'Les trois indices qui trahissent un faux message.');
    await eventually(async () => expect((await embed(url)).body).toContain('Les trois indices'));
    const after = await embed(url, { 'if-none-match': String(before.headers.etag) });
    expect(after.statusCode).toBe(200);

    const third = await publishedSheet(owner, null, 'Sauvegarder ses photos');
    await addItem(owner, collection.id, third.slug, 'Pour la séance 3');
    await eventually(async () => expect((await embed(url)).body).toContain('Sauvegarder ses photos'));
    expect((await embed(url)).body).toContain('Pour la séance 3');
    expect((await embed(url)).body).toContain('3 fiches');
  });

  it('embeds one sheet, and not a private one', async () => {
    const res = await embed(`/embed/fiches/${second.slug}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Créer son adresse e-mail</h1>');
    expect(res.body).toContain('Ouvrir la fiche sur Malle');
    expect(String(res.headers['content-security-policy'])).toContain('frame-ancestors *');
    expect((await embed(`/embed/fiches/${hidden.slug}`, { cookie: owner.cookie })).statusCode).toBe(404);
  });
});

describe('oEmbed', () => {
  const oembed = (url: string, extra = '') => call(null, 'GET', `/api/v1/oembed?url=${encodeURIComponent(url)}${extra}`);

  it('answers with a rich iframe for a public collection and a public sheet', async () => {
    const res = await oembed(`${t.config.publicUrl}/collections/${collection.id}`, '&maxwidth=500&maxheight=600');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<Record<string, unknown>>();
    expect(body).toMatchObject({
      version: '1.0',
      type: 'rich',
      title: 'Premiers pas en sécurité',
      provider_name: 'Malle',
      width: 500,
    });
    expect(body.height).toBeLessThanOrEqual(600);
    expect(body.html).toContain(`src="${t.config.publicUrl}/embed/collections/${collection.id}"`);
    expect(body.html).toContain('title="Premiers pas en sécurité – collection de fiches Malle"');
    expect(body.html).toContain('sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"');
    expect(body.html).toContain('loading="lazy"');

    // CMSs and partner scripts may call it from any origin (without credentials).
    const cors = await t.app.inject({
      method: 'GET',
      url: `/api/v1/oembed?url=${encodeURIComponent(`${t.config.publicUrl}/collections/${collection.id}`)}`,
      headers: { origin: 'https://www.mairie-exemple.fr' },
    });
    expect(cors.headers['access-control-allow-origin']).toBe('*');
    expect(cors.headers['access-control-allow-credentials']).toBeUndefined();

    const sheet = await oembed(`${t.config.publicUrl}/fiches/${second.slug}/v/1`);
    expect(sheet.statusCode).toBe(200);
    expect(sheet.json<{ html: string }>().html).toContain(`/embed/fiches/${second.slug}`);
  });

  it('refuses addresses that are not ours (404), private content (401) and XML (501)', async () => {
    expect((await oembed(`https://example.org/collections/${collection.id}`)).statusCode).toBe(404);
    expect((await oembed('not a url')).statusCode).toBe(404);
    expect((await oembed(`${t.config.publicUrl}/mon-profil`)).statusCode).toBe(404);
    expect((await oembed(`${t.config.publicUrl}/collections/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
    const mine = await newCollection(owner, 'Privée', 'private');
    const privateCollection = await oembed(`${t.config.publicUrl}/collections/${mine.id}`);
    expect(privateCollection.statusCode).toBe(401);
    expect(privateCollection.json()).toMatchObject({ error: { code: 'not_embeddable' } });
    expect((await oembed(`${t.config.publicUrl}/fiches/${hidden.slug}`)).statusCode).toBe(401);
    expect((await oembed(`${t.config.publicUrl}/fiches/${first.slug}`, '&format=xml')).statusCode).toBe(501);
  });
});

describe('embed statistics', () => {
  it('counts displays per day and partner site, without Malle’s own previews, for editors only', async () => {
    const stats = await newCollection(owner, 'Compteur', 'public');
    await addItem(owner, stats.id, first.slug);
    const url = `/embed/collections/${stats.id}`;
    await embed(url, { referer: 'https://www.mairie-exemple.fr/ateliers/numerique' });
    const cached = await embed(url, { referer: 'https://www.mairie-exemple.fr/' });
    await embed(url, { referer: 'https://www.mairie-exemple.fr/', 'if-none-match': String(cached.headers.etag) });
    await embed(url, { referer: 'https://franceservices.example/' });
    await embed(url);
    await embed(url, { referer: `${t.config.publicUrl}/collections/${stats.id}/integrer` });

    const res = await call(owner, 'GET', `/api/v1/collections/${stats.id}/embed-stats`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ total: number; domains: { domain: string; views: number }[]; days: { day: string }[] }>();
    expect(body.total).toBe(5);
    expect(body.domains).toEqual([
      { domain: 'www.mairie-exemple.fr', views: 3 },
      { domain: 'franceservices.example', views: 1 },
      { domain: '', views: 1 },
    ]);
    expect(body.days[0]!.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const stored = await t.db.selectFrom('embed_views').selectAll().where('collection_id', '=', stats.id).execute();
    expect(Object.keys(stored[0]!).sort()).toEqual(['collection_id', 'day', 'domain', 'views']);

    expect((await call(reader, 'GET', `/api/v1/collections/${stats.id}/embed-stats`)).statusCode).toBe(403);
    expect((await call(null, 'GET', `/api/v1/collections/${stats.id}/embed-stats`)).statusCode).toBe(401);
  });
});

describe('embed rate limit', () => {
  it('limits embed pages per client address, apart from the global limit', async () => {
    const limited = await createTestApp({ EMBED_RATE_LIMIT_MAX: '3' });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++)
        statuses.push(
          (await limited.app.inject({ method: 'GET', url: '/embed/collections/00000000-0000-4000-8000-000000000000' }))
            .statusCode,
        );
      expect(statuses).toEqual([404, 404, 404, 429]);
      // Other routes keep their own (global) limit.
      expect((await limited.app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
