/**
 * A video from an allow-listed provider (YouTube in privacy-enhanced mode, PeerTube, Vimeo with
 * "do not track", Dailymotion). The document stores the provider and video id, never an iframe URL:
 * the player URL is rebuilt by `videoEmbedUrl`.
 */
import { Node } from '@tiptap/core';
import { z } from 'zod';

import { optionalText } from '../attrs.ts';
import { insertValidBlock } from './insert-block.ts';
import {
  VIDEO_ID_PATTERNS,
  VIDEO_PROVIDER_LABELS,
  VIDEO_PROVIDERS,
  isPeerTubeHost,
  isValidVideoSource,
  parseVideoUrl,
  videoEmbedUrl,
  videoPageUrl,
} from '../video.ts';

export const videoAttrsSchema = z
  .strictObject({
    provider: z.enum(VIDEO_PROVIDERS, { error: 'Fournisseur de vidéo non autorisé (YouTube, PeerTube, Vimeo ou Dailymotion).' }),
    videoId: z.string({ error: 'Identifiant de vidéo manquant.' }),
    host: z.string({ error: 'Instance PeerTube invalide.' }).nullable().optional(),
    title: optionalText(300, 'Titre de la vidéo'),
  })
  .superRefine((attrs, ctx) => {
    if (!VIDEO_ID_PATTERNS[attrs.provider].test(attrs.videoId)) {
      ctx.addIssue({ code: 'custom', path: ['videoId'], message: 'Identifiant de vidéo invalide pour ce fournisseur.' });
    }
    const host = attrs.host ?? null;
    if (attrs.provider === 'peertube' && !isPeerTubeHost(host)) {
      ctx.addIssue({
        code: 'custom',
        path: ['host'],
        message: "Instance PeerTube invalide : un nom d'hôte est attendu (ex. video.exemple.fr).",
      });
    } else if (attrs.provider !== 'peertube' && host !== null) {
      ctx.addIssue({ code: 'custom', path: ['host'], message: 'Seules les vidéos PeerTube indiquent une instance.' });
    }
  });

export type VideoAttrs = z.infer<typeof videoAttrsSchema>;

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    video: {
      /** Inserts a video block (refused when the attributes are invalid). */
      insertVideo: (attrs: VideoAttrs) => ReturnType;
      /** Inserts a video from a pasted URL; refused (false) when the provider is not allow-listed. */
      insertVideoFromUrl: (url: string, title?: string | null) => ReturnType;
      /** Changes the title of the selected video. */
      updateVideoTitle: (title: string | null) => ReturnType;
    };
  }
}

/** Attributes given to every video player iframe (also enforced by the server sanitizer). */
export const VIDEO_IFRAME_ATTRIBUTES = {
  loading: 'lazy',
  referrerpolicy: 'strict-origin-when-cross-origin',
  allow: 'fullscreen; picture-in-picture; encrypted-media',
  allowfullscreen: 'true',
  sandbox: 'allow-scripts allow-same-origin allow-presentation allow-popups allow-popups-to-escape-sandbox',
} as const;

export const Video = Node.create({
  name: 'video',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return {
      provider: { default: null, rendered: false },
      videoId: { default: null, rendered: false },
      host: { default: null, rendered: false },
      title: { default: null, rendered: false },
    };
  },

  parseHTML() {
    return [
      {
        tag: 'figure[data-type="video"]',
        getAttrs: (element) => {
          const src = element.querySelector('iframe')?.getAttribute('src');
          const parsed = src ? parseVideoUrl(src) : null;
          if (!parsed) return false;
          return { ...parsed, title: element.querySelector('.video-title')?.textContent ?? null };
        },
      },
    ];
  },

  renderHTML({ node }) {
    const attrs = node.attrs as VideoAttrs;
    const source = { provider: attrs.provider, videoId: attrs.videoId, host: attrs.host ?? null };
    const label = VIDEO_PROVIDER_LABELS[attrs.provider] ?? 'vidéo';
    if (!isValidVideoSource(source)) {
      return ['figure', { 'data-type': 'video', class: 'video' }, ['figcaption', {}, 'Vidéo indisponible']];
    }
    const title = attrs.title ? [['span', { class: 'video-title' }, attrs.title], ' — '] : [];
    return [
      'figure',
      { 'data-type': 'video', 'data-provider': source.provider, class: 'video' },
      ['iframe', { src: videoEmbedUrl(source), title: attrs.title || `Vidéo ${label}`, ...VIDEO_IFRAME_ATTRIBUTES }],
      [
        'figcaption',
        {},
        ...title,
        ['a', { href: videoPageUrl(source), target: '_blank', rel: 'noopener noreferrer nofollow' }, `Voir sur ${label}`],
      ],
    ];
  },

  addCommands() {
    return {
      insertVideo:
        (attrs) =>
        ({ commands }) =>
          insertValidBlock(commands, this.name, videoAttrsSchema, attrs),
      insertVideoFromUrl:
        (url, title = null) =>
        ({ commands }) => {
          const parsed = parseVideoUrl(url);
          return parsed !== null && insertValidBlock(commands, this.name, videoAttrsSchema, { ...parsed, title });
        },
      updateVideoTitle:
        (title) =>
        ({ commands }) =>
          commands.updateAttributes(this.name, { title }),
    };
  },
});
