/**
 * A link card: a rich preview of a web page (title, description, image). Only http(s) URLs, for the
 * page and for its image.
 */
import { Node } from '@tiptap/core';
import { z } from 'zod';

import { optionalText, requiredText } from '../attrs.ts';
import { displayHost, isHttpUrl } from '../url.ts';
import { insertValidBlock } from './insert-block.ts';

const httpUrl = (label: string) =>
  z.string({ error: `${label} : une adresse est attendue.` }).refine(isHttpUrl, {
    error: `${label} : seules les adresses http:// et https:// sont acceptées.`,
  });

export const linkCardAttrsSchema = z.strictObject({
  url: httpUrl('Adresse du lien'),
  title: requiredText(300, 'Titre du lien'),
  description: optionalText(1000, 'Description du lien'),
  imageUrl: httpUrl("Image de l'aperçu").nullable().optional(),
});

export type LinkCardAttrs = z.infer<typeof linkCardAttrsSchema>;

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    linkCard: {
      /** Inserts a link card (refused when the attributes are invalid, e.g. a non-http(s) URL). */
      insertLinkCard: (attrs: LinkCardAttrs) => ReturnType;
      /** Changes the title, description or image of the selected link card. */
      updateLinkCard: (attrs: Partial<LinkCardAttrs>) => ReturnType;
    };
  }
}

export const LinkCard = Node.create({
  name: 'linkCard',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return {
      url: { default: null, rendered: false },
      title: { default: null, rendered: false },
      description: { default: null, rendered: false },
      imageUrl: { default: null, rendered: false },
    };
  },

  parseHTML() {
    return [
      {
        tag: 'div[data-type="link-card"]',
        getAttrs: (element) => {
          const url = element.querySelector('a')?.getAttribute('href') ?? null;
          if (!isHttpUrl(url)) return false;
          const imageUrl = element.querySelector('img')?.getAttribute('src') ?? null;
          return {
            url,
            title: element.querySelector('.link-card-title')?.textContent ?? null,
            description: element.querySelector('.link-card-description')?.textContent ?? null,
            imageUrl: isHttpUrl(imageUrl) ? imageUrl : null,
          };
        },
      },
    ];
  },

  renderHTML({ node }) {
    const attrs = node.attrs as LinkCardAttrs;
    // Never render an href the schema would refuse, even if handed an unvalidated node.
    const href = isHttpUrl(attrs.url) ? attrs.url : null;
    const image = isHttpUrl(attrs.imageUrl)
      ? [['img', { class: 'link-card-image', src: attrs.imageUrl, alt: '', loading: 'lazy', referrerpolicy: 'no-referrer' }]]
      : [];
    const description = attrs.description ? [['span', { class: 'link-card-description' }, attrs.description]] : [];
    return [
      'div',
      { 'data-type': 'link-card', class: 'link-card' },
      [
        'a',
        { class: 'link-card-link', href, target: '_blank', rel: 'noopener noreferrer nofollow' },
        ...image,
        ['span', { class: 'link-card-title' }, attrs.title],
        ...description,
        ['span', { class: 'link-card-host' }, href ? displayHost(href) : ''],
      ],
    ];
  },

  addCommands() {
    return {
      insertLinkCard:
        (attrs) =>
        ({ commands }) =>
          insertValidBlock(commands, this.name, linkCardAttrsSchema, attrs),
      updateLinkCard:
        (attrs) =>
        ({ commands }) =>
          commands.updateAttributes(this.name, attrs),
    };
  },
});
