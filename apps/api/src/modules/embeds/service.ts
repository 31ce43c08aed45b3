/**
 * Embeds and oEmbed (ADR 012): what partner sites show of Malle. Everything here is built for an
 * anonymous reader (a "lien secret" key opens what the link opens, nothing more), so that one
 * cached answer serves every visitor; the cache entries are tagged with every document they show.
 */
import type { Collection } from '@malle/schema/collections';
import { iframeSnippet } from '@malle/schema/embeds';
import type { Database } from '../../lib/db.ts';
import { AppError } from '../../lib/errors.ts';
import { prepareJson, prepareResponse, type PreparedResponse } from '../../lib/http-cache.ts';
import type { PublicCache } from '../../lib/public-cache.ts';
import type { CollectionService } from '../collections/service.ts';
import { badgeOf, ratingSummaries } from '../ratings/service.ts';
import type { SheetService } from '../sheets/service.ts';
import { optionsKey, toOptions, type EmbedOptions } from './options.ts';
import { renderCollection, renderSheet, type EmbedCard } from './render.ts';
import * as repo from './repo.ts';

export type EmbedService = ReturnType<typeof createEmbedService>;

export interface EmbedPage {
  page: PreparedResponse;
  /** The collection displayed, for statistics. */
  collectionId: string | null;
}

/** Where a Malle address leads, for oEmbed. */
type Target = { kind: 'collection'; id: string; key?: string } | { kind: 'sheet'; slug: string; key?: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createEmbedService(deps: {
  db: Database;
  cache: PublicCache;
  collections: Pick<CollectionService, 'read'>;
  sheets: Pick<SheetService, 'readable'>;
  publicUrl: string;
}) {
  const { db, cache, publicUrl } = deps;

  const sheetUrl = (slug: string, version: number | null, key?: string) =>
    `${publicUrl}/fiches/${encodeURIComponent(slug)}${version ? `/v/${version}` : ''}${key ? `?cle=${encodeURIComponent(key)}` : ''}`;
  const collectionUrl = (id: string, key?: string) =>
    `${publicUrl}/collections/${id}${key ? `?cle=${encodeURIComponent(key)}` : ''}`;

  /** The collection as anyone holding this URL sees it, with everything its cards show. */
  async function collectionData(id: string, key: string | undefined) {
    const collection: Collection = await deps.collections.read(id, null, key);
    const facts = await repo.versionFacts(
      db,
      collection.items.map((i) => ({ sheetId: i.sheetId, version: i.version })),
    );
    const cards: EmbedCard[] = collection.items.map((item) => {
      const f = facts.get(`${item.sheetId}:${item.version}`);
      return {
        url: sheetUrl(item.slug, item.pinnedVersion),
        title: item.title,
        summary: item.summary,
        note: item.note,
        owner: item.owner.name,
        themes: f?.themes ?? [],
        kinds: f?.kinds ?? [],
        rating: item.rating,
      };
    });
    const tags = [
      `collections:${collection.id}`,
      collection.owner.kind === 'base' ? `bases:${collection.owner.id}` : `profiles:${collection.owner.id}`,
      ...collection.items.map((i) => `sheets:${i.sheetId}`),
    ];
    return { collection, cards, tags };
  }

  async function sheetData(slug: string, key: string | undefined) {
    const { sheet } = await deps.sheets.readable(slug, null, key);
    const facts = (await repo.versionFacts(db, [{ sheetId: sheet.id, version: sheet.latestVersion }])).get(
      `${sheet.id}:${sheet.latestVersion}`,
    );
    const rating = badgeOf((await ratingSummaries(db, [sheet.id])).get(sheet.id));
    const card: EmbedCard = {
      url: sheetUrl(sheet.slug, null, key),
      title: sheet.publishedTitle ?? sheet.draft.title,
      summary: sheet.publishedSummary ?? '',
      note: '',
      owner: sheet.base?.name ?? sheet.ownerName ?? 'Ancien membre',
      themes: facts?.themes ?? [],
      kinds: facts?.kinds ?? [],
      rating,
    };
    const owner = sheet.ownerBaseId ? `bases:${sheet.ownerBaseId}` : `profiles:${sheet.ownerUserId}`;
    return { sheet, card, tags: [`sheets:${sheet.id}`, owner] };
  }

  async function collectionPage(id: string, options: EmbedOptions): Promise<EmbedPage> {
    if (!UUID.test(id)) throw new AppError('not_found');
    const page = await cache.get(`embed:collection:${id}:${optionsKey(options)}`, async () => {
      const { collection, cards, tags } = await collectionData(id, options.key);
      const rendered = renderCollection(
        {
          title: collection.title,
          description: collection.description,
          owner: collection.owner.name,
          url: collectionUrl(collection.id, options.key),
          total: cards.length,
          cards,
        },
        options,
      );
      return {
        value: prepareResponse(rendered.html, 'text/html; charset=utf-8', { 'content-security-policy': rendered.csp }),
        tags,
      };
    });
    return { page, collectionId: id.toLowerCase() };
  }

  async function sheetPage(slug: string, options: EmbedOptions): Promise<EmbedPage> {
    const page = await cache.get(`embed:sheet:${slug}:${optionsKey(options)}`, async () => {
      const { card, tags } = await sheetData(slug, options.key);
      const rendered = renderSheet(card, options);
      return {
        value: prepareResponse(rendered.html, 'text/html; charset=utf-8', { 'content-security-policy': rendered.csp }),
        tags,
      };
    });
    return { page, collectionId: null };
  }

  /** Which of our pages an address names; null when it is not one we can embed. */
  function targetOf(address: string): Target | null {
    let url: URL;
    try {
      url = new URL(address);
    } catch {
      return null;
    }
    const ours = new URL(publicUrl);
    if (url.protocol !== ours.protocol || url.host !== ours.host) return null;
    const key = url.searchParams.get('cle') || undefined;
    const path = url.pathname.replace(/\/+$/, '');
    let match = /^\/(?:embed\/)?collections\/([0-9a-fA-F-]{36})$/.exec(path);
    if (match && UUID.test(match[1]!)) return { kind: 'collection', id: match[1]!.toLowerCase(), key };
    match = /^\/(?:embed\/)?fiches\/([a-z0-9-]{1,100})(?:\/v\/\d{1,6})?$/.exec(path);
    if (match && match[1] !== 'nouvelle') return { kind: 'sheet', slug: match[1]!, key };
    return null;
  }

  /** An embed address for a target, with these options (defaults left out). */
  function embedSrc(target: Target): string {
    const path =
      target.kind === 'collection' ? `/embed/collections/${target.id}` : `/embed/fiches/${encodeURIComponent(target.slug)}`;
    return `${publicUrl}${path}${target.key ? `?cle=${encodeURIComponent(target.key)}` : ''}`;
  }

  /**
   * An oEmbed answer (https://oembed.com, type "rich"): an iframe, since consumers such as
   * WordPress keep iframes and drop scripts. Addresses that are not ours: 404; content that exists
   * but is not public: 401, as the specification asks.
   */
  async function oembed(address: string, size: { maxwidth?: number | undefined; maxheight?: number | undefined }) {
    const target = targetOf(address);
    if (!target)
      throw new AppError('not_found', {
        message: 'Cette adresse n’est pas une collection ou une fiche de Malle que l’on peut intégrer.',
      });
    const width = Math.min(size.maxwidth ?? 640, 960);
    const cacheKey = `oembed:${target.kind}:${target.kind === 'collection' ? target.id : target.slug}:${target.key ?? ''}:${width}:${size.maxheight ?? ''}`;
    return cache.get(cacheKey, async () => {
      try {
        if (target.kind === 'collection') {
          const { collection, cards, tags } = await collectionData(target.id, target.key);
          const shown = Math.min(cards.length, 50);
          // Header and footer, then about 150 px per card in the default list layout.
          const height = clampHeight(180 + Math.max(1, shown) * 150, size.maxheight);
          const title = `${collection.title} – collection de fiches Malle`;
          return {
            value: prepareJson(
              answer({
                title: collection.title,
                authorName: collection.owner.name,
                authorUrl:
                  collection.owner.kind === 'base' && collection.owner.slug
                    ? `${publicUrl}/bases/${collection.owner.slug}`
                    : undefined,
                html: iframeSnippet(embedSrc(target), title, width, height),
                width,
                height,
              }),
            ),
            tags,
          };
        }
        const { card, sheet, tags } = await sheetData(target.slug, target.key);
        const height = clampHeight(card.summary ? 300 : 220, size.maxheight);
        return {
          value: prepareJson(
            answer({
              title: card.title,
              authorName: card.owner,
              authorUrl: undefined,
              html: iframeSnippet(embedSrc({ ...target, slug: sheet.slug }), `${card.title} – fiche Malle`, width, height),
              width,
              height,
            }),
          ),
          tags,
        };
      } catch (error) {
        if (error instanceof AppError && error.code === 'not_found' && (await existsButHidden(target)))
          throw new AppError('not_embeddable');
        throw error;
      }
    });
  }

  /** Distinguishes "not public" (401) from "does not exist" (404) for oEmbed only. */
  async function existsButHidden(target: Target): Promise<boolean> {
    const found =
      target.kind === 'collection'
        ? await db.selectFrom('collections').select('id').where('id', '=', target.id).executeTakeFirst()
        : await db
            .selectFrom('sheets')
            .select('id')
            .where('slug', '=', target.slug)
            .where('deleted_at', 'is', null)
            .executeTakeFirst();
    return Boolean(found);
  }

  function answer(a: {
    title: string;
    authorName: string;
    authorUrl: string | undefined;
    html: string;
    width: number;
    height: number;
  }) {
    return {
      version: '1.0',
      type: 'rich',
      title: a.title,
      author_name: a.authorName,
      ...(a.authorUrl ? { author_url: a.authorUrl } : {}),
      provider_name: 'Malle',
      provider_url: publicUrl,
      cache_age: 3600,
      html: a.html,
      width: a.width,
      height: a.height,
    };
  }

  return {
    collectionPage,
    sheetPage,
    oembed,
    targetOf,
    options: toOptions,
  };
}

function clampHeight(height: number, max: number | undefined): number {
  return Math.max(150, Math.min(height, max ?? 2000));
}
