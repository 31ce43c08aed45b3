/**
 * A file attached to the sheet (facilitator guide, slides, handout…). Like images, the document keeps
 * only the file id; the rendered link has no href until the app resolves the file id.
 */
import { Node } from '@tiptap/core';
import { z } from 'zod';

import { fileIdSchema, requiredText } from '../attrs.ts';
import { insertValidBlock } from './insert-block.ts';

export const ATTACHMENT_ROLES = ['guide_animation', 'diaporama', 'support_participant', 'autre'] as const;
export type AttachmentRole = (typeof ATTACHMENT_ROLES)[number];

export const ATTACHMENT_ROLE_LABELS: Record<AttachmentRole, string> = {
  guide_animation: "Guide d'animation",
  diaporama: 'Diaporama',
  support_participant: 'Support participant',
  autre: 'Autre document',
};

export const attachmentAttrsSchema = z.strictObject({
  fileId: fileIdSchema,
  role: z.enum(ATTACHMENT_ROLES, {
    error: 'Rôle de pièce jointe inconnu (guide_animation, diaporama, support_participant ou autre).',
  }),
  label: requiredText(200, 'Nom de la pièce jointe'),
});

export type AttachmentAttrs = z.infer<typeof attachmentAttrsSchema>;

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    attachment: {
      /** Inserts an attachment block (refused when the attributes are invalid). */
      insertAttachment: (attrs: AttachmentAttrs) => ReturnType;
      /** Changes the role or label of the selected attachment. */
      updateAttachment: (attrs: Partial<Omit<AttachmentAttrs, 'fileId'>>) => ReturnType;
    };
  }
}

export const Attachment = Node.create({
  name: 'attachment',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return {
      fileId: { default: null, rendered: false },
      role: { default: 'autre', rendered: false },
      label: { default: null, rendered: false },
    };
  },

  parseHTML() {
    return [
      {
        tag: 'div[data-type="attachment"]',
        getAttrs: (element) => ({
          fileId: element.getAttribute('data-file-id'),
          role: element.getAttribute('data-role'),
          label: element.querySelector('.attachment-link')?.textContent ?? null,
        }),
      },
    ];
  },

  renderHTML({ node }) {
    const attrs = node.attrs as AttachmentAttrs;
    return [
      'div',
      { 'data-type': 'attachment', 'data-file-id': attrs.fileId, 'data-role': attrs.role, class: 'attachment' },
      ['span', { class: 'attachment-role' }, ATTACHMENT_ROLE_LABELS[attrs.role] ?? ATTACHMENT_ROLE_LABELS.autre],
      ['a', { class: 'attachment-link', 'data-file-id': attrs.fileId }, attrs.label],
    ];
  },

  addCommands() {
    return {
      insertAttachment:
        (attrs) =>
        ({ commands }) =>
          insertValidBlock(commands, this.name, attachmentAttrsSchema, attrs),
      updateAttachment:
        (attrs) =>
        ({ commands }) =>
          commands.updateAttributes(this.name, attrs),
    };
  },
});
