/**
 * An uploaded image. The document stores only the file id: the app turns it into a (signed) URL when
 * it shows the sheet, so the rendered HTML is a placeholder carrying `data-file-id`. Alt text is
 * required (the sheet is read with screen readers too).
 */
import { Node } from '@tiptap/core';
import { z } from 'zod';

import { fileIdSchema, optionalText, requiredText } from '../attrs.ts';
import { insertValidBlock } from './insert-block.ts';

export const imageAttrsSchema = z.strictObject({
  fileId: fileIdSchema,
  alt: requiredText(500, 'Texte alternatif'),
  caption: optionalText(500, 'Légende'),
});

export type ImageAttrs = z.infer<typeof imageAttrsSchema>;

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    image: {
      /** Inserts an image block (refused when the attributes are invalid, e.g. empty alt text). */
      insertImage: (attrs: ImageAttrs) => ReturnType;
      /** Changes the alt text or caption of the selected image. */
      updateImage: (attrs: Partial<Omit<ImageAttrs, 'fileId'>>) => ReturnType;
    };
  }
}

export const Image = Node.create({
  name: 'image',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return {
      fileId: { default: null, rendered: false },
      alt: { default: null, rendered: false },
      caption: { default: null, rendered: false },
    };
  },

  parseHTML() {
    return [
      {
        tag: 'figure[data-type="image"]',
        getAttrs: (element) => ({
          fileId: element.getAttribute('data-file-id'),
          alt: element.querySelector('img')?.getAttribute('alt') ?? null,
          caption: element.querySelector('figcaption')?.textContent ?? null,
        }),
      },
    ];
  },

  renderHTML({ node }) {
    const attrs = node.attrs as ImageAttrs;
    const img = ['img', { alt: attrs.alt, 'data-file-id': attrs.fileId, loading: 'lazy' }] as const;
    const figure = { 'data-type': 'image', 'data-file-id': attrs.fileId, class: 'image' };
    return attrs.caption ? ['figure', figure, img, ['figcaption', {}, attrs.caption]] : ['figure', figure, img];
  },

  addCommands() {
    return {
      insertImage:
        (attrs) =>
        ({ commands }) =>
          insertValidBlock(commands, this.name, imageAttrsSchema, attrs),
      updateImage:
        (attrs) =>
        ({ commands }) =>
          commands.updateAttributes(this.name, attrs),
    };
  },
});
